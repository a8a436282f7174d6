import html
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestDataQualityDigest(SalesAdminDeskCommon):
    def test_one_activity_per_admin_lists_incomplete_and_duplicated_customers(self):
        second_admin = new_test_user(
            self.env, "desk_admin_b", groups="sales_admin_base.group_sales_admin_user"
        )
        Partner = self.env["res.partner"]
        gaps = Partner.create(
            [
                {
                    "name": f"Gap {i}",
                    "email": f"gap{i}@example.com",
                    "sales_admin_id": self.admin_user.id,
                }
                for i in range(3)
            ]
        )
        twins = Partner.create(
            [
                {
                    "name": name,
                    "email": "twins@example.com",
                    "phone": "+371 2999 1111",
                    "sales_admin_id": second_admin.id,
                }
                for name in ("Twin North", "Twin South")
            ]
        )
        Partner._sales_admin_data_quality_digest(self.company)
        activity_type = self.env.ref("sales_admin_base.mail_activity_type_data_quality")
        activities = self.env["mail.activity"].search([("activity_type_id", "=", activity_type.id)])
        first = activities.filtered(lambda act: act.user_id == self.admin_user)
        second = activities.filtered(lambda act: act.user_id == second_admin)
        self.assertEqual(len(first), 1, "one activity, not one per customer")
        self.assertEqual(len(second), 1)
        for partner in gaps:
            self.assertIn(partner.name, first.note)
        for partner in twins:
            self.assertIn(partner.name, second.note)
        self.assertIn("possible duplicates", second.summary)

        Partner._sales_admin_data_quality_digest(self.company)
        again = self.env["mail.activity"].search(
            [("activity_type_id", "=", activity_type.id), ("user_id", "=", self.admin_user.id)]
        )
        self.assertEqual(len(again), 1, "last week's digest is replaced, not piled up")


@tagged("post_install", "-at_install")
class TestPaymentLinks(SalesAdminDeskCommon):
    def test_sending_a_payment_link_emails_the_customer_and_stores_the_date(self):
        order = self._create_order()
        with freeze_time("2026-04-01 10:00:00"):
            order.with_user(self.admin_user).action_sales_admin_send_payment_link()
        self.assertEqual(order.sales_admin_date_payment_link_sent, datetime(2026, 4, 1, 10, 0))
        message = order.message_ids[0]
        self.assertIn(self.customer, message.partner_ids)
        self.assertIn(order.get_portal_url(), message.body)

    def test_no_payment_link_for_a_cancelled_order(self):
        order = self._create_order()
        order.action_cancel()
        with self.assertRaisesRegex(UserError, "cancelled"):
            order.action_sales_admin_send_payment_link()

    def test_unpaid_link_older_than_the_delay_produces_one_reminder_activity(self):
        self.company.sales_admin_payment_link_reminder_days = 5
        self.company.sales_admin_payment_link_reminder_mode = "activity"
        stale = self._create_order()
        fresh = self._create_order()
        with freeze_time("2026-04-01"):
            stale.action_sales_admin_send_payment_link()
        with freeze_time("2026-04-05"):
            fresh.action_sales_admin_send_payment_link()
        activity_type = self.env.ref("sales_admin_base.mail_activity_type_payment_link")
        with freeze_time("2026-04-07"):
            for _run in range(2):
                Order = self.env["sale.order"]
                Order._sales_admin_payment_links_to_remind()._sales_admin_remind_payment_link()
        reminders = (stale | fresh).activity_ids.filtered(
            lambda act: act.activity_type_id == activity_type
        )
        self.assertEqual(reminders.res_id, stale.id)
        self.assertEqual(len(reminders), 1, "reminded once")
        self.assertEqual(reminders.user_id, self.admin_user)

    def test_reminder_by_email_resends_the_link(self):
        self.company.sales_admin_payment_link_reminder_days = 3
        self.company.sales_admin_payment_link_reminder_mode = "email"
        order = self._create_order()
        with freeze_time("2026-04-01"):
            order.action_sales_admin_send_payment_link()
        with freeze_time("2026-04-10"):
            to_remind = self.env["sale.order"]._sales_admin_payment_links_to_remind()
            to_remind._sales_admin_remind_payment_link()
        self.assertIn("reminder", order.message_ids[0].body)
        self.assertIn(self.customer, order.message_ids[0].partner_ids)

    def test_order_paid_online_gets_no_reminder(self):
        self.company.sales_admin_payment_link_reminder_days = 1
        order = self._create_order()
        with freeze_time("2026-04-01"):
            order.action_sales_admin_send_payment_link()
        provider = self.env["payment.provider"].create({"name": "Desk Test", "code": "none"})
        self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "DESK-TX-1",
                "state": "done",
                "sale_order_ids": order.ids,
            }
        )
        with freeze_time("2026-04-10"):
            to_remind = self.env["sale.order"]._sales_admin_payment_links_to_remind()
            to_remind._sales_admin_remind_payment_link()
        self.assertFalse(order.sales_admin_date_payment_link_reminded)


