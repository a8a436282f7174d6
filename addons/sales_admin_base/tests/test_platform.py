from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSalesAdminGroups(TransactionCase):
    def test_sales_admin_user_gets_all_sales_documents(self):
        user = new_test_user(
            self.env, "sa_grp_user", groups="sales_admin_base.group_sales_admin_user"
        )
        self.assertTrue(user.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(user.has_group("sales_admin_base.group_sales_admin_manager"))

    def test_sales_admin_manager_implies_sales_admin_user(self):
        user = new_test_user(
            self.env, "sa_grp_manager", groups="sales_admin_base.group_sales_admin_manager"
        )
        self.assertTrue(user.has_group("sales_admin_base.group_sales_admin_user"))

    def test_groups_belong_to_the_sales_administration_privilege(self):
        privilege = self.env.ref("sales_admin_base.res_groups_privilege_sales_admin")
        self.assertEqual(
            set(privilege.group_ids.mapped("name")), {"Sales Admin User", "Sales Admin Manager"}
        )

    def test_sales_rep_does_not_see_the_app(self):
        rep = new_test_user(self.env, "sa_grp_rep", groups="sales_team.group_sale_salesman")
        menu = self.env.ref("sales_admin_base.sales_admin_menu_root")
        visible = self.env["ir.ui.menu"].with_user(rep)._visible_menu_ids()
        self.assertNotIn(menu.id, visible)


@tagged("post_install", "-at_install")
class TestSalesAdminDemo(TransactionCase):
    def test_demo_users_have_their_roles(self):
        ref = self.env.ref
        self.assertTrue(
            ref("sales_admin_base.user_sales_admin").has_group(
                "sales_admin_base.group_sales_admin_user"
            )
        )
        self.assertTrue(
            ref("sales_admin_base.user_sales_manager").has_group(
                "sales_admin_base.group_sales_admin_manager"
            )
        )
        self.assertFalse(
            ref("sales_admin_base.user_sales_rep").has_group(
                "sales_admin_base.group_sales_admin_user"
            )
        )
        self.assertTrue(
            ref("sales_admin_base.user_accountant").has_group("account.group_account_manager")
        )

    def test_demo_orders_cover_several_states(self):
        orders = (
            self.env.ref("sales_admin_base.order_draft")
            | self.env.ref("sales_admin_base.order_sent")
            | self.env.ref("sales_admin_base.order_confirmed")
        )
        self.assertEqual(set(orders.mapped("state")), {"draft", "sent", "sale"})


@tagged("post_install", "-at_install")
class TestSalesAdminSmokeTour(HttpCase):
    def test_sales_admin_sees_the_app_menu(self):
        self.start_tour("/odoo", "sales_admin_smoke", login="sadmin")
