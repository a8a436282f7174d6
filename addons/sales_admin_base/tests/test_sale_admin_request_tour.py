from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestSaleAdminRequestTour(HttpCase):
    def test_rep_asks_admin_escalates_manager_decides(self):
        order = self.env.ref("sales_admin_base.order_confirmed")
        rep = self.env.ref("sales_admin_base.user_sales_rep")
        admin = self.env.ref("sales_admin_base.user_sales_admin")
        manager = self.env.ref("sales_admin_base.user_sales_manager")
        Request = self.env["sale.admin.request"]
        on_order = [("res_model", "=", "sale.order"), ("res_id", "=", order.id)]
        self.assertFalse(Request.search(on_order))

        self.start_tour(
            f"/odoo/sale.order/{order.id}", "sales_admin_request_rep_asks", login="srep"
        )
        request = Request.search(on_order)
        self.assertEqual(len(request), 1)
        self.assertEqual(request.requester_id, rep)
        self.assertEqual(request.sales_admin_id, admin)
        self.assertEqual(request.state, "new")

        self.start_tour("/odoo", "sales_admin_request_admin_escalates", login="sadmin")
        self.env.invalidate_all()
        self.assertEqual(request.state, "escalated")
        self.assertEqual(request.waiting_user_id, manager)
        self.assertEqual(request.escalation_ids.escalated_by_id, admin)

        self.start_tour("/odoo", "sales_admin_request_manager_decides", login="smanager")
        self.env.invalidate_all()
        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.escalation_ids.decided_by_id, manager)
        self.assertTrue(
            order.message_ids.filtered(lambda m: "Granted: 12%" in m.body),
            "the decision is on the order's chatter",
        )
