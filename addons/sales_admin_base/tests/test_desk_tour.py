from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestOrderDeskTour(HttpCase):
    def test_sales_admin_clears_a_blocked_order_and_takes_a_phone_payment(self):
        order = self.env.ref("sales_admin_base.order_desk_on_hold")
        self.assertEqual(order.sales_admin_state, "blocked")
        self.start_tour("/odoo", "sales_admin_order_desk", login="sadmin")
        self.assertFalse(order.sales_admin_hold)
        self.assertEqual(order.sales_admin_state, "ready")
        payment = order.sales_admin_payment_ids
        self.assertEqual(payment.amount, order.amount_total)
        self.assertIn("card ending 4242", payment.memo)