@tagged("post_install", "-at_install")
class TestPaymentLinkAmount(SalesAdminDeskCommon):
    """Two desks of 529.29: an order of 1,058.58, invoiced. A payment link (and its reminders)
    asks for what is still due, however the rest was paid, and is refused when nothing is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = cls.env["product.product"].create(
            {
                "name": "Standing Desk",
                "list_price": 529.29,
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )

    def _order(self):
        return self._confirmed_order([(self.desk, 2)])

    def _register_payment(self, invoice, amount):
        """Accounting's own payment registration, as the sales admin (invoicing rights)."""
        return (
            self.env["account.payment.register"]
            .with_user(self.admin_user)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": self.bank_journal.id, "amount": amount})
            ._create_payments()
        )

    def _send_link(self, order):
        order.with_user(self.admin_user).action_sales_admin_send_payment_link()
        return order.message_ids[0]

    def assertLinkAsks(self, order, amount):
        """Odoo's payment link wizard proposes ``amount`` and the link sent asks for it."""
        wizard = (
            self.env["payment.link.wizard"]
            .with_user(self.admin_user)
            .with_context(active_model="sale.order", active_id=order.id)
            .create({})
        )
        self.assertEqual((wizard.amount, wizard.amount_max), (amount, amount))
        body = html.unescape(self._send_link(order).body)
        self.assertIn(f"payment_amount={amount}", body)
        self.assertIn(f"Pay {order.currency_id.format(amount)}", body)

    def test_link_after_a_phone_payment_asks_for_the_rest(self):
        order = self._order()
        invoice = self._invoice(order)
        self.assertEqual(invoice.amount_total, 1058.58)
        self._take_payment(invoice_id=invoice.id, amount=423.43)
        self.assertEqual(order.sales_admin_amount_received, 423.43)
        self.assertEqual(order.sales_admin_amount_due, 635.15)
        self.assertLinkAsks(order, 635.15)

    def test_link_counts_payments_registered_by_accounting(self):
        order = self._order()
        invoice = self._invoice(order)
        self._register_payment(invoice, 58.58)
        self.assertLinkAsks(order, 1000.0)
        self._register_payment(invoice, 1000.0)
        self.assertEqual(invoice.payment_state, "paid")
        with self.assertRaisesRegex(UserError, "Nothing is due on order"):
            self._send_link(order)

    def test_link_counts_an_advance_before_and_after_invoicing(self):
        order = self._order()
        self._take_payment(order_id=order.id, amount=423.43)
        self.assertFalse(order.invoice_ids)
        self.assertLinkAsks(order, 635.15)
        invoice = self._invoice(order)
        self.assertLinkAsks(order, 635.15)
        advance = self.env["account.payment"].search([("sales_admin_order_id", "=", order.id)])
        credit_line = advance.move_id.line_ids.filtered(
            lambda line: line.account_type == "asset_receivable"
        )
        invoice.js_assign_outstanding_line(credit_line.id)
        self.assertEqual(invoice.amount_residual, 635.15)
        self.assertLinkAsks(order, 635.15)

    def test_link_counts_a_down_payment_invoice(self):
        order = self._order()
        down_payment = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "fixed", "fixed_amount": 300.0})
        )
        down_payment.create_invoices()
        down_payment_invoice = order.invoice_ids
        down_payment_invoice.action_post()
        self.assertLinkAsks(order, 1058.58)
        self._take_payment(invoice_id=down_payment_invoice.id)
        self.assertLinkAsks(order, 758.58)
        final = order._create_invoices(final=True)
        final.action_post()
        self.assertEqual(final.amount_total, 758.58, "the down payment is deducted")
        self.assertLinkAsks(order, 758.58)

    def test_no_link_when_everything_is_paid(self):
        order = self._order()
        invoice = self._invoice(order)
        self._take_payment(invoice_id=invoice.id, amount=423.43)
        self._take_payment(order_id=order.id, amount=635.15)
        self.assertTrue(order.sales_admin_paid)
        messages = order.message_ids
        with self.assertRaisesRegex(UserError, "Nothing is due on order .*1,058.58"):
            self._send_link(order)
        self.assertEqual(order.message_ids, messages)
        self.assertFalse(order.sales_admin_date_payment_link_sent)

    def test_no_link_when_an_advance_paid_the_whole_order(self):
        order = self._order()
        self._take_payment(order_id=order.id, amount=1058.58)
        self.assertFalse(order.sales_admin_paid, "not invoiced yet")
        self.assertEqual(order.sales_admin_amount_due, 0)
        with self.assertRaisesRegex(UserError, "Nothing is due"):
            self._send_link(order)

    def test_an_online_payment_not_booked_yet_counts(self):
        order = self._order()
        provider = self.env["payment.provider"].create({"name": "Desk Test", "code": "none"})
        self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment.payment_method_unknown").id,
                "amount": 58.58,
                "currency_id": order.currency_id.id,
                "partner_id": self.customer.id,
                "reference": "DESK-TX-58",
                "state": "done",
                "sale_order_ids": order.ids,
            }
        )
        self.assertEqual(order.sales_admin_amount_received, 58.58)
        self.assertLinkAsks(order, 1000.0)

    def test_reminders_ask_for_what_is_due_and_stop_once_paid(self):
        self.company.sales_admin_payment_link_reminder_days = 3
        self.company.sales_admin_payment_link_reminder_mode = "email"
        partly, fully = self._order(), self._order()
        invoices = {order: self._invoice(order) for order in (partly, fully)}
        with freeze_time("2026-04-01"):
            self._send_link(partly)
            self._send_link(fully)
        self._take_payment(invoice_id=invoices[partly].id, amount=423.43)
        self._register_payment(invoices[fully], 1058.58)
        with freeze_time("2026-04-10"):
            to_remind = self.env["sale.order"]._sales_admin_payment_links_to_remind()
            self.assertIn(partly, to_remind)
            self.assertNotIn(fully, to_remind)
            (partly | fully)._sales_admin_remind_payment_link()
        reminder = partly.message_ids[0]
        self.assertIn("reminder", reminder.body)
        self.assertIn("payment_amount=635.15", reminder.body)
        self.assertTrue(partly.sales_admin_date_payment_link_reminded)
        self.assertNotIn("reminder", fully.message_ids[0].body)
        self.assertFalse(fully.sales_admin_date_payment_link_reminded)

    def test_a_reminder_activity_says_what_is_due(self):
        self.company.sales_admin_payment_link_reminder_days = 3
        self.company.sales_admin_payment_link_reminder_mode = "activity"
        order = self._order()
        invoice = self._invoice(order)
        with freeze_time("2026-04-01"):
            self._send_link(order)
        self._register_payment(invoice, 423.43)
        with freeze_time("2026-04-10"):
            self.env[
                "sale.order"
            ]._sales_admin_payment_links_to_remind()._sales_admin_remind_payment_link()
        activity = order.activity_ids.filtered(
            lambda act: act.activity_type_id
            == self.env.ref("sales_admin_base.mail_activity_type_payment_link")
        )
        self.assertIn(f"{order.currency_id.format(635.15)} due", html.unescape(activity.note))
