from lxml import etree

from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.sales_admin_base.tests.common import SalesAdminDeskCommon


@tagged("post_install", "-at_install")
class TestOrderProcessingAnalysis(SalesAdminDeskCommon):
    """The order-processing pivot: one column per cycle time, averaged over the orders that went
    through every step (a step not reached counts 0 days)."""

    def _fulfilled_order(self):
        with freeze_time("2026-03-02 09:00:00"):
            order = self._confirmed_order([(self.manual_service, 1)])
            self.env.flush_all()
        with freeze_time("2026-03-05 09:00:00"):
            order.order_line.qty_delivered = 1
            self.env.flush_all()
        with freeze_time("2026-03-06 09:00:00"):
            invoice = self._invoice(order)
            self.env.flush_all()
        with freeze_time("2026-03-10 09:00:00"):
            self._take_payment(invoice_id=invoice.id)
            self.env.flush_all()
        return order

    def _analysis_domain(self):
        """The action's domain and its default filters, as the web client applies them."""
        action = self.env.ref("sales_admin_reporting.sale_order_analysis_action")
        search = etree.fromstring(
            self.env["sale.order"].get_view(action.search_view_id.id, "search")["arch"]
        )
        domain = safe_eval(action.domain)
        for key, value in safe_eval(action.context).items():
            name = key.removeprefix("search_default_")
            if value and name != key:
                [node] = search.xpath(f"//filter[@name='{name}']")
                domain += safe_eval(node.get("domain"))
        return domain

    def test_the_pivot_fits_the_screen_without_sample_rows(self):
        pivot = etree.fromstring(
            self.env.ref("sales_admin_reporting.sale_order_analysis_view_pivot").arch
        )
        self.assertFalse(pivot.xpath("//field[@type='col']"), "no column groups by default")
        self.assertLessEqual(len(pivot.xpath("//field[@type='measure']")), 4)
        self.assertNotIn(pivot.get("sample"), ("1", "True"))

    def test_the_pivot_averages_the_orders_that_went_through_every_step(self):
        fulfilled = self._fulfilled_order()
        in_progress = self._confirmed_order([(self.manual_service, 1)])
        self.assertFalse(in_progress.sales_admin_date_delivered)
        measures = ["sales_admin_days_to_deliver", "sales_admin_days_to_pay"]
        domain = [*self._analysis_domain(), ("id", "in", (fulfilled | in_progress).ids)]
        self.assertEqual(self.env["sale.order"].search(domain), fulfilled)
        [averages] = self.env["sale.order"]._read_group(
            domain, [], [f"{name}:avg" for name in measures]
        )
        self.assertEqual(averages, (3.0, 4.0))
