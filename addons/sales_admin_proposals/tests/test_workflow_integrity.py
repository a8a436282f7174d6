"""Approvals, signatures and what was approved, as a hostile rep, a curious employee or a hostile
customer would try them through the ORM (the RPC layer adds nothing: see the HTTP tests)."""

import base64

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.sales_admin_base.tests.protected_common import image_b64

from .integrity_common import PNG, XSS, IntegrityCommon, forged_value


@tagged("post_install", "-at_install")
class TestProtectedFields(IntegrityCommon):
    """Every protected field, on create and on write, refused to every role."""

    EXPECTED = {
        "sale.proposal": {
            "state",
            "approver_ids",
            "approved_by_id",
            "date_approved",
            "approval_hash",
            "approved_amount",
            "signed_by",
            "date_signed",
            "signed_ip",
            "signature",
            "bid_decision",
            "date_sent",
            "decline_reason",
            "revision_number",
        },
        "sale.contract": {
            "state",
            "approver_ids",
            "approved_by_id",
            "approval_hash",
            "signed_by",
            "date_signed",
            "signed_ip",
            "signature",
            "countersigned_by_id",
            "signed_document_id",
            "signed_document_sha256",
        },
        "sale.contract.line": {"original_body", "clause_version_id"},
    }

    def _records_and_values(self):
        contract = self._contract()
        return {
            "sale.proposal": (
                self._proposal(),
                {"title": "Forged", "partner_id": self.customer.id},
            ),
            "sale.contract": (
                contract,
                {"order_id": self.order.id, "partner_id": self.customer.id},
            ),
            "sale.contract.line": (
                contract.line_ids[:1],
                {"contract_id": contract.id, "name": "Forged"},
            ),
        }

    def test_the_workflow_fields_are_protected(self):
        for model, expected in self.EXPECTED.items():
            with self.subTest(model=model):
                self.assertLessEqual(expected, self.env[model]._get_protected_fields())

    def test_every_protected_field_is_refused_on_write_to_every_role(self):
        for model, (record, _values) in self._records_and_values().items():
            for field_name in record._get_protected_fields():
                field = record._fields[field_name]
                before = record.sudo().read([field_name])
                for role, user in self.roles.items():
                    with (
                        self.subTest(model=model, field=field_name, role=role),
                        self.assertRaises(AccessError),
                    ):
                        record.with_user(user).write({field_name: forged_value(self.env, field)})
                self.assertEqual(record.sudo().read([field_name]), before, field_name)

    def test_every_protected_field_is_refused_on_create_to_every_role(self):
        for model, (_record, values) in self._records_and_values().items():
            Model = self.env[model]
            for field_name in Model._get_protected_fields():
                value = forged_value(self.env, Model._fields[field_name])
                for role, user in self.roles.items():
                    with (
                        self.subTest(model=model, field=field_name, role=role),
                        self.assertRaises(AccessError),
                    ):
                        Model.with_user(user).create({**values, field_name: value})

    def test_the_web_client_shows_them_read_only(self):
        description = (
            self.env["sale.proposal"].with_user(self.rep).fields_get(attributes=["readonly"])
        )
        for field_name in self.EXPECTED["sale.proposal"]:
            self.assertTrue(description[field_name]["readonly"], field_name)
        self.assertFalse(description["title"]["readonly"])


