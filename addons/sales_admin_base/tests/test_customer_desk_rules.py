from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestIncompleteCustomersOfEarlierOrders(SalesAdminDeskCommon):
    """Orders in progress before the required-fields rule applies keep running: their customer's
    gaps are a warning; orders created or confirmed since are blocked."""

    def _rule_from(self, moment):
        self.company.sales_admin_date_customer_check = moment

    def test_an_order_older_than_the_rule_only_warns_about_its_incomplete_customer(self):
        self.customer.phone = False
        order = self._create_order()
        self._rule_from(fields.Datetime.now() + timedelta(hours=1))
        self.assertFalse(order.sales_admin_customer_ok, "the gap is still shown")
        self.assertNotEqual(order.sales_admin_state, "blocked")
        self.assertFalse(order.sales_admin_block_reasons)

    def test_a_new_order_of_an_incomplete_customer_is_blocked(self):
        self._rule_from(fields.Datetime.now() - timedelta(days=30))
        self.customer.phone = False
        order = self._create_order()
        self.assertEqual(order.sales_admin_state, "blocked")
        self.assertIn("Phone", order.sales_admin_block_reasons)

    def test_an_older_quotation_confirmed_since_the_rule_is_blocked(self):
        self.customer.phone = False
        order = self._create_order()
        self._rule_from(fields.Datetime.now() + timedelta(hours=1))
        self.assertNotEqual(order.sales_admin_state, "blocked")
        order.action_confirm()
        order.date_order = fields.Datetime.now() + timedelta(hours=2)
        order._sales_admin_recheck()
        self.assertEqual(order.sales_admin_state, "blocked")

    def test_a_sales_admin_sees_the_rules_date_in_the_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.sales_admin_date_customer_check, self.company.sales_admin_date_customer_check
        )
        self.assertTrue(self.company.sales_admin_date_customer_check, "set at installation")


@tagged("post_install", "-at_install")
class TestDuplicateFinderScope(SalesAdminDeskCommon):
    def _pairs(self):
        return {
            frozenset((row["left_id"], row["right_id"]))
            for row in self.env["res.partner"]._sales_admin_find_duplicates(limit=10000)
        }

    def test_the_companies_own_partners_are_never_proposed(self):
        twin = self.env["res.partner"].create(
            {"name": self.company.name, "email": self.company.partner_id.email or "co@x.example"}
        )
        other = self.env["res.company"].create({"name": f"{self.company.name} US"})
        found = self._pairs()
        self.assertFalse(
            [pair for pair in found if self.company.partner_id.id in pair], "not the company"
        )
        self.assertFalse([pair for pair in found if other.partner_id.id in pair])
        self.assertTrue(twin)

    def test_the_employees_partners_are_never_proposed(self):
        self.admin_user.partner_id.email = "colleague@finder.example"
        customer = self.env["res.partner"].create(
            {"name": "Colleague Twin", "email": "colleague@finder.example"}
        )
        found = self._pairs()
        self.assertNotIn(frozenset((self.admin_user.partner_id.id, customer.id)), found)

    def test_the_finder_dialog_keeps_its_title_after_a_search(self):
        finder = self.env["sale.admin.partner.deduplicate"].with_user(self.admin_user).create({})
        self.assertEqual(finder.action_find()["name"], "Find Duplicate Customers")


@tagged("post_install", "-at_install")
class TestIncompleteCustomersList(SalesAdminDeskCommon):
    def test_the_list_shows_completeness_and_missing_fields(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.res_partner_action_incomplete"
        )
        list_view_id = {mode: view for view, mode in action["views"]}["list"]
        arch = (
            self.env["res.partner"]
            .with_user(self.admin_user)
            .get_views([(list_view_id, "list")])["views"]["list"]["arch"]
        )
        self.assertIn('name="sales_admin_completeness"', arch)
        self.assertIn('name="sales_admin_missing_items"', arch)
        tile = self.env.ref("sales_admin_base.cockpit_tile_customers_incomplete")
        self.assertEqual(
            tile.with_user(self.admin_user).action_open()["views"][0], (list_view_id, "list")
        )
