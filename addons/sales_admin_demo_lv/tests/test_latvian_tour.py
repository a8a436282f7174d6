from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestLatvianTour(HttpCase):
    def test_the_latvian_sales_admin_works_the_desk_and_a_complaint_in_latvian(self):
        complaint = self.env.ref("sales_admin_demo_lv.lv_complaint_new")
        self.assertFalse(complaint.sales_admin_id)

        self.start_tour("/odoo", "sales_admin_demo_lv", login="lv.admin")

        self.assertEqual(
            complaint.sales_admin_id, self.env.ref("sales_admin_demo_lv.lv_user_sales_admin")
        )