@tagged("post_install", "-at_install")
class TestProposalForgeries(IntegrityCommon):
    def test_a_rep_cannot_approve_by_writing_the_state(self):
        proposal = self._proposal()
        with self.assertRaises(AccessError):
            proposal.write({"state": "approved", "approved_by_id": self.manager.id})
        self.assertEqual(proposal.state, "draft")
        with self.assertRaisesRegex(UserError, "needs approval"):
            proposal.action_send()

    def test_a_rep_cannot_name_himself_approver(self):
        proposal = self._proposal()
        proposal.action_submit()
        with self.assertRaises(AccessError):
            proposal.write({"approver_ids": [Command.link(self.rep.id)]})
        with self.assertRaisesRegex(AccessError, "Mark Manager"):
            proposal.action_approve()
        self.assertEqual(proposal.state, "to_approve")

    def test_a_rep_cannot_make_an_accepted_proposal_without_the_customer(self):
        proposal = self._sent_proposal()
        with self.assertRaises(AccessError):
            proposal.write(
                {"state": "accepted", "signed_by": "Ilze Berzina", "signed_ip": "10.0.0.1"}
            )
        self.assertEqual(proposal.state, "sent")
        self.assertFalse(proposal.signed_by)

    def test_submit_approve_send_and_sign_go_through_the_actions(self):
        proposal = self._proposal()
        self.assertIs(proposal.action_submit(), True)
        self.assertEqual(proposal.approver_ids, self.manager)
        self.assertEqual(proposal.activity_ids.user_id, self.manager)
        self.assertIs(proposal.with_user(self.manager).action_approve(), True)
        self.assertEqual(proposal.approved_by_id, self.manager)
        self.assertEqual(proposal.approved_amount, self.order.amount_total)
        self.assertTrue(proposal.approval_hash)
        proposal.action_send()
        proposal.sudo()._sign("Ilze Berzina", PNG, "10.0.0.1")
        self.assertEqual(proposal.state, "accepted")
        self.assertEqual(proposal.signed_ip, "10.0.0.1")
        self.assertEqual(self.order.state, "sale")

    def test_a_refused_approval_goes_back_to_draft(self):
        proposal = self._proposal()
        proposal.action_submit()
        with self.assertRaises(AccessError):
            proposal.action_reject()
        proposal.with_user(self.manager).action_reject()
        self.assertEqual(proposal.state, "draft")
        self.assertFalse(proposal.approver_ids)

    def test_what_the_customer_accepts_is_what_was_approved(self):
        proposal = self._sent_proposal()
        self.order.order_line.product_uom_qty = 5  # the quotation grew after the approval
        with self.assertRaisesRegex(UserError, "not been approved"):
            proposal.sudo()._sign("Ilze Berzina", PNG, "10.0.0.1")
        self.assertEqual(proposal.state, "sent")

    def test_a_drawing_that_is_no_image_is_refused(self):
        proposal = self._sent_proposal()
        svg = b"PHN2ZyBvbmxvYWQ9ImFsZXJ0KDEpIi8+"  # <svg onload="alert(1)"/>
        with self.assertRaisesRegex(UserError, "PNG or JPEG"):
            proposal.sudo()._sign("Ilze Berzina", svg, "10.0.0.1")
        self.assertEqual(proposal.state, "sent")

    def test_the_signature_file_cannot_be_replaced_nor_added(self):
        proposal = self._sent_proposal()
        proposal.sudo()._sign("Ilze Berzina", PNG, "10.0.0.1")
        Attachment = self.env["ir.attachment"]
        signature = Attachment.search(
            [
                ("res_model", "=", "sale.proposal"),
                ("res_id", "=", proposal.id),
                ("res_field", "=", "signature"),
            ]
        )
        self.assertEqual(len(signature), 1)
        for role in ("rep", "sales admin", "manager"):
            user = self.roles[role]
            with self.subTest(role=role), self.assertRaises(AccessError):
                signature.with_user(user).write({"datas": image_b64("PNG", size=(9, 9))})
            with self.subTest(role=role), self.assertRaises(AccessError):
                signature.with_user(user).unlink()
            with self.subTest(role=role), self.assertRaises(AccessError):
                Attachment.with_user(user).create(
                    {
                        "name": "signature",
                        "res_model": "sale.proposal",
                        "res_id": proposal.id,
                        "res_field": "signature",
                        "datas": image_b64("PNG", size=(9, 9)),
                    }
                )

    def test_revisions_are_made_by_the_server_only(self):
        proposal = self._sent_proposal()
        revision = proposal.revision_ids
        for role in ("rep", "sales admin", "manager"):
            user = self.roles[role]
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["sale.proposal.revision"].with_user(user).create(
                    {"proposal_id": proposal.id, "number": 9, "content": XSS}
                )
            with self.subTest(role=role), self.assertRaises(AccessError):
                revision.with_user(user).write({"content": XSS})

    def test_script_typed_into_a_section_never_reaches_a_revision(self):
        proposal = self._proposal()
        proposal.write({"section_ids": [Command.create({"name": "Terms", "body": XSS})]})
        self.assertNotIn("onerror", proposal.section_ids.body)
        self.assertNotIn("<script", proposal.section_ids.body)
        proposal.action_submit()
        proposal.with_user(self.manager).action_approve()
        proposal.action_send()
        content = proposal.revision_ids.content
        self.assertIn("Terms", content)
        self.assertNotIn("onerror", content)
        self.assertNotIn("<script", content)

    def test_a_reopened_proposal_is_sent_with_a_new_link(self):
        proposal = self._sent_proposal()
        first_token = proposal.access_token
        proposal.action_cancel()
        proposal.action_reset_draft()
        self.assertFalse(proposal.access_token)
        proposal.action_submit()
        proposal.with_user(self.manager).action_approve()
        proposal.action_send()
        self.assertTrue(proposal.access_token)
        self.assertNotEqual(proposal.access_token, first_token)


