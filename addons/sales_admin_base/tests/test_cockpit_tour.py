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
