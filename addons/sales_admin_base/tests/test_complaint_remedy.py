from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .complaint_common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintRemedy(ComplaintCommon):
    def _wizard(self, complaint, user=None, **values):
        wizard = self.env["sale.complaint.remedy"]
        if user:
            wizard = wizard.with_user(user)
        return wizard.create({"complaint_id": complaint.id, **values})

    def _credit(self, complaint, quantities, user=None, invoice=None):
        """Credit note for {product: quantity} of the invoice; other lines are left out."""
        wizard = self._wizard(
            complaint, user=user, remedy_type="credit_note", invoice_id=(invoice or self.invoice).id
        )
        for line in wizard.line_ids:
            quantity = quantities.get(line.product_id)
            line.write({"selected": quantity is not None, "quantity": quantity or 0.0})
        return wizard

    def test_partial_credit_note_is_posted_and_costs_the_complaint(self):
        complaint = self._complaint(invoice_ids=[self.invoice.id])
        action = self._credit(complaint, {self.product: 2}).action_apply()
        credit_note = self.env["account.move"].browse(action["res_id"])
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.reversed_entry_id, self.invoice)
        self.assertEqual(credit_note.complaint_id, complaint)
        self.assertIn(complaint.name, credit_note.ref)
        self.assertEqual(credit_note.invoice_line_ids.product_id, self.product)
        self.assertEqual(credit_note.invoice_line_ids.quantity, 2)
        self.assertEqual(credit_note.amount_total, 200.0)
        self.assertEqual(complaint.remedy_type, "credit_note")
        self.assertTrue(complaint.has_posted_remedy)
        self.assertEqual(complaint.remedy_cost, 200.0)
        self.assertEqual(self.invoice.complaint_count, 1)

    def test_credit_note_in_draft_costs_nothing_until_posted(self):
        complaint = self._complaint()
        wizard = self._credit(complaint, {self.product_b: 1})
        wizard.post_credit_note = False
        credit_note = self.env["account.move"].browse(wizard.action_apply()["res_id"])
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(complaint.remedy_cost, 0.0)
        self.assertFalse(complaint.has_posted_remedy)
        credit_note.action_post()
        self.assertEqual(complaint.remedy_cost, 50.0)

    def test_credit_note_larger_than_invoiced_is_refused(self):
        complaint = self._complaint()
        refunds_before = self.invoice.reversal_move_ids
        with self.assertRaisesRegex(UserError, "only 5.0 were invoiced"):
            self._credit(complaint, {self.product: 6}).action_apply()
        self.assertEqual(self.invoice.reversal_move_ids, refunds_before)
        self._credit(complaint, {self.product: 5, self.product_b: 2}).action_apply()
        with self.assertRaisesRegex(UserError, "exceed what is left to credit"):
            self._credit(complaint, {self.product: 1}).action_apply()
        self.assertEqual(len(complaint.credit_note_ids), 1, "nothing half-written")

    def test_remedy_on_an_invoice_of_another_customer_is_refused(self):
        complaint = self._complaint()
        with self.assertRaisesRegex(UserError, "is not an invoice of"):
            self._credit(complaint, {self.product: 1}, invoice=self.other_invoice).action_apply()
        self.assertFalse(self.other_invoice.reversal_move_ids)

    def test_remedy_on_an_invoice_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Remedy Other Co"})
        self.env.user.company_ids |= other_company
        complaint = self.env["sale.complaint"].create(
            {"subject": "x", "partner_id": self.customer.id, "company_id": other_company.id}
        )
        wizard = self.env["sale.complaint.remedy"].new(
            {"complaint_id": complaint.id, "remedy_type": "credit_note"}
        )
        wizard.invoice_id = self.invoice
        with self.assertRaisesRegex(UserError, "another company"):
            wizard._check_credit_note_input(wizard.line_ids)

    def test_accountant_creates_credit_notes_sales_rep_cannot(self):
        complaint = self._complaint()
        self._credit(complaint, {self.product: 1}, user=self.accountant).action_apply()
        self.assertEqual(complaint.remedy_cost, 100.0)
        with self.assertRaises(AccessError):
            self._credit(complaint, {self.product: 1}, user=self.rep).action_apply()

    def test_replacement_quotation_costs_the_goods_once_confirmed(self):
        complaint = self._complaint(product_ids=[Command.set([self.product.id])])
        action = self._wizard(complaint, remedy_type="replacement").action_apply()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.complaint_id, complaint)
        self.assertEqual(order.amount_total, 0.0, "replacement goods are free for the customer")
        self.assertEqual(complaint.remedy_type, "replacement")
        self.assertFalse(complaint.has_posted_remedy)
        order.action_confirm()
        self.assertTrue(complaint.has_posted_remedy)
        self.assertEqual(complaint.remedy_cost, 40.0)

    def test_no_financial_remedy_allows_closing(self):
        complaint = self._complaint(resolution="<p>Explained the warranty terms.</p>")
        self._wizard(complaint, remedy_type="none").action_apply()
        complaint.action_close()
        self.assertTrue(complaint.is_closed)
        self.assertEqual(complaint.remedy_type, "none")

    def test_posted_credit_note_allows_closing(self):
        complaint = self._complaint(resolution="<p>Refunded two chairs.</p>")
        self._credit(complaint, {self.product: 2}).action_apply()
        complaint.action_close()
        self.assertTrue(complaint.is_closed)