@tagged("post_install", "-at_install")
class TestContractForgeries(IntegrityCommon):
    def _payment_line(self, contract):
        return contract.line_ids.filtered(lambda line: line.clause_id == self.clause_payment)

    def test_editing_a_mandatory_clause_and_its_library_text_together_is_refused(self):
        contract = self._contract(self.rep)
        line = self._payment_line(contract)
        with self.assertRaises(AccessError):
            line.write({"body": "<p>Pay never.</p>", "original_body": "<p>Pay never.</p>"})
        line.write({"body": "<p>Pay never.</p>"})
        self.assertTrue(contract.approval_required)
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")
        with self.assertRaises(AccessError):
            contract.action_approve()

    def test_clearing_the_template_and_the_mandatory_clauses_needs_approval(self):
        contract = self._contract(self.rep)
        contract.template_id = False
        contract.line_ids.filtered("mandatory").unlink()
        self.assertIn("Template replaced", contract.template_diff)
        self.assertIn("Mandatory clause removed: Payment", contract.template_diff)
        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")
        self.assertFalse(contract.approved_by_id)

    def test_a_clause_added_from_the_library_gets_the_library_text(self):
        contract = self._contract(self.rep)
        self._payment_line(contract).unlink()
        contract.write(
            {"line_ids": [Command.create({"clause_id": self.clause_payment.id, "name": "Payment"})]}
        )
        line = self._payment_line(contract)
        self.assertIn("Late payments bear interest", line.original_body)
        self.assertEqual(line.clause_version_id, self.clause_payment.current_version_id)

    def test_a_rep_cannot_sign_for_the_customer(self):
        contract = self._sent_contract().with_user(self.rep)
        with self.assertRaises(AccessError):
            contract.write({"state": "signed", "signed_by": "Ilze Berzina"})
        with self.assertRaises(AccessError):
            contract.action_sign_on_behalf("Ilze Berzina", PNG)
        self.assertEqual(contract.state, "sent")

    def test_a_manager_signs_on_the_customers_behalf_in_the_chatter(self):
        contract = self._sent_contract().with_user(self.manager)
        self.assertIs(contract.action_sign_on_behalf("Ilze Berzina", PNG), True)
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_by, "Ilze Berzina")
        self.assertFalse(contract.signed_ip)
        self.assertIn("on the customer's behalf by Mark Manager", contract.message_ids[0].body)

    def test_what_the_customer_signs_is_what_was_approved(self):
        contract = self._sent_contract()
        line = self._payment_line(contract)
        # the text changes behind the workflow's back (no edit through the ORM does)
        self.env.cr.execute(
            "UPDATE sale_contract_line SET body = %s WHERE id = %s",
            ("<p>The customer never pays.</p>", line.id),
        )
        line.invalidate_recordset(["body"])
        with self.assertRaisesRegex(UserError, "changed since it was approved"):
            contract.sudo()._sign("Ilze Berzina", PNG, "10.0.0.1")
        self.assertEqual(contract.state, "sent")

    def test_the_signed_pdf_is_changed_or_deleted_by_nobody(self):
        contract = self._signed_contract()
        contract.action_countersign()
        document = contract.signed_document_id
        for role, user in self.roles.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                document.with_user(user).write({"raw": b"%PDF-1.4 forged"})
            with self.subTest(role=role), self.assertRaises(AccessError):
                document.with_user(user).write({"name": "forged.pdf"})
            with self.subTest(role=role), self.assertRaises(AccessError):
                document.with_user(user).unlink()
        self.assertTrue(contract._verify_signed_document())

    def test_a_failed_verification_tells_the_admin_once(self):
        contract = self._signed_contract()
        contract.action_countersign()
        contract.signed_document_id.sudo().raw = b"%PDF-1.4 forged"
        contract.action_verify_signed_document()
        contract.action_verify_signed_document()
        activities = contract.activity_ids.filtered(lambda a: "altered" in a.summary)
        self.assertEqual(activities.user_id, contract.sales_admin_id)
        self.assertEqual(len(activities), 1)


