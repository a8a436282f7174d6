from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .common import SIGNATURE, SaleProposalCommon


@tagged("post_install", "-at_install")
class TestSaleProposalQuotation(SaleProposalCommon):
    def test_reference_comes_from_a_sequence_of_the_proposal_company(self):
        first = self._create_proposal()
        second = self._create_proposal()
        self.assertTrue(first.name.startswith("PROP/"))
        self.assertNotEqual(first.name, second.name)
        other_company = self.env["res.company"].create({"name": "Proposal Sister Co"})
        self.env.user.company_ids |= other_company
        partner = self.env["res.partner"].create(
            {"name": "Sister Buyer", "company_id": other_company.id}
        )
        sister = (
            self.env["sale.proposal"]
            .with_company(other_company)
            .create({"title": "Sister", "partner_id": partner.id, "company_id": other_company.id})
        )
        sequences = self.env["ir.sequence"].search([("code", "=", "sale.proposal")])
        self.assertIn(other_company, sequences.company_id)
        self.assertTrue(sister.name.endswith("0001"))

    def test_quotation_of_another_customer_is_refused(self):
        foreign_order = self._create_order(self.other_customer)
        with self.assertRaises(ValidationError):
            self._create_proposal(order_id=foreign_order.id)

    def test_quotation_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Proposal Other Co"})
        self.env.user.company_ids |= other_company
        foreign_order = (
            self.env["sale.order"]
            .with_company(other_company)
            .create({"partner_id": self.customer.id, "company_id": other_company.id})
        )
        with self.assertRaises(UserError):
            self._create_proposal(order_id=foreign_order.id)

    def test_contact_of_the_customer_receives_the_proposal(self):
        proposal = self.env["sale.proposal"].create(
            {"title": "No contact given", "partner_id": self.customer.id}
        )
        self.assertEqual(proposal.contact_id, self.customer)
        form = Form(proposal)
        form.partner_id = self.other_customer
        self.assertEqual(form.contact_id, self.other_customer)

    def test_create_quotation_links_a_new_order_of_the_customer(self):
        proposal = self._create_proposal(order_id=False)
        proposal.action_create_quotation()
        self.assertEqual(proposal.order_id.partner_id, self.customer)
        self.assertEqual(proposal.order_id.origin, proposal.name)
        with self.assertRaises(UserError):
            proposal.action_create_quotation()

    def test_amounts_follow_the_quotation_live(self):
        proposal = self._create_proposal()
        self.assertEqual(proposal.amount_total, self.order.amount_total)
        self.order.order_line.product_uom_qty = 5
        self.assertEqual(proposal.amount_total, self.order.amount_total)

    def test_sections_come_from_the_template_in_order(self):
        template = self.env["sale.proposal.template"].create(
            {
                "name": "RFP",
                "section_ids": [
                    Command.create({"sequence": 2, "name": "Pricing", "kind": "pricing"}),
                    Command.create(
                        {"sequence": 1, "name": "Cover", "kind": "cover", "body": "<p>Hi</p>"}
                    ),
                ],
            }
        )
        proposal = self._create_proposal(template_id=template.id)
        self.assertEqual(proposal.section_ids.mapped("name"), ["Cover", "Pricing"])
        proposal.section_ids[0].body = "<p>Changed</p>"
        proposal.action_apply_template()
        self.assertEqual(len(proposal.section_ids), 2)
        self.assertIn("Hi", str(proposal.section_ids.sorted("sequence")[0].body))


