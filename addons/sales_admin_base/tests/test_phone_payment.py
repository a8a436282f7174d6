from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.card_numbers import contains_card_number
from .common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestPhonePayment(SalesAdminDeskCommon):
    def _two_invoice_order(self):
        """An order of 2 x 50 delivered and invoiced in two halves of 50 each."""
        order = self._confirmed_order([(self.delivered_product, 2)])
        self._deliver(order, {self.delivered_product: 1})
        first = self._invoice(order)
        self._deliver(order)
        second = self._invoice(order)
        return order, first, second

    def _payments_of(self, order):
        return self.env["account.payment"].search([("sales_admin_order_id", "in", order.ids)])

    def test_partial_then_final_payment_reconciles_both_invoices(self):
        order, first, second = self._two_invoice_order()
        self._take_payment(order_id=order.id, amount=70.0, reference="card ending 4242")
        self.assertEqual(first.payment_state, "paid")
        self.assertEqual(second.payment_state, "partial")
        self.assertEqual(second.amount_residual, 30.0)
        self.assertFalse(order.sales_admin_paid)

        wizard = self.env["sale.admin.phone.payment"].create({"order_id": order.id})
        self.assertEqual(wizard.amount, 30.0, "the wizard proposes what is still due")
        wizard.with_user(self.admin_user).action_take_payment()
        self.assertEqual(second.payment_state, "paid")
        self.assertTrue(order.sales_admin_paid)
        payments = self._payments_of(order)
        self.assertEqual(len(payments), 2)
        self.assertTrue(all(order.name in payment.memo for payment in payments))

    def test_payment_before_invoicing_is_kept_as_an_advance_linked_to_the_order(self):
        order = self._confirmed_order()
        self._take_payment(order_id=order.id, amount=40.0)
        advance = self._payments_of(order)
        self.assertEqual(len(advance), 1)
        self.assertEqual(advance.partner_id, self.customer)
        self.assertEqual(advance.amount, 40.0)
        self.assertFalse(advance.is_reconciled)
        self.assertEqual(order.sales_admin_amount_received, 40.0)
        self.assertFalse(order.invoice_ids)
        invoice = self._invoice(order)
        self.assertTrue(invoice.invoice_has_outstanding, "the advance is offered on the invoice")

    def test_take_phone_payment_opens_while_something_is_due(self):
        order = self._confirmed_order()
        action = order.with_user(self.admin_user).action_sales_admin_take_payment()
        self.assertEqual(action["res_model"], "sale.admin.phone.payment")
        self.assertEqual(action["context"], {"default_order_id": order.id})

    def test_take_phone_payment_is_refused_on_a_fully_paid_order(self):
        order = self._confirmed_order()
        self._take_payment(order_id=order.id, amount=order.amount_total)
        self.assertTrue(order.currency_id.is_zero(order.sales_admin_amount_due))
        with self.assertRaisesRegex(UserError, "Nothing is due on order"):
            order.with_user(self.admin_user).action_sales_admin_take_payment()

    def test_the_form_hides_take_phone_payment_when_nothing_is_due(self):
        view = self.env.ref("sale.view_order_form")
        arch = self.env["sale.order"].with_user(self.admin_user).get_view(view.id)["arch"]
        self.assertRegex(
            arch,
            r'name="action_sales_admin_take_payment"[^>]*invisible="[^"]*not '
            r"sales_admin_amount_due",
        )

    def test_a_card_number_in_any_text_is_refused(self):
        order = self._confirmed_order()
        for values in (
            {"reference": "4111 1111 1111 1111"},
            {"reference": "card 4111-1111-1111-1111 exp 12/29"},
            {"note": "customer gave 378282246310005 by phone"},
        ):
            with self.subTest(values=values), self.assertRaisesRegex(UserError, "last four digits"):
                self._take_payment(order_id=order.id, amount=10.0, **values)
        self.assertFalse(self._payments_of(order))

    def test_a_card_number_typed_after_opening_the_wizard_is_refused(self):
        order = self._confirmed_order()
        wizard = self.env["sale.admin.phone.payment"].create({"order_id": order.id})
        with self.assertRaisesRegex(UserError, "last four digits"):
            wizard.write({"reference": "5555555555554444"})

    def test_luhn_check_recognises_card_numbers_only(self):
        self.assertTrue(contains_card_number("4242424242424242"))
        self.assertFalse(contains_card_number("4242424242424241"), "fails the Luhn check")
        self.assertFalse(contains_card_number("card ending 4242"))
        self.assertFalse(contains_card_number("invoice 2026/00042"))
        self.assertFalse(contains_card_number("00000000000000000000"), "more than 19 digits")

    def test_payment_date_in_a_locked_period_is_refused(self):
        order = self._confirmed_order()
        self.company.fiscalyear_lock_date = "2020-12-31"
        with self.assertRaisesRegex(UserError, "locked period"):
            self._take_payment(order_id=order.id, amount=10.0, payment_date="2020-11-30")
        self.assertFalse(self._payments_of(order))

    def test_bad_amounts_and_documents_are_refused(self):
        order = self._confirmed_order()
        for amount in (0.0, -5.0):
            with self.subTest(amount=amount), self.assertRaisesRegex(UserError, "positive"):
                self._take_payment(order_id=order.id, amount=amount)
        cancelled = self._create_order()
        cancelled.action_cancel()
        with self.assertRaisesRegex(UserError, "cancelled"):
            self._take_payment(order_id=cancelled.id, amount=10.0)
        self.assertFalse(self._payments_of(order | cancelled))

    def test_journal_of_another_company_is_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Desk Co"})
        foreign_journal = self.env["account.journal"].create(
            {"name": "Foreign Bank", "code": "FBK", "type": "bank", "company_id": other_company.id}
        )
        order = self._confirmed_order()
        with self.assertRaises(UserError):
            self._take_payment(order_id=order.id, amount=10.0, journal_id=foreign_journal.id)
        self.assertFalse(self._payments_of(order))

    def test_overpayment_needs_confirmation_and_leaves_the_excess_as_credit(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        with self.assertRaisesRegex(UserError, "more than"):
            self._take_payment(invoice_id=invoice.id, amount=130.0)
        self.assertEqual(invoice.payment_state, "not_paid")
        self._take_payment(invoice_id=invoice.id, amount=130.0, confirm_overpayment=True)
        self.assertEqual(invoice.payment_state, "paid")
        payment = self._payments_of(order)
        self.assertEqual(payment.amount, 130.0)
        credit_line = payment.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        self.assertEqual(credit_line.amount_residual, -30.0, "30 stays as customer credit")

    def test_payment_in_another_currency_is_converted_at_the_rate(self):
        foreign = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search([("name", "=", "EUR" if self.company.currency_id.name != "EUR" else "USD")])
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "rate": 2.0,
                "name": fields.Date.today() - timedelta(days=1),
                "company_id": self.company.id,
            }
        )
        order = self._confirmed_order()
        invoice = self._invoice(order)
        wizard = self.env["sale.admin.phone.payment"].create(
            {
                "invoice_id": invoice.id,
                "journal_id": self.bank_journal.id,
                "currency_id": foreign.id,
            }
        )
        self.assertEqual(wizard.amount_due, 200.0)
        self.assertEqual(wizard.amount, 200.0)
        wizard.with_user(self.admin_user).action_take_payment()
        self.assertEqual(invoice.payment_state, "paid")

    def test_receipt_is_emailed_when_asked(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        self._take_payment(invoice_id=invoice.id, send_receipt=True)
        payment = self._payments_of(order)
        self.assertTrue(
            payment.message_ids.filtered(
                lambda msg: msg.message_type == "comment" and self.customer in msg.partner_ids
            )
        )

    def test_payment_from_an_invoice_is_linked_to_its_order(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        action = invoice.with_user(self.admin_user).action_sales_admin_take_payment()
        self.assertEqual(action["context"]["default_invoice_id"], invoice.id)
        self._take_payment(invoice_id=invoice.id)
        self.assertEqual(self._payments_of(order).reconciled_invoice_ids, invoice)

    def test_accountant_finds_the_phone_payment_by_its_order_reference(self):
        order = self._confirmed_order()
        self._take_payment(order_id=order.id, amount=40.0, reference="card ending 4242")
        Payment = self.env["account.payment"].with_user(self.accountant)
        found = Payment.search([("memo", "ilike", order.name), ("state", "!=", "draft")])
        self.assertEqual(found, self._payments_of(order))
        self.assertEqual(found.sales_admin_order_id, order)
        self.assertIn("card ending 4242", found.memo)

    def test_sales_rep_sees_the_order_but_cannot_register_payments(self):
        order = self._confirmed_order(user_id=self.rep.id)
        self.assertEqual(order.with_user(self.rep).sales_admin_state, "ready")
        with self.assertRaises(AccessError):
            order.with_user(self.rep).action_sales_admin_take_payment()
        with self.assertRaises(AccessError):
            self._take_payment(user=self.rep, order_id=order.id, amount=10.0)
        self.assertFalse(self._payments_of(order))

    def test_accountant_can_take_a_phone_payment(self):
        order = self._confirmed_order()
        invoice = self._invoice(order)
        self._take_payment(user=self.accountant, invoice_id=invoice.id)
        self.assertEqual(invoice.payment_state, "paid")
        self.assertEqual(self._payments_of(order).create_uid, self.accountant)