@tagged("post_install", "-at_install")
class TestPortalFieldWhitelist(IntegrityCommon):
    PORTAL_FIELDS = {
        "sale.proposal": {
            "id",
            "display_name",
            "name",
            "title",
            "state",
            "partner_id",
            "contact_id",
            "commercial_partner_id",
            "company_id",
            "order_id",
            "currency_id",
            "amount_untaxed",
            "amount_total",
            "validity_date",
            "date_sent",
            "revision_number",
            "signed_by",
            "date_signed",
            "signature",
            "decline_reason",
            "access_url",
            "access_token",
            "access_warning",
        },
        "sale.contract": {
            "id",
            "display_name",
            "name",
            "state",
            "partner_id",
            "commercial_partner_id",
            "company_id",
            "order_id",
            "currency_id",
            "date_start",
            "date_end",
            "intro",
            "line_ids",
            "signed_by",
            "date_signed",
            "signature",
            "countersigned_by_id",
            "date_countersigned",
            "access_url",
            "access_token",
            "access_warning",
        },
        "sale.contract.line": {
            "id",
            "display_name",
            "contract_id",
            "sequence",
            "name",
            "title",
            "body",
        },
    }

    def test_a_customer_reads_only_what_the_portal_pages_show(self):
        contract = self._sent_contract()
        records = {
            "sale.proposal": self._sent_proposal(),
            "sale.contract": contract,
            "sale.contract.line": contract.line_ids[:1],
        }
        for model, record in records.items():
            with self.subTest(model=model):
                as_customer = record.with_user(self.portal)
                self.assertEqual(set(as_customer.fields_get()), self.PORTAL_FIELDS[model])
                self.assertEqual(set(as_customer.read()[0]), self.PORTAL_FIELDS[model])

    def test_internal_figures_are_refused_to_a_customer(self):
        proposal = self._sent_proposal().with_user(self.portal)
        for field_name in ("bid_score", "bid_decision", "approved_amount", "approver_ids"):
            with self.subTest(field=field_name), self.assertRaises(AccessError):
                proposal.read([field_name])
        with self.assertRaises(AccessError):
            proposal.search([("approved_amount", ">", 0)])
        self.assertEqual(proposal.title, "Office chairs")

    def test_employees_still_read_everything_they_may(self):
        proposal = self._sent_proposal()
        amount = proposal.read(["approved_amount"])[0]["approved_amount"]
        self.assertEqual(amount, self.order.amount_total)
        self.assertIn("bid_score", proposal.fields_get())