@tagged("post_install", "-at_install")
class TestSaleProposalApproval(SaleProposalCommon):
    def setUp(self):
        super().setUp()
        self.big_order = self._create_order(self.customer, qty=30)
        self.proposal = self._create_proposal(order_id=self.big_order.id)

    def test_rule_by_amount_chooses_its_approvers(self):
        self.assertTrue(self.proposal.needs_approval)
        self.proposal.action_submit()
        self.assertEqual(self.proposal.state, "to_approve")
        self.assertEqual(self.proposal.approver_ids, self.approver)
        self.assertEqual(self.proposal.activity_ids.user_id, self.approver)

    def test_rule_by_discount_applies_to_a_discounted_line(self):
        self.env["sale.proposal.approval.rule"].create(
            {
                "name": "Discounts",
                "max_discount": 10,
                "approver_ids": [Command.set(self.manager.ids)],
            }
        )
        small = self._create_proposal(order_id=self._create_order(self.customer, discount=5).id)
        self.assertFalse(small.needs_approval)
        discounted = self._create_proposal(
            order_id=self._create_order(self.customer, discount=20).id
        )
        self.assertEqual(discounted._get_matching_approval_rules().approver_ids, self.manager)

    def test_sending_without_approval_is_refused(self):
        with self.assertRaisesRegex(UserError, "needs approval"):
            self.proposal.action_send()
        self.proposal.action_submit()
        with self.assertRaisesRegex(UserError, "needs approval"):
            self.proposal.action_send()
        self.assertFalse(self.proposal.revision_ids)

    def test_only_an_approver_or_manager_approves(self):
        self.proposal.action_submit()
        with self.assertRaises(AccessError):
            self.proposal.with_user(self.rep).action_approve()
        self.proposal.with_user(self.approver).action_approve()
        self.assertEqual(self.proposal.state, "approved")
        self.assertEqual(self.proposal.approved_by_id, self.approver)
        self.assertFalse(self.proposal.activity_ids)

    def test_approved_proposal_can_be_sent(self):
        self.proposal.action_submit()
        self.proposal.with_user(self.approver).action_approve()
        self.proposal.with_user(self.rep).action_send()
        self.assertEqual(self.proposal.state, "sent")

    def test_a_customer_whose_language_is_not_installed_gets_the_proposal_in_english(self):
        recipient = self.proposal._get_recipient()
        self.assertNotIn("de_DE", dict(self.env["res.lang"].get_installed()))
        self.env.cr.execute(
            SQL("UPDATE res_partner SET lang = %s WHERE id = %s", "de_DE", recipient.id)
        )
        recipient.invalidate_recordset(["lang"])
        self.proposal.action_submit()
        self.proposal.with_user(self.approver).action_approve()
        self.proposal.with_user(self.rep).action_send()
        sent = self.proposal.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn("is ready for you", str(sent[:1].body))

    def test_edit_after_approval_sends_it_back_to_review(self):
        self.proposal.action_submit()
        self.proposal.with_user(self.approver).action_approve()
        self.proposal.title = "Desks and chairs"
        self.assertEqual(self.proposal.state, "to_approve")
        self.assertFalse(self.proposal.approved_by_id)

    def test_quotation_change_after_approval_needs_a_new_approval(self):
        self.proposal.action_submit()
        self.proposal.with_user(self.approver).action_approve()
        self.big_order.order_line.product_uom_qty = 40
        self.assertTrue(self.proposal.approval_outdated)
        with self.assertRaisesRegex(UserError, "needs approval"):
            self.proposal.action_send()
        self.proposal.action_submit()
        self.assertEqual(self.proposal.state, "to_approve")

    def test_section_edit_after_approval_sends_it_back_to_review(self):
        self.proposal.action_submit()
        self.proposal.with_user(self.manager).action_approve()
        self.proposal.section_ids = [Command.create({"name": "Terms", "kind": "terms"})]
        self.assertEqual(self.proposal.state, "to_approve")

    def test_accepting_an_unapproved_proposal_is_refused(self):
        # approved, sent, then the rule's approval was revoked by a direct state change
        self.proposal.action_submit()
        self.proposal.with_user(self.approver).action_approve()
        self.proposal.action_send()
        self.proposal.approved_by_id = False
        with self.assertRaisesRegex(UserError, "not been approved"):
            self.proposal._sign("Ann", SIGNATURE, "127.0.0.1")

    def test_without_matching_rule_submission_approves_at_once(self):
        small = self._create_proposal()
        self.assertFalse(small.needs_approval)
        small.action_submit()
        self.assertEqual(small.state, "approved")


