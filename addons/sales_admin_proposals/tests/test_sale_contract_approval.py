from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .contract_common import SaleContractCommon


@tagged("post_install", "-at_install")
class TestSaleContractApproval(SaleContractCommon):
    def test_contract_drafted_from_the_order_follows_the_template(self):
        contract = self._draft_contract()
        self.assertEqual(contract.template_id, self.template)
        self.assertEqual(contract.partner_id, self.customer_contact)
        self.assertEqual(contract.commercial_partner_id, self.customer)
        self.assertEqual(
            contract.line_ids.clause_id,
            self.clause_scope | self.clause_payment | self.clause_confidentiality,
        )
        self.assertTrue(contract.name.startswith("CTR/"))
        self.assertFalse(contract.approval_required)

    def test_unchanged_contract_is_approved_without_a_manager(self):
        contract = self._draft_contract()
        contract.action_submit()
        self.assertEqual(contract.state, "approved")

    def test_editing_an_optional_clause_needs_no_approval(self):
        contract = self._draft_contract()
        self._line(contract, self.clause_confidentiality).body = "<p>Nothing is confidential.</p>"
        self.assertFalse(contract.approval_required)

    def test_changing_a_mandatory_clause_requires_approval_with_a_diff(self):
        contract = self._draft_contract()
        self._line(
            contract, self.clause_payment
        ).body = "<p>The customer pays within ninety days of the invoice.</p>"
        self.assertTrue(contract.approval_required)
        self.assertIn("Mandatory clause changed: Payment", contract.template_diff)
        self.assertIn("<del>thirty</del>", contract.template_diff)
        self.assertIn("<ins>ninety</ins>", contract.template_diff)

        contract.action_submit()
        self.assertEqual(contract.state, "to_approve")
        self.assertTrue(contract.activity_ids, "the approver gets an activity")

    def test_removing_a_mandatory_clause_requires_approval(self):
        contract = self._draft_contract()
        self._line(contract, self.clause_payment).unlink()
        self.assertTrue(contract.approval_required)
        self.assertIn("Mandatory clause removed: Payment", contract.template_diff)

    def test_adding_a_clause_outside_the_library_requires_approval(self):
        contract = self._draft_contract()
        contract.line_ids = [Command.create({"name": "Bonus", "body": "<p>Free coffee.</p>"})]
        self.assertTrue(contract.approval_required)
        self.assertIn("Clause not from the library: Bonus", contract.template_diff)

    def test_adding_a_library_clause_through_the_form(self):
        contract = self._draft_contract()
        self._line(contract, self.clause_scope).unlink()
        with Form(contract) as form, form.line_ids.new() as line:
            line.clause_id = self.clause_scope
        added = self._line(contract, self.clause_scope)
        self.assertIn("Supply to Acme Baltic SIA", added.body)
        self.assertFalse(contract.approval_required)

    def test_sending_an_unapproved_contract_is_refused(self):
        contract = self._draft_contract()
        with self.assertRaisesRegex(UserError, "must be approved"):
            contract.action_send()
        self._line(contract, self.clause_payment).body = "<p>Pay whenever.</p>"
        contract.action_submit()
        with self.assertRaisesRegex(UserError, "must be approved"):
            contract.action_send()

    def test_only_a_manager_approves(self):
        contract = self._draft_contract()
        self._line(contract, self.clause_payment).body = "<p>Pay whenever.</p>"
        contract.action_submit()
        with self.assertRaisesRegex(UserError, "Sales Admin Manager"):
            contract.action_approve()
        contract.with_user(self.manager).action_approve()
        self.assertEqual(contract.state, "approved")
        self.assertEqual(contract.approved_by_id, self.manager)

    def test_manager_rejection_returns_to_draft(self):
        contract = self._draft_contract()
        self._line(contract, self.clause_payment).body = "<p>Pay whenever.</p>"
        contract.action_submit()
        contract.with_user(self.manager).action_reject()
        self.assertEqual(contract.state, "draft")

    def test_editing_after_approval_needs_a_new_approval(self):
        contract = self._draft_contract()
        self._line(contract, self.clause_payment).body = "<p>Pay whenever.</p>"
        contract.action_submit()
        contract.with_user(self.manager).action_approve()
        self._line(contract, self.clause_payment).body = "<p>Never pay.</p>"
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.approved_by_id)

    def test_send_opens_the_email_with_the_portal_link_and_marks_sent(self):
        contract = self._draft_contract()
        contract.action_submit()
        action = contract.action_send()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.admin).with_context(**action["context"])
        ).save()
        self.assertIn(contract.get_portal_url(), composer.body)
        composer.action_send_mail()
        self.assertEqual(contract.state, "sent")
        message = contract.message_ids[0]
        self.assertIn(self.customer_contact, message.partner_ids)
        self.assertTrue(message.attachment_ids, "the contract PDF is attached")

    def test_placeholders_in_a_contract_text_are_refused(self):
        contract = self._draft_contract()
        with self.assertRaisesRegex(ValidationError, "placeholder"):
            self._line(contract, self.clause_scope).body = "<p>{{ customer.name }}</p>"


@tagged("post_install", "-at_install")
class TestSaleContractDemo(SaleContractCommon):
    def test_demo_contract_waits_for_the_manager_with_its_changes(self):
        contract = self.env.ref("sales_admin_proposals.sale_contract_demo_northwind")
        self.assertEqual(contract.state, "to_approve")
        self.assertIn("Mandatory clause changed: Payment", contract.template_diff)
        self.assertIn("Mandatory clause removed: Term and renewal", contract.template_diff)
        self.assertIn("Clause not from the library: Exclusivity", contract.template_diff)