@tagged("post_install", "-at_install")
class TestHtmlIsSanitized(IntegrityCommon):
    OUR_MODULES = {
        "sales_admin_base",
        "sales_admin_proposals",
        "sales_admin_proposals_crm",
        "sales_admin_reporting",
    }

    def test_every_stored_html_field_of_our_addons_is_sanitized(self):
        checked = []
        for model_name, model in self.env.registry.items():
            for field in model._fields.values():
                if field.type == "html" and field.store and self.OUR_MODULES & set(field._modules):
                    checked.append(f"{model_name}.{field.name}")
                    self.assertTrue(field.sanitize, checked[-1])
                    self.assertFalse(field.sanitize_overridable, checked[-1])
        self.assertIn("sale.proposal.revision.content", checked)

    def test_script_typed_by_a_rep_into_a_contract_is_removed(self):
        contract = self._contract(self.rep)
        contract.intro = XSS
        contract.line_ids[:1].body = XSS
        contract.write({"line_ids": [Command.create({"name": "Extra", "body": XSS})]})
        for html in (contract.intro, *contract.line_ids.mapped("body")):
            self.assertNotIn("onerror", html)
            self.assertNotIn("<script", html)


@tagged("post_install", "-at_install")
class TestSignOnBehalf(IntegrityCommon):
    """A signature given on paper or in person, recorded by a manager in the dialog."""

    def _documents(self):
        return {"proposal": self._sent_proposal(), "contract": self._sent_contract()}

    def _sign_in_dialog(self, document, user):
        action = document.with_user(user).action_open_sign_on_behalf()
        self.assertEqual(action["res_model"], "sale.admin.sign.on.behalf")
        wizard = (
            self.env["sale.admin.sign.on.behalf"]
            .with_user(user)
            .with_context(**action["context"])
            .create({"signer_name": "Ilze Berzina", "signature": PNG})
        )
        self.assertEqual(wizard.document_name, document.display_name)
        return wizard.action_sign()

    def test_a_manager_signs_on_the_customers_behalf_in_the_dialog(self):
        for label, document in self._documents().items():
            with self.subTest(label):
                self._sign_in_dialog(document, self.manager)
                self.assertEqual(document.signed_by, "Ilze Berzina")
                self.assertTrue(document.date_signed)
                self.assertFalse(document.signed_ip)
                self.assertEqual(document.state, "accepted" if label == "proposal" else "signed")
                log = document.message_ids.filtered(lambda m: "on the customer's behalf" in m.body)
                self.assertEqual(len(log), 1)
                self.assertIn(self.manager.name, log.body)

    def test_sales_admins_and_reps_cannot_sign_on_behalf(self):
        documents = self._documents()
        for role in ("sales admin", "rep"):
            user = self.roles[role]
            for label, document in documents.items():
                with self.subTest(role=role, document=label):
                    with self.assertRaises(AccessError):
                        document.with_user(user).action_open_sign_on_behalf()
                    with self.assertRaises(AccessError):
                        document.with_user(user).action_sign_on_behalf("Ilze Berzina", PNG)
                    with self.assertRaises(AccessError):
                        self.env["sale.admin.sign.on.behalf"].with_user(user).create(
                            {
                                "document_model": document._name,
                                "document_id": document.id,
                                "signer_name": "Ilze Berzina",
                                "signature": PNG,
                            }
                        )
                    self.assertFalse(document.signed_by)

    def test_the_dialog_wants_a_name_and_an_image(self):
        proposal = self._sent_proposal()
        action = proposal.with_user(self.manager).action_open_sign_on_behalf()
        Wizard = self.env["sale.admin.sign.on.behalf"].with_user(self.manager)
        wizard = Wizard.with_context(**action["context"]).create(
            {"signer_name": "Ilze Berzina", "signature": "PHN2Zy8+"}
        )
        with self.assertRaisesRegex(UserError, "PNG or JPEG"):
            wizard.action_sign()
        self.assertFalse(proposal.signed_by)

    def test_only_a_manager_sees_the_button(self):
        for model in ("sale.proposal", "sale.contract"):
            for role, visible in (("manager", True), ("sales admin", False), ("rep", False)):
                arch = self.env[model].with_user(self.roles[role]).get_view(view_type="form")
                with self.subTest(model=model, role=role):
                    self.assertEqual("action_open_sign_on_behalf" in arch["arch"], visible)


