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