@tagged("post_install", "-at_install")
class TestSaleProposalSending(SaleProposalCommon):
    def test_sending_creates_numbered_read_only_revisions(self):
        proposal = self._create_proposal()
        proposal.with_user(self.rep).action_send()
        self.assertEqual(proposal.state, "sent")
        self.assertEqual(proposal.revision_ids.number, 1)
        self.assertTrue(proposal.access_token)
        message = proposal.message_ids.filtered(lambda m: self.customer_contact in m.partner_ids)
        self.assertTrue(message, "the email goes to the contact")
        self.assertIn(proposal.get_portal_url(), str(message[0].body))

        proposal.section_ids = [Command.create({"name": "Terms", "kind": "terms"})]
        self.assertEqual(proposal.state, "draft", "a change must be sent again")
        proposal.action_send()
        self.assertEqual(proposal.revision_ids.sorted("number").mapped("number"), [1, 2])
        old = proposal.revision_ids.filtered(lambda r: r.number == 1)
        with self.assertRaises(AccessError):
            old.with_user(self.rep).write({"content": "<p>rewritten</p>"})

    def test_revision_diff_shows_removed_and_added_lines(self):
        proposal = self._create_proposal()
        proposal.section_ids = [
            Command.create(
                {"name": "Delivery", "kind": "text", "body": "<p>Delivery in 10 days.</p>"}
            )
        ]
        proposal.action_send()
        proposal.section_ids.body = "<p>Delivery in 5 days.</p>"
        proposal.action_send()
        first, second = proposal.revision_ids.sorted("number")
        diff = str(first._diff_with(second))
        self.assertIn("<del>- Delivery in 10 days.</del>", diff)
        self.assertIn("<ins>+ Delivery in 5 days.</ins>", diff)
        self.assertNotIn("Desks for the new office", diff, "unchanged lines are left out")
        self.assertEqual(str(second.diff_previous), diff)
        compare = (
            self.env["sale.proposal.revision.compare"]
            .with_context(default_proposal_id=proposal.id)
            .create({})
        )
        self.assertEqual(compare.old_revision_id, first)
        self.assertEqual(str(compare.diff), diff)

    def test_sending_without_recipient_email_is_refused(self):
        self.customer_contact.email = False
        proposal = self._create_proposal()
        with self.assertRaisesRegex(UserError, "no email address"):
            proposal.action_send()

    def test_sending_after_the_deadline_needs_a_manager(self):
        proposal = self._create_proposal(
            date_submission_deadline=fields.Datetime.now() - timedelta(hours=1)
        )
        with self.assertRaisesRegex(UserError, "deadline"):
            proposal.with_user(self.rep).action_send()
        proposal.with_user(self.manager).action_send()
        self.assertEqual(proposal.state, "sent")

    def test_no_bid_proposal_cannot_be_sent(self):
        criterion = self.env["sale.proposal.bid.criterion"].create({"name": "Fit", "weight": 1})
        proposal = self._create_proposal()
        proposal.bid_score_ids.filtered(lambda s: s.criterion_id == criterion).score = 1
        proposal.action_decide_no_bid()
        with self.assertRaises(UserError):
            proposal.action_send()

    def test_script_in_a_section_is_sanitized(self):
        proposal = self._create_proposal()
        proposal.section_ids = [
            Command.create({"name": "Intro", "body": "<p>Hello</p><script>alert('x')</script>"})
        ]
        self.assertNotIn("<script", str(proposal.section_ids.body))
        self.assertIn("Hello", str(proposal.section_ids.body))

    def test_pdf_shows_the_quotation_lines_live(self):
        proposal = self._create_proposal()
        proposal.section_ids = [Command.create({"name": "Pricing", "kind": "pricing"})]
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_admin_proposals.action_report_sale_proposal", proposal.ids)[0]
            .decode()
        )
        self.assertIn("Standing desk", html)
        self.order.order_line.name = "Standing desk, oak top"
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("sales_admin_proposals.action_report_sale_proposal", proposal.ids)[0]
            .decode()
        )
        self.assertIn("Standing desk, oak top", html)

    def test_pdf_renders_with_wkhtmltopdf(self):
        proposal = self._create_proposal()
        pdf, report_format = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("sales_admin_proposals.action_report_sale_proposal", proposal.ids)
        )
        self.assertEqual(report_format, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))