@tagged("post_install", "-at_install")
class TestComputedAndImportFieldsAreNeverTyped(IntegrityCommon):
    """The company of a proposal's or a template's lines, the answers' search text, the clause
    version in force and the RFP import's settings are the server's: refused on create and on
    write to whoever may write the record, while the forms and actions that set them work."""

    def test_the_company_of_a_proposals_lines_follows_the_proposal(self):
        proposal = self._proposal()
        other = self.env["res.company"].create({"name": "Forged Lines Co"})
        form = Form(proposal.with_user(self.rep))
        with form.line_ids.new() as new_line:
            new_line.question = "Delivery time?"
        form.save()
        line = proposal.line_ids.with_user(self.rep)
        self.assertEqual(line.company_id, proposal.company_id)
        Line = self.env["sale.proposal.line"].with_user(self.rep)
        Section = self.env["sale.proposal.section"].with_user(self.rep)
        section = Section.create({"proposal_id": proposal.id, "name": "Intro"})
        self.assertEqual(section.company_id, proposal.company_id)
        for values in ({"company_id": other.id}, {"source_row": 7}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                line.write(values)
            with self.subTest(values=values), self.assertRaises(AccessError):
                Line.create({"proposal_id": proposal.id, "question": "Forged?", **values})
        with self.assertRaises(AccessError):
            section.write({"company_id": other.id})
        with self.assertRaises(AccessError):
            Section.create({"proposal_id": proposal.id, "name": "Forged", "company_id": other.id})
        self.assertEqual(line.company_id, proposal.company_id)
        self.assertFalse(line.source_row)

    def test_the_rfp_import_settings_are_the_imports(self):
        proposal = self._proposal()
        wizard = (
            self.env["sale.proposal.import"]
            .with_user(self.rep)
            .create(
                {
                    "proposal_id": proposal.id,
                    "file": base64.b64encode(
                        b"Section;Requirement;Vendor response\nLogistics;Delivery time?;\n"
                    ),
                    "filename": "rfp.csv",
                }
            )
        )
        wizard.action_read_columns()
        wizard.action_import()
        self.assertEqual(proposal.line_ids.mapped("source_row"), [2])
        self.assertEqual((proposal.rfp_filename, proposal.rfp_header_row), ("rfp.csv", 1))
        for name, value in (
            ("rfp_sheet", "Forged"),
            ("rfp_header_row", 3),
            ("rfp_answer_column", 9),
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                proposal.with_user(self.rep).write({name: value})

    def test_the_search_text_of_an_answer_follows_its_name_and_question(self):
        admin = self.roles["sales admin"]
        answer = (
            self.env["sale.proposal.answer"]
            .with_user(admin)
            .create(
                {
                    "name": "Delivery",
                    "question": "When do you deliver?",
                    "body": "<p>In a week.</p>",
                }
            )
        )
        for values in ({"search_text": "forged"}, {"date_next_review": "2030-01-01"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                answer.write(values)
            with self.subTest(values=values), self.assertRaises(AccessError):
                answer.create({"name": "Forged", **values})
        answer.name = "Delivery terms"
        self.assertIn("Delivery terms", answer.search_text)

    def test_the_clause_version_in_force_follows_the_text(self):
        clause = self.clause_payment.with_user(self.manager)
        before = clause.current_version_id
        other = self.env["sale.contract.clause.version"].search([("id", "!=", before.id)], limit=1)
        with self.assertRaises(AccessError):
            clause.write({"current_version_id": other.id})
        with self.assertRaises(AccessError):
            clause.version_ids[:1].write(
                {"company_id": self.env["res.company"].create({"name": "X"}).id}
            )
        line = self.template.line_ids[:1].with_user(self.manager)
        with self.assertRaises(AccessError):
            line.write({"company_id": False})
        clause.body = "<p>Payment within 21 days.</p>"
        self.assertIn("21 days", clause.current_version_id.body)
