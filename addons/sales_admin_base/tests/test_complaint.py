from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintRecord(ComplaintCommon):
    def test_reference_comes_from_a_sequence_per_company(self):
        first, second = self._complaint(), self._complaint()
        self.assertTrue(first.name.startswith("CMP/"))
        self.assertNotEqual(first.name, second.name)
        other_company = self.env["res.company"].create({"name": "Other Company"})
        foreign = self.env["sale.complaint"].create(
            {"subject": "Elsewhere", "email_from": "x@example.com", "company_id": other_company.id}
        )
        companies = self.company | other_company
        sequences = self.env["ir.sequence"].search(
            [("code", "=", "sale.complaint"), ("company_id", "in", companies.ids)]
        )
        self.assertEqual(len(sequences), 2)
        self.assertEqual(sequences.company_id, companies)
        self.assertTrue(foreign.name.endswith("00001"))

    def test_defaults_follow_the_customer(self):
        complaint = self._complaint(partner_id=self.contact.id)
        self.assertEqual(complaint.commercial_partner_id, self.customer)
        self.assertEqual(complaint.email_from, self.contact.email)
        self.assertEqual(
            complaint.sales_admin_id, self.admin, "customer's sales admin is responsible"
        )
        self.assertEqual(complaint.user_id, self.rep)
        self.assertEqual(complaint.stage_id, self._stage("sale_complaint_stage_new"))
        self.assertIn(self.contact, complaint.message_partner_ids)

    def test_category_responsible_applies_when_customer_has_none(self):
        self.category.user_id = self.manager
        complaint = self._complaint(partner_id=self.other_customer.id)
        self.assertEqual(complaint.sales_admin_id, self.manager)

    def test_complaint_without_customer_and_email_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "customer or at least an email"):
            self.env["sale.complaint"].create({"subject": "Nobody"})

    def test_documents_of_another_customer_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "do not belong to"):
            self._complaint(invoice_ids=[self.other_invoice.id])

    def test_description_html_is_sanitized(self):
        complaint = self._complaint(description="<p>Broken</p><script>alert(1)</script>")
        self.assertNotIn("<script>", str(complaint.description))

    @mute_logger("odoo.sql_db")
    def test_sla_target_zero_or_negative_is_refused(self):
        for hours in (0, -2):
            with self.assertRaises(IntegrityError):
                self.env["sale.complaint.sla"].create(
                    {"name": "Bad", "calendar_id": self.calendar.id, "response_hours": hours}
                )

    @mute_logger("odoo.sql_db")
    def test_a_root_cause_name_is_unique_among_the_shared_ones_too(self):
        RootCause = self.env["sale.complaint.root.cause"]
        other_company = self.env["res.company"].create({"name": "Other root causes"})
        RootCause.create({"name": "Torn packaging"})
        for company in (self.company, other_company):
            # each company may have its own, beside the shared one
            RootCause.create({"name": "Torn packaging", "company_id": company.id})
        for company_id in (False, self.company.id):
            with (
                self.subTest(company_id=company_id),
                self.assertRaises(IntegrityError) as refused,
                self.env.cr.savepoint(),
            ):
                RootCause.create({"name": "Torn packaging", "company_id": company_id})
            # what an RPC caller or the web client is told
            self.assertEqual(
                RootCause._sql_error_to_message(refused.exception),
                "A root cause with this name already exists.",
            )


@tagged("post_install", "-at_install")
class TestComplaintClosing(ComplaintCommon):
    def test_closing_without_resolution_is_refused(self):
        complaint = self._complaint(no_financial_remedy=True)
        with self.assertRaisesRegex(UserError, "without a resolution"):
            complaint.action_close()
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.date_closed)

    def test_closing_without_remedy_decision_is_refused(self):
        complaint = self._complaint(resolution="<p>We apologised.</p>")
        with self.assertRaisesRegex(UserError, "post a remedy"):
            complaint.action_close()
        self.assertFalse(complaint.is_closed)

    def test_closing_sets_the_date_and_reopening_counts(self):
        complaint = self._complaint(resolution="<p>Sorry.</p>", no_financial_remedy=True)
        complaint.action_close()
        self.assertTrue(complaint.is_closed)
        self.assertTrue(complaint.date_closed)
        self.assertEqual(complaint.remedy_type, "none")
        complaint.action_reopen()
        self.assertFalse(complaint.is_closed)
        self.assertFalse(complaint.date_closed)
        self.assertEqual(complaint.reopen_count, 1)

    def test_stage_cannot_be_closed_and_waiting(self):
        with self.assertRaises(ValidationError):
            self.env["sale.complaint.stage"].create(
                {"name": "Odd", "is_closed": True, "is_waiting_customer": True}
            )


