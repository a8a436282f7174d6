from odoo.tests import HttpCase, tagged

from .lang_common import CORE_MODULES, LATVIAN, load_latvian


@tagged("post_install", "-at_install")
class TestCockpitTour(HttpCase):
    def test_the_sales_admin_opens_a_counter_from_the_cockpit(self):
        self.start_tour("/odoo", "sales_admin_cockpit", login="sadmin")

    def test_a_latvian_sales_admin_sees_the_cockpit_in_latvian(self):
        load_latvian(self.env, [*CORE_MODULES, "sales_admin_base"])
        self.env.ref("sales_admin_base.user_sales_admin").lang = LATVIAN
        self.start_tour("/odoo", "sales_admin_cockpit_lv", login="sadmin")

    def test_the_sales_admin_lands_on_a_desk_that_fits_the_screen_and_says_when_nothing_waits(self):
        admin = self.env.ref("sales_admin_base.user_sales_admin")
        cockpit = self.env.ref("sales_admin_base.sales_admin_cockpit_action")
        self.assertEqual(admin.action_id.id, cockpit.id)
        Tile = self.env["sale.admin.cockpit.tile"]
        sections = set(Tile.search([]).mapped("section"))
        installed = self.env["ir.module.module"].search_count(
            [("name", "=", "sales_admin_reporting"), ("state", "=", "installed")]
        )
        if installed:
            self.assertIn("reports", sections, "the Reports section is on the desk")
        if not any(count == 0 for count in Tile.with_user(admin).search([]).mapped("count")):
            Tile.create(
                {
                    "name": "Quotations older than 2000",
                    "section": "orders",
                    "model_name": "sale.order",
                    "domain": "[('state', 'in', ('draft', 'sent')), ('date_order', '<', '2000-01-01')]",
                }
            )
        self.start_tour("/odoo", "sales_admin_desk_layout", login="sadmin")
