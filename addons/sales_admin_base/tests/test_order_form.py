from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged

from .common import SalesAdminDeskCommon

ADMIN_ACTIONS = (
    "action_sales_admin_request_new",
    "action_sales_admin_take_payment",
    "action_sales_admin_send_payment_link",
    "action_sales_admin_put_on_hold",
    "action_sales_admin_release_hold",
)


@tagged("post_install", "-at_install")
class TestOrderForm(SalesAdminDeskCommon):
    """The order form as a sales admin sees it: our actions in one menu beside Odoo's own
    buttons, cycle times only for the steps that happened."""

    def _form_arch(self, user):
        view = self.env.ref("sale.view_order_form")
        return etree.fromstring(self.env["sale.order"].with_user(user).get_view(view.id)["arch"])

    def test_the_admin_actions_sit_in_one_menu_of_the_header(self):
        arch = self._form_arch(self.admin_user)
        [menu] = arch.xpath("//header/div[@name='sales_admin_actions']")
        self.assertLessEqual(set(ADMIN_ACTIONS), set(menu.xpath(".//button/@name")))
        self.assertFalse(
            arch.xpath("//header/button[starts-with(@name, 'action_sales_admin')]"),
            "none of our actions is a header button of its own",
        )

    def test_a_rep_sees_ask_sales_admin_only_in_the_menu(self):
        arch = self._form_arch(self.rep)
        [menu] = arch.xpath("//header/div[@name='sales_admin_actions']")
        names = set(menu.xpath(".//button/@name"))
        self.assertIn("action_sales_admin_request_new", names)
        self.assertFalse(names & set(ADMIN_ACTIONS[1:]), "payments and holds are the admin's")

    def test_a_cycle_time_shows_only_once_both_of_its_steps_happened(self):
        arch = self._form_arch(self.admin_user)
        timeline = arch.xpath("//group[@name='sales_admin_timeline']")[0]
        for name, date_field in (
            ("sales_admin_days_to_confirm", "sales_admin_date_confirmed"),
            ("sales_admin_days_to_deliver", "sales_admin_date_delivered"),
            ("sales_admin_days_to_invoice", "sales_admin_date_invoiced"),
            ("sales_admin_days_to_pay", "sales_admin_date_paid"),
            ("sales_admin_days_to_fulfil", "sales_admin_date_paid"),
        ):
            [field] = timeline.xpath(f"field[@name='{name}']")
            self.assertIn(f"not {date_field}", field.get("invisible", ""), name)

    def test_the_cycle_times_count_from_the_confirmation_date_even_when_corrected(self):
        with freeze_time("2026-03-10 09:00:00"):
            order = self._confirmed_order([(self.manual_service, 1)])
            order.date_order = "2026-03-01 09:00:00"  # confirmed by phone on the 1st
            order.order_line.qty_delivered = 1
            self.env.flush_all()
        self.assertEqual(str(order.sales_admin_date_confirmed), "2026-03-01 09:00:00")
        self.assertEqual(order.sales_admin_days_to_deliver, 9.0)