@tagged("post_install", "-at_install")
class TestComplaintRating(ComplaintCommon):
    def _closed_complaint(self):
        complaint = self._complaint(
            partner_id=self.contact.id, resolution="<p>Refunded.</p>", no_financial_remedy=True
        )
        complaint.action_close()
        return complaint

    def test_an_open_complaint_cannot_be_rated(self):
        complaint = self._complaint(partner_id=self.contact.id)
        self.assertFalse(complaint._can_be_rated_by(self.contact))
        self.assertFalse(complaint._rate_by_customer(self.contact, 5))
        self.assertFalse(complaint.rating_ids.filtered("consumed"))

    def test_the_customer_rates_a_closed_complaint_only_once(self):
        complaint = self._closed_complaint()
        self.assertTrue(complaint._can_be_rated_by(self.contact))
        self.assertTrue(complaint._rate_by_customer(self.contact, 5, "Quick and fair"))
        self.assertFalse(complaint._can_be_rated_by(self.contact))
        self.assertFalse(complaint._rate_by_customer(self.contact, 4))
        self.assertEqual(complaint.rating_ids.filtered("consumed").mapped("rating"), [5.0])

    def test_a_low_rating_reopens_a_complaint_only_once(self):
        complaint = self._closed_complaint()
        admin = complaint.sales_admin_id
        self.assertTrue(admin)
        # the link of the rating e-mail, which Odoo lets the customer use again
        token = complaint._rating_get_access_token(self.contact)
        complaint.rating_apply(1, token=token, feedback="Still broken")
        self.assertFalse(complaint.is_closed)
        self.assertEqual(complaint.reopen_count, 1)
        self.assertTrue(complaint.is_reopened_by_rating)
        complaint.action_close()
        complaint.rating_apply(2, token=token, feedback="Worse")
        self.assertTrue(complaint.is_closed, "a second low rating does not reopen it")
        self.assertEqual(complaint.reopen_count, 1)
        notice = complaint.message_ids.filtered(lambda m: "already reopened once" in str(m.body))
        self.assertEqual(len(notice), 1)
        self.assertIn(admin.partner_id, notice.partner_ids)
        todo = complaint.activity_ids.filtered(lambda a: "Low rating again" in a.summary)
        self.assertEqual(todo.user_id, admin)
        colleague = self.env["res.partner"].create(
            {"name": "Second Contact", "parent_id": self.customer.id, "email": "c2@example.com"}
        )
        self.assertTrue(complaint._rate_by_customer(colleague, 1))
        self.assertTrue(complaint.is_closed, "nor does another contact's")

    def test_a_good_rating_after_a_reopening_changes_nothing(self):
        complaint = self._closed_complaint()
        complaint._rate_by_customer(self.contact, 2)
        complaint.action_close()
        activities = complaint.activity_ids
        colleague = self.env["res.partner"].create(
            {"name": "Happy Contact", "parent_id": self.customer.id, "email": "c3@example.com"}
        )
        complaint._rate_by_customer(colleague, 5)
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.activity_ids, activities)

    def test_a_rating_out_of_range_is_ignored(self):
        complaint = self._closed_complaint()
        self.assertFalse(complaint._rate_by_customer(self.contact, 0))
        self.assertFalse(complaint._rate_by_customer(self.contact, 6))
        self.assertTrue(complaint._can_be_rated_by(self.contact))