@tagged("post_install", "-at_install")
class TestSaleProposalAcceptance(SaleProposalCommon):
    def setUp(self):
        super().setUp()
        self.proposal = self._create_proposal()
        self.proposal.action_send()

    def test_accepting_records_the_signature_and_confirms_the_quotation(self):
        self.proposal._sign("Ann Acme", SIGNATURE, "10.0.0.7")
        self.assertEqual(self.proposal.state, "accepted")
        self.assertEqual(self.proposal.signed_by, "Ann Acme")
        self.assertEqual(self.proposal.signed_ip, "10.0.0.7")
        self.assertTrue(self.proposal.date_signed)
        self.assertTrue(self.proposal.signature)
        self.assertEqual(self.proposal.won_rate, 100)
        self.assertEqual(self.order.state, "sale")

    def test_accepting_twice_is_refused(self):
        self.proposal._sign("Ann Acme", SIGNATURE, "10.0.0.7")
        with self.assertRaisesRegex(UserError, "already been accepted"):
            self.proposal._sign("Ann Acme", SIGNATURE, "10.0.0.7")

    def test_accepting_a_cancelled_proposal_is_refused(self):
        self.proposal.action_cancel()
        with self.assertRaisesRegex(UserError, "withdrawn"):
            self.proposal._sign("Ann Acme", SIGNATURE, "10.0.0.7")

    def test_accepting_needs_a_name_and_a_signature(self):
        with self.assertRaises(UserError):
            self.proposal._sign(" ", SIGNATURE, "10.0.0.7")
        with self.assertRaises(UserError):
            self.proposal._sign("Ann", False, "10.0.0.7")
        self.assertEqual(self.proposal.state, "sent")

    def test_quotation_awaiting_prepayment_is_not_confirmed(self):
        self.order.write({"require_payment": True, "prepayment_percent": 1.0})
        self.proposal._sign("Ann Acme", SIGNATURE, "10.0.0.7")
        self.assertEqual(self.proposal.state, "accepted")
        self.assertIn(self.order.state, ("draft", "sent"))
        self.assertEqual(self.order.signed_by, "Ann Acme")

    def test_declining_needs_a_reason(self):
        with self.assertRaises(UserError):
            self.proposal._action_portal_decline("  ")
        self.proposal._action_portal_decline("Too expensive")
        self.assertEqual(self.proposal.state, "declined")
        self.assertEqual(self.proposal.decline_reason, "Too expensive")
        self.assertEqual(
            self.proposal.lost_reason_id,
            self.env.ref("sales_admin_proposals.proposal_reason_declined_online"),
        )


@tagged("post_install", "-at_install")
class TestSaleProposalExpiry(SaleProposalCommon):
    def test_reminder_before_the_validity_date_then_expiry(self):
        proposal = self._create_proposal(
            validity_date=fields.Date.add(fields.Date.today(), days=10)
        )
        proposal.action_send()
        model = self.env["sale.proposal"]
        with freeze_time(fields.Date.add(fields.Date.today(), days=8)):
            self.assertIn(proposal, model.search(model._domain_expiring_soon()))
            self.assertNotIn(proposal, model.search(model._domain_overdue()))
            proposal._send_expiry_reminders()
        self.assertTrue(proposal.expiry_reminder_sent)
        reminder = proposal.message_ids.filtered(lambda m: "expires" in (m.subject or ""))
        self.assertEqual(reminder.partner_ids, self.customer_contact)
        with freeze_time(fields.Date.add(fields.Date.today(), days=11)):
            self.assertNotIn(proposal, model.search(model._domain_expiring_soon()))
            overdue = model.search(model._domain_overdue())
            self.assertIn(proposal, overdue)
            overdue._expire_overdue()
        self.assertEqual(proposal.state, "expired")
        self.assertEqual(proposal.won_rate, 0)

    def test_accepting_after_the_validity_date_is_refused(self):
        proposal = self._create_proposal(validity_date=fields.Date.add(fields.Date.today(), days=2))
        proposal.action_send()
        with (
            freeze_time(fields.Date.add(fields.Date.today(), days=3)),
            self.assertRaisesRegex(UserError, "expired"),
        ):
            proposal._sign("Ann", SIGNATURE, "10.0.0.7")
        self.assertEqual(proposal.state, "sent")
        self.assertEqual(self.order.state, "draft")

    def test_sending_after_the_validity_date_is_refused(self):
        proposal = self._create_proposal(
            validity_date=fields.Date.add(fields.Date.today(), days=-1)
        )
        with self.assertRaisesRegex(UserError, "validity date"):
            proposal.action_send()


