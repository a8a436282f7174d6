import io
from datetime import timedelta

import openpyxl

from odoo import Command, fields
from odoo.fields import Domain
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestReportSections(TransactionCase):
    """The complaint, request and order sheets agree with Odoo's own _read_group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        # the day in UTC, as the periods below are bounded and the records dated ("now"): the
        # superuser's own day (Brussels) is already next month in the last hour of a month
        cls.today = fields.Date.today()
        cls.first = cls.today.replace(day=1)
        cls.start, cls.end = cls.env["sale.admin.report.kpi"]._datetime_bounds(
            cls.first, cls.today, "UTC"
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Section customer", "email": "s@example.com"}
        )
        cls.category = cls.env["sale.complaint.category"].create({"name": "Late delivery"})
        Complaint = cls.env["sale.complaint"]
        cls.complaints = Complaint.create(
            [
                {
                    "subject": f"Late {i}",
                    "partner_id": cls.customer.id,
                    "category_id": cls.category.id,
                }
                for i in range(3)
            ]
        )
        rep = new_test_user(cls.env, "sect_rep", groups="sales_team.group_sale_salesman")
        cls.request_type = cls.env.ref("sales_admin_base.sale_admin_request_type_customer_issue")
        cls.requests = cls.env["sale.admin.request"].create(
            [
                {
                    "subject": f"Help {i}",
                    "requester_id": rep.id,
                    "type_id": cls.request_type.id,
                    "partner_id": cls.customer.id,
                }
                for i in range(2)
            ]
        )
        cls.definition = cls.env["sale.admin.report.definition"].create(
            {"name": "Sections", "date_start": cls.first, "tz": "UTC", "send_email": False}
        )

    def _kpi(self):
        return self.env["sale.admin.report.kpi"]

    def test_complaint_numbers_equal_read_group(self):
        kpis = self._kpi()._period_kpis(self.company, self.first, self.today)
        [(opened,)] = self.env["sale.complaint"]._read_group(
            Domain("company_id", "=", self.company.id)
            & Domain("date_open", ">=", self.start)
            & Domain("date_open", "<", self.end),
            [],
            ["__count"],
        )
        self.assertGreaterEqual(opened, 3)
        self.assertEqual(kpis["complaints_opened"], opened)
        tables = self._kpi()._complaint_tables(self.company, self.start, self.end)
        self.assertIn((self.category, 3, 0.0), tables["category"])

    def test_archiving_a_product_leaves_the_complaint_tables_as_they_were(self):
        """A product withdrawn because of its complaints gets archived: its complaints of the
        period stay with it in the complaints-by-product ranking (not under "(none)"), as they
        do in the complaint rates per product."""
        product = self.env["product.product"].create({"name": "Withdrawn kettle"})
        self.complaints[:2].product_ids = product
        Kpi = self._kpi()
        before = Kpi._complaint_tables(self.company, self.start, self.end)
        self.assertIn((product, 2, 0.0), before["product"])
        product.action_archive()
        self.env.invalidate_all()
        self.assertEqual(Kpi._complaint_tables(self.company, self.start, self.end), before)
        rates = Kpi._period_kpis(self.company, self.first, self.today)["product_complaint_rate"]
        self.assertEqual(rates[product.id]["count"], 2)

    def test_request_numbers_equal_read_group(self):
        kpis = self._kpi()._period_kpis(self.company, self.first, self.today)
        [(raised,)] = self.env["sale.admin.request"]._read_group(
            Domain("company_id", "=", self.company.id)
            & Domain("date_raised", ">=", self.start)
            & Domain("date_raised", "<", self.end),
            [],
            ["__count"],
        )
        self.assertGreaterEqual(raised, 2)
        self.assertEqual(kpis["requests_raised"], raised)
        rows = self._kpi()._request_tables(self.company, self.start, self.end)["type"]
        types = {row[0]: row[1] for row in rows}
        self.assertGreaterEqual(types[self.request_type], 2)

    def test_order_processing_counts_blocked_orders_like_the_order_desk(self):
        kpis = self._kpi()._period_kpis(self.company, self.first, self.today + timedelta(days=1))
        blocked = self.env["sale.order"].search_count(
            [("company_id", "=", self.company.id), ("sales_admin_state", "=", "blocked")]
        )
        self.assertEqual(kpis["blocked_orders"], blocked)

    def test_the_file_has_the_feature_sheets(self):
        run = self.env["sale.admin.report.run"].create(
            {"definition_id": self.definition.id, "date_from": self.first, "date_to": self.today}
        )
        run._process()
        self.assertEqual(run.state, "done", run.error)
        workbook = openpyxl.load_workbook(io.BytesIO(run.attachment_id.raw), data_only=True)
        rows = list(workbook["Complaints"].iter_rows(values_only=True))
        self.assertIn(("Late delivery", 3, 0), [row[:3] for row in rows])
        summary = {
            row[0]: row[1]
            for row in workbook["Summary"].iter_rows(min_row=4, values_only=True)
            if row[0]
        }
        self.assertEqual(
            summary["Complaints opened"],
            run.env["sale.admin.report.kpi"]._period_kpis(self.company, self.first, self.today)[
                "complaints_opened"
            ],
        )

    def test_order_processing_analysis_shows_the_sheets_cycle_times(self):
        pivot = self.env.ref("sales_admin_reporting.sale_order_analysis_view_pivot")
        graph = self.env.ref("sales_admin_reporting.sale_order_analysis_view_graph")
        views = self.env["sale.order"].get_views([(pivot.id, "pivot"), (graph.id, "graph")])
        self.assertIn("sales_admin_days_to_fulfil", views["views"]["pivot"]["arch"])
        cycle = dict(self._kpi()._order_tables(self.company, self.start, self.end)["cycle"])
        # the pivot's Fulfilled filter: the orders that have a time to fulfil
        [(average,)] = self.env["sale.order"]._read_group(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "sale"),
                ("date_order", ">=", self.start),
                ("date_order", "<", self.end),
                ("sales_admin_state", "=", "fulfilled"),
            ],
            [],
            ["sales_admin_days_to_fulfil:avg"],
        )
        self.assertEqual(cycle["sales_admin_days_to_fulfil"], average or None)

    def test_cycle_times_average_only_the_orders_that_reached_the_step(self):
        # an order of the period on its way (the demo's are dated from the day it was installed)
        product = self.env["product.product"].create({"name": "Cycle item", "list_price": 10.0})
        self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})],
            }
        ).action_confirm()
        orders = self.env["sale.order"].search(
            [
                ("company_id", "=", self.company.id),
                ("state", "=", "sale"),
                ("date_order", ">=", self.start),
                ("date_order", "<", self.end),
            ]
        )
        self.assertTrue(orders.filtered(lambda o: not o.sales_admin_date_delivered))
        cycle = dict(self._kpi()._order_tables(self.company, self.start, self.end)["cycle"])
        delivered = orders.filtered("sales_admin_date_delivered")
        expected = (
            sum(delivered.mapped("sales_admin_days_to_deliver")) / len(delivered)
            if delivered
            else None
        )
        if expected is None:
            self.assertIsNone(cycle["sales_admin_days_to_deliver"])
        else:
            self.assertAlmostEqual(cycle["sales_admin_days_to_deliver"], expected, places=6)
        fulfilled = orders.filtered(
            lambda o: o.sales_admin_date_delivered and o.sales_admin_date_paid
        )
        if not fulfilled:
            self.assertIsNone(cycle["sales_admin_days_to_fulfil"])
