from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import SalesAdminDeskCommon
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
            complaint,
            user=user,
            remedy_type="credit_note",
            credit_type="compensation",
            invoice_id=(invoice or self.invoice).id,
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
            {"complaint_id": complaint.id, "remedy_type": "credit_note", "credit_type": "return"}
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


@tagged("post_install", "-at_install")
class TestRemedyOnAnOrder(SalesAdminDeskCommon):
    """Two desks of 529.29 sold, delivered and invoiced (1,058.58); a complaint about one of
    them, remedied by the sales admin through the wizard. Afterwards the whole order is what an
    accountant expects: its quantities, invoice status, order desk and the customer overview."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.env["product.product"].create(
            {
                "name": "Standing Desk",
                "type": "consu",
                "list_price": 529.29,
                "invoice_policy": "delivery",
                "taxes_id": False,
            }
        )

    def _delivered_and_invoiced(self, product=None, quantity=2):
        order = self._confirmed_order([(product or self.desk, quantity)])
        if product and product.type == "service":
            order.order_line.qty_delivered = quantity
        else:
            self._deliver(order)
        return order, self._invoice(order)

    def _complaint(self, order, invoice):
        return self.env["sale.complaint"].create(
            {
                "subject": "One desk arrived scratched",
                "partner_id": self.customer.id,
                "sale_order_ids": [Command.link(order.id)],
                "invoice_ids": [Command.link(invoice.id)],
            }
        )

    def _remedy(self, complaint, credit_type, quantity=1, user=None):
        """Credit ``quantity`` of the invoice's only line through the wizard's form."""
        Remedy = self.env["sale.complaint.remedy"].with_user(user or self.admin_user)
        form = Form(Remedy.with_context(default_complaint_id=complaint.id))
        self.assertEqual(form.remedy_type, "credit_note")
        if credit_type:
            form.credit_type = credit_type
        with form.line_ids.edit(0) as line:
            line.quantity = quantity
        action = form.save().action_apply()
        return self.env["account.move"].browse(action["res_id"])

    def _overview(self):
        self.customer.invalidate_recordset()
        customer = self.customer.with_user(self.admin_user)
        return {
            "to_invoice": customer.sales_admin_amount_to_invoice,
            "unpaid_count": customer.sales_admin_unpaid_invoice_count,
            "unpaid": customer.sales_admin_unpaid_amount,
            "open_orders": customer.sales_admin_open_order_count,
        }

    def assertOrder(self, order, **expected):
        """The order's figures, read as the sales admin, equal ``expected``."""
        order = order.with_user(self.admin_user)
        line = order.order_line
        actual = {
            "ordered": line.product_uom_qty,
            "delivered": line.qty_delivered,
            "invoiced": line.qty_invoiced,
            "to_invoice": line.qty_to_invoice,
            "invoice_status": order.invoice_status,
            "state": order.sales_admin_state,
            "delivered_ok": order.sales_admin_delivered,
            "invoiced_ok": order.sales_admin_invoiced,
            "paid_ok": order.sales_admin_paid,
            "due": order.sales_admin_amount_due,
        }
        self.assertEqual({key: actual[key] for key in expected}, expected)

    def test_compensation_credits_the_price_and_leaves_the_order_invoiced(self):
        order, invoice = self._delivered_and_invoiced()
        credit_note = self._remedy(self._complaint(order, invoice), "compensation")

        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 529.29)
        self.assertEqual(credit_note.invoice_line_ids.product_id, self.desk)
        self.assertFalse(credit_note.invoice_line_ids.sale_line_ids, "no quantity to invoice")
        self.assertEqual(invoice.amount_residual, 529.29, "matched with the invoice")
        self.assertOrder(
            order,
            ordered=2,
            delivered=2,
            invoiced=2,
            to_invoice=0,
            invoice_status="invoiced",
            state="ready",
            invoiced_ok=True,
            paid_ok=False,
            due=529.29,
        )
        self.assertEqual(
            self._overview(),
            {"to_invoice": 0, "unpaid_count": 1, "unpaid": 529.29, "open_orders": 1},
        )

        self._take_payment(order_id=order.id, amount=529.29)
        self.assertOrder(order, invoice_status="invoiced", state="fulfilled", paid_ok=True, due=0)
        self.assertEqual(
            self._overview(), {"to_invoice": 0, "unpaid_count": 0, "unpaid": 0, "open_orders": 0}
        )

    def test_compensation_after_full_payment_leaves_a_credit_and_the_order_fulfilled(self):
        order, invoice = self._delivered_and_invoiced()
        self._take_payment(invoice_id=invoice.id)
        self.assertOrder(order, state="fulfilled")
        credit_note = self._remedy(self._complaint(order, invoice), "compensation")

        self.assertEqual(credit_note.amount_residual, 529.29, "owed to the customer")
        self.assertOrder(
            order,
            invoiced=2,
            to_invoice=0,
            invoice_status="invoiced",
            state="fulfilled",
            paid_ok=True,
            due=0,
        )
        # the open credit note is the customer's credit: it reduces what is open (sale.admin.kpi)
        self.assertEqual(
            self._overview(),
            {"to_invoice": 0, "unpaid_count": 0, "unpaid": -529.29, "open_orders": 0},
        )
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            order.with_user(self.admin_user).action_sales_admin_send_payment_link()

    def test_return_takes_the_goods_back_and_the_order_asks_for_nothing_more(self):
        order, invoice = self._delivered_and_invoiced()
        self._take_payment(invoice_id=invoice.id, amount=423.43)
        credit_note = self._remedy(self._complaint(order, invoice), "return")

        self.assertEqual(credit_note.state, "posted")
        self.assertEqual(credit_note.amount_total, 529.29)
        self.assertEqual(credit_note.invoice_line_ids.sale_line_ids, order.order_line)
        self.assertIn(credit_note, order.invoice_ids)
        self.assertEqual(invoice.amount_residual, 105.86)
        self.assertEqual(order.amount_total, 529.29, "the order sells one desk now")
        self.assertOrder(
            order,
            ordered=1,
            delivered=1,
            invoiced=1,
            to_invoice=0,
            invoice_status="invoiced",
            state="ready",
            delivered_ok=True,
            invoiced_ok=True,
            paid_ok=False,
            due=105.86,
        )
        self.assertEqual(order.with_user(self.admin_user).sales_admin_amount_received, 423.43)
        if "picking_ids" in order._fields:
            receipt = order.picking_ids.filtered(lambda picking: picking.return_id)
            self.assertEqual(receipt.state, "done")
            self.assertEqual(receipt.move_ids.quantity, 1)
        self.assertEqual(
            self._overview(),
            {"to_invoice": 0, "unpaid_count": 1, "unpaid": 105.86, "open_orders": 1},
        )

        self._take_payment(order_id=order.id, amount=105.86)
        self.assertOrder(order, invoice_status="invoiced", state="fulfilled", paid_ok=True, due=0)
        self.assertEqual(
            self._overview(), {"to_invoice": 0, "unpaid_count": 0, "unpaid": 0, "open_orders": 0}
        )

    def test_return_after_full_payment_leaves_the_refund_owed_and_the_order_fulfilled(self):
        order, invoice = self._delivered_and_invoiced()
        self._take_payment(invoice_id=invoice.id)
        credit_note = self._remedy(self._complaint(order, invoice), "return")

        self.assertEqual(credit_note.amount_residual, 529.29, "to refund to the customer")
        self.assertOrder(
            order,
            ordered=1,
            delivered=1,
            invoiced=1,
            invoice_status="invoiced",
            state="fulfilled",
            paid_ok=True,
            due=0,
        )
        self.assertEqual(self._overview()["to_invoice"], 0)

    def test_return_of_goods_invoiced_on_order_lowers_what_is_ordered(self):
        order, invoice = self._delivered_and_invoiced(self.product)
        self.assertEqual(self.product.invoice_policy, "order")
        self._remedy(self._complaint(order, invoice), "return")
        self.assertOrder(
            order,
            ordered=1,
            delivered=1,
            invoiced=1,
            to_invoice=0,
            invoice_status="invoiced",
            delivered_ok=True,
            due=100.0,
        )
        self.assertEqual(self._overview()["to_invoice"], 0)

    def test_return_of_a_service_lowers_the_delivered_quantity_entered_by_hand(self):
        order, invoice = self._delivered_and_invoiced(self.manual_service)
        self._take_payment(invoice_id=invoice.id, amount=80.0)
        self._remedy(self._complaint(order, invoice), "return")
        self.assertOrder(
            order,
            ordered=1,
            delivered=1,
            invoiced=1,
            to_invoice=0,
            invoice_status="invoiced",
            state="fulfilled",
            due=0,
        )
        self.assertEqual(self._overview()["to_invoice"], 0)

    def test_a_credit_note_must_say_what_happens_to_the_goods(self):
        order, invoice = self._delivered_and_invoiced()
        wizard = self.env["sale.complaint.remedy"].with_user(self.admin_user)
        wizard = wizard.create({"complaint_id": self._complaint(order, invoice).id})
        wizard.line_ids.quantity = 1
        with self.assertRaisesRegex(UserError, "compensation .* or return"):
            wizard.action_apply()
        self.assertFalse(invoice.reversal_move_ids)
        self.assertOrder(order, ordered=2, invoiced=2, invoice_status="invoiced")

    def test_a_locked_order_takes_the_return_and_stays_locked(self):
        order, invoice = self._delivered_and_invoiced()
        order.action_lock()
        self._remedy(self._complaint(order, invoice), "return")
        self.assertTrue(order.locked)
        self.assertOrder(
            order, ordered=1, delivered=1, invoiced=1, invoice_status="invoiced", due=529.29
        )
        logged = order.message_ids.filtered(lambda msg: "ordered quantity has been" in msg.body)
        self.assertTrue(logged, "Odoo logs the change on the order")