@tagged("post_install", "-at_install")
class TestSaleProposalBidAndDeadlines(SaleProposalCommon):
    def test_weighted_bid_score_and_recorded_decision(self):
        fit = self.env["sale.proposal.bid.criterion"].create({"name": "Fit", "weight": 3})
        effort = self.env["sale.proposal.bid.criterion"].create({"name": "Effort", "weight": 1})
        proposal = self._create_proposal()
        self.assertEqual(proposal.bid_score_ids.criterion_id, fit | effort)
        with self.assertRaisesRegex(UserError, "Score"):
            proposal.action_decide_bid()
        scores = {score.criterion_id: score for score in proposal.bid_score_ids}
        scores[fit].score = 5
        scores[effort].score = 1
        # (3 * 5 + 1 * 1) / (4 * 5)
        self.assertAlmostEqual(proposal.bid_score, 80.0)
        proposal.with_user(self.rep).action_decide_bid()
        self.assertEqual(proposal.bid_decision, "bid")
        self.assertEqual(proposal.bid_decided_by_id, self.rep)
        self.assertTrue(proposal.date_bid_decision)

    def test_deadlines_create_activities_ahead_for_owner_and_admin(self):
        deadline = fields.Datetime.now() + timedelta(days=10)
        proposal = self._create_proposal(
            date_submission_deadline=deadline,
            date_qa_cutoff=fields.Date.add(fields.Date.today(), days=6),
            sales_admin_id=self.sales_admin.id,
        )
        activities = proposal.activity_ids
        self.assertEqual(len(activities), 4)
        self.assertEqual(activities.user_id, self.rep | self.sales_admin)
        self.assertIn(deadline.date() - timedelta(days=3), activities.mapped("date_deadline"))
        proposal.date_submission_deadline = False
        self.assertEqual(len(proposal.activity_ids), 2, "activities follow the deadlines")


@tagged("post_install", "-at_install")
class TestSaleProposalSecurity(SaleProposalCommon):
    def test_reps_see_their_own_and_their_team_proposals_only(self):
        mine = self._create_proposal()
        teammates = self._create_proposal(user_id=self.teammate.id)
        others = self._create_proposal(user_id=self.other_rep.id, team_id=self.other_team.id)
        visible = (
            self.env["sale.proposal"]
            .with_user(self.rep)
            .search([("id", "in", (mine | teammates | others).ids)])
        )
        self.assertEqual(visible, mine | teammates)
        with self.assertRaises(AccessError):
            others.with_user(self.rep).read(["title"])

    def test_sales_admins_see_all_proposals_of_their_company(self):
        others = self._create_proposal(user_id=self.other_rep.id, team_id=self.other_team.id)
        self.assertTrue(others.with_user(self.sales_admin).title)
        other_company = self.env["res.company"].create({"name": "Proposal Hidden Co"})
        partner = self.env["res.partner"].create({"name": "Hidden", "company_id": other_company.id})
        hidden = self.env["sale.proposal"].create(
            {"title": "Hidden", "partner_id": partner.id, "company_id": other_company.id}
        )
        self.assertFalse(
            self.env["sale.proposal"].with_user(self.sales_admin).search([("id", "=", hidden.id)])
        )

    def test_portal_users_read_only_sent_proposals_of_their_entity(self):
        portal_user = new_test_user(
            self.env,
            "prop_portal_acme",
            groups="base.group_portal",
            partner_id=self.customer_contact.id,
        )
        draft = self._create_proposal()
        sent = self._create_proposal(order_id=self._create_order(self.customer).id)
        sent.action_send()
        foreign = self._create_proposal(
            partner_id=self.other_customer.id,
            contact_id=self.other_customer.id,
            order_id=self._create_order(self.other_customer).id,
        )
        foreign.action_send()
        visible = self.env["sale.proposal"].with_user(portal_user).search([])
        self.assertEqual(visible, sent)
        self.assertNotIn(draft, visible)
        with self.assertRaises(AccessError):
            sent.with_user(portal_user).write({"title": "Cheaper"})

    def test_a_rep_works_in_the_proposal_and_question_forms(self):
        proposal = self._create_proposal(line_ids=[Command.create({"question": "Delivery time?"})])
        with Form(proposal.with_user(self.rep)) as form:
            form.title = "Desks, chairs and lamps"
        self.assertEqual(proposal.title, "Desks, chairs and lamps")
        with Form(proposal.line_ids.with_user(self.rep)) as line_form:
            line_form.answer = "Ten days."
        self.assertEqual(proposal.line_ids.status, "draft")

    def test_reps_cannot_change_the_answer_library(self):
        answer = self.env["sale.proposal.answer"].create(
            {"name": "Warranty", "body": "<p>2 years</p>"}
        )
        self.assertTrue(answer.with_user(self.rep).name)
        with self.assertRaises(AccessError):
            answer.with_user(self.rep).write({"name": "Lifetime"})

    def test_reps_cannot_configure_approval_rules(self):
        with self.assertRaises(AccessError):
            self.env["sale.proposal.approval.rule"].with_user(self.rep).create(
                {"name": "Mine", "min_amount": 1, "approver_ids": [Command.set(self.rep.ids)]}
            )