@tagged("post_install", "-at_install")
class TestComplaintAccess(ComplaintCommon):
    def test_sales_rep_creates_and_reads_complaints_of_own_customers(self):
        complaint = (
            self.env["sale.complaint"]
            .with_user(self.rep)
            .create(
                {"subject": "Rep logged", "partner_id": self.customer.id, "channel": "sales_rep"}
            )
        )
        self.assertEqual(complaint.user_id, self.rep)
        foreign = self._complaint(partner_id=self.other_customer.id)
        visible = self.env["sale.complaint"].with_user(self.rep).search([])
        self.assertIn(complaint, visible)
        self.assertNotIn(foreign, visible)
        with self.assertRaises(AccessError):
            foreign.with_user(self.rep).read(["subject"])

    def test_sales_rep_can_comment_on_own_complaints(self):
        complaint = self._complaint()
        complaint.with_user(self.rep).message_post(
            body="Customer called again", message_type="comment"
        )
        self.assertIn("Customer called again", str(complaint.message_ids[0].body))

    def test_sales_admin_manages_all_but_cannot_delete(self):
        complaint = self._complaint(partner_id=self.other_customer.id)
        complaint.with_user(self.admin).write({"priority": "2"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.admin).unlink()

    def test_manager_deletes_only_complaints_without_remedy(self):
        complaint = self._complaint()
        complaint.with_user(self.manager).unlink()
        self.assertFalse(complaint.exists())
        with_remedy = self._complaint()
        self.env["sale.complaint.remedy"].create(
            {
                "complaint_id": with_remedy.id,
                "remedy_type": "credit_note",
                "credit_type": "compensation",
                "invoice_id": self.invoice.id,
            }
        ).action_apply()
        with self.assertRaisesRegex(UserError, "archive it instead"):
            with_remedy.with_user(self.manager).unlink()
        with_remedy.with_user(self.manager).action_archive()
        self.assertFalse(with_remedy.active)

    def test_only_managers_configure(self):
        with self.assertRaises(AccessError):
            self.env["sale.complaint.category"].with_user(self.admin).create({"name": "Nope"})
        self.env["sale.complaint.category"].with_user(self.manager).create({"name": "Yes"})

    def test_accountant_reads_but_does_not_edit(self):
        complaint = self._complaint()
        self.assertEqual(complaint.with_user(self.accountant).subject, "Broken chairs")
        with self.assertRaises(AccessError):
            complaint.with_user(self.accountant).write({"subject": "x"})
        with self.assertRaises(AccessError):
            self.env["sale.complaint"].with_user(self.accountant).create(
                {"subject": "x", "partner_id": self.customer.id}
            )

    def test_portal_user_sees_only_own_commercial_entity(self):
        portal = new_test_user(
            self.env, "cmp_portal", groups="base.group_portal", partner_id=self.contact.id
        )
        own = self._complaint()
        foreign = self._complaint(partner_id=self.other_customer.id)
        visible = self.env["sale.complaint"].with_user(portal).search([])
        self.assertIn(own, visible)
        self.assertNotIn(foreign, visible)
        with self.assertRaises(AccessError):
            self.env["sale.complaint"].with_user(portal).create(
                {"subject": "x", "partner_id": self.contact.id}
            )

    def test_complaints_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Other Company"})
        foreign = self.env["sale.complaint"].create(
            {"subject": "Elsewhere", "email_from": "x@example.com", "company_id": other_company.id}
        )
        self.assertNotIn(foreign, self.env["sale.complaint"].with_user(self.admin).search([]))

    def test_counts_on_customer_order_invoice_and_product(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.product.id})],
            }
        )
        self._complaint(
            sale_order_ids=[order.id], invoice_ids=[self.invoice.id], product_ids=[self.product.id]
        )
        self._complaint(partner_id=self.contact.id)
        self.assertEqual(self.customer.complaint_count, 2)
        self.assertEqual(self.contact.complaint_count, 2)
        self.assertEqual(order.complaint_count, 1)
        self.assertEqual(self.invoice.complaint_count, 1)
        self.assertEqual(self.product.product_tmpl_id.complaint_count, 1)
        action = self.customer.action_view_complaints()
        self.assertEqual(self.env["sale.complaint"].search_count(action["domain"]), 2)

    def test_form_creates_a_complaint(self):
        with Form(self.env["sale.complaint"].with_user(self.admin)) as form:
            form.subject = "From the form"
            form.partner_id = self.contact
            form.category_id = self.category
        complaint = form.record
        self.assertEqual(complaint.sla_policy_id, self.sla)
        self.assertTrue(complaint.date_resolution_deadline)
