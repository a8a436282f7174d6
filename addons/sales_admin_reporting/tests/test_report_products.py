import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.fields import Domain
from odoo.tests import new_test_user, tagged

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportProductComplaints(ReportingCommon):
    """Complaints per product against the orders of that product, and the rule that watches them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.worsening = Product.create({"name": "Worsening widget", "taxes_id": False})
        cls.steady = Product.create({"name": "Steady widget", "taxes_id": False})
        cls.rare = Product.create({"name": "Rarely sold widget", "taxes_id": False})
        for day in (date(2026, 1, 10), date(2026, 2, 10)):
            for _i in range(5):
                cls._order_of(cls.worsening | cls.steady, day)
            cls._order_of(cls.rare, day)
        # January: 1 complaint on the worsening widget, 3 on the steady one; February: 3 and 3,
        # and 1 on the rarely sold one (one complaint on its one order)
        cls._complaints(cls.worsening, datetime(2026, 1, 15), 1)
        cls._complaints(cls.steady, datetime(2026, 1, 15), 3)
        cls._complaints(cls.worsening, datetime(2026, 2, 15), 3)
        cls._complaints(cls.steady, datetime(2026, 2, 15), 3)
        cls._complaints(cls.rare, datetime(2026, 2, 15), 1)
        cls.env["sale.admin.report.rule"].search(
            [("id", "!=", cls.env.ref("sales_admin_reporting.rule_product_complaint_rate_up").id)]
        ).active = False

    @classmethod
    def _order_of(cls, products, day):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "company_id": cls.company.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1})
                    for product in products
                ],
            }
        )
        order.action_confirm()
        order.date_order = datetime.combine(day, datetime.min.time())
        return order

    @classmethod
    def _complaints(cls, product, when, count):
        cls.env["sale.complaint"].create(
            [
                {
                    "subject": f"Broken {product.name} {i}",
                    "partner_id": cls.customer_a.id,
                    "company_id": cls.company.id,
                    "product_ids": [Command.set(product.ids)],
                    "date_open": when,
                }
                for i in range(count)
            ]
        )

    def _run(self, date_from, date_to):
        run = self.env["sale.admin.report.run"].create(
            {"definition_id": self.definition.id, "date_from": date_from, "date_to": date_to}
        )
        run._process()
        self.assertEqual(run.state, "done", run.error)
        return run

    def test_product_complaint_rates_equal_read_group(self):
        Kpi = self.env["sale.admin.report.kpi"]
        february = Kpi._periods_of([(date(2026, 2, 1), date(2026, 2, 28))], "UTC")
        start, end = february[0].start, february[0].end
        [rates] = Kpi._product_complaint_rates(self.company, february)
        complaints = dict(
            self.env["sale.complaint"]._read_group(
                Domain("company_id", "=", self.company.id)
                & Domain("date_open", ">=", start)
                & Domain("date_open", "<", end),
                ["product_ids"],
                ["__count"],
            )
        )
        orders = dict(
            self.env["sale.order.line"]._read_group(
                Domain("order_id.company_id", "=", self.company.id)
                & Domain("order_id.state", "=", "sale")
                & Domain("order_id.date_order", ">=", start)
                & Domain("order_id.date_order", "<", end),
                ["product_id"],
                ["order_id:count_distinct"],
            )
        )
        self.assertEqual(
            {product.id for product in complaints if product} | {p.id for p in orders},
            set(rates),
        )
        for product in self.worsening | self.steady | self.rare:
            entry = rates[product.id]
            self.assertEqual(entry["count"], complaints.get(product, 0))
            self.assertEqual(entry["base"], orders.get(product, 0))
            self.assertEqual(entry["value"], round(entry["count"] / entry["base"] * 100, 1))
        self.assertEqual(rates[self.worsening.id]["value"], 60.0)
        self.assertEqual(rates[self.rare.id]["value"], 100.0)

    def test_a_salesman_reading_the_rates_counts_only_what_he_may_read(self):
        """The rates per product read the orders and complaints through the record rules, as
        every other figure does: a rep counts his own orders of the product and the complaints
        of his customers, not the company's."""
        rep = new_test_user(
            self.env,
            "rep_own_rates",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        customer = self.env["res.partner"].create({"name": "Rep's customer", "user_id": rep.id})
        order = self._order_of(self.rare, date(2026, 2, 11))
        order.write({"partner_id": customer.id, "user_id": rep.id})
        self.env["sale.complaint"].create(
            {
                "subject": "Broken for the rep's customer",
                "partner_id": customer.id,
                "company_id": self.company.id,
                "product_ids": [Command.set(self.rare.ids)],
                "date_open": datetime(2026, 2, 16),
            }
        )
        self.env.flush_all()
        Kpi = self.env["sale.admin.report.kpi"]
        february = Kpi._periods_of([(date(2026, 2, 1), date(2026, 2, 28))], "UTC")
        [company_rates] = Kpi._product_complaint_rates(self.company, february)
        self.assertEqual(company_rates[self.rare.id], {"value": 100.0, "count": 2, "base": 2})
        [rates] = (
            Kpi.with_user(rep)
            .with_company(self.company)
            ._product_complaint_rates(self.company, february)
        )
        self.assertEqual(rates, {self.rare.id: {"value": 100.0, "count": 1, "base": 1}})

    def test_an_order_with_two_lines_of_a_product_counts_once_in_its_period(self):
        self._order_of([self.rare, self.rare, self.steady], date(2026, 2, 12))
        Kpi = self.env["sale.admin.report.kpi"]
        periods = Kpi._periods_of(
            [(date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 1, 1), date(2026, 1, 31))], "UTC"
        )
        february, january = Kpi._product_complaint_rates(self.company, periods)
        self.assertEqual((february[self.rare.id]["base"], january[self.rare.id]["base"]), (2, 1))
        self.assertEqual(february[self.rare.id]["value"], 50.0)
        self.assertEqual(
            (february[self.steady.id]["base"], january[self.steady.id]["base"]), (6, 5)
        )

    def test_another_companys_complaints_are_not_counted(self):
        main = self.env.ref("base.main_company")
        self.env["sale.complaint"].with_company(main).create(
            {
                "subject": "Elsewhere",
                "partner_id": self.customer_a.id,
                "company_id": main.id,
                "product_ids": [Command.set(self.worsening.ids)],
                "date_open": datetime(2026, 2, 15),
            }
        )
        Kpi = self.env["sale.admin.report.kpi"]
        february = Kpi._periods_of([(date(2026, 2, 1), date(2026, 2, 28))], "UTC")
        [rates] = Kpi._product_complaint_rates(self.company, february)
        self.assertEqual(rates[self.worsening.id]["count"], 3)

    def test_product_rule_fires_for_the_worsening_product_only(self):
        run = self._run(date(2026, 2, 1), date(2026, 2, 28))
        recommendation = run.recommendation_ids
        self.assertEqual(len(recommendation), 1, recommendation.mapped("message"))
        self.assertEqual(recommendation.product_id, self.worsening)
        message = recommendation.message
        for evidence in (
            "Worsening widget",
            "from 20.0 to 60.0",
            "200.0% more",
            "3 complaints on 5 orders",
            "against 1 on 5",
        ):
            self.assertIn(evidence, message)

    def test_product_rule_does_not_fire_without_a_rise_or_below_the_minimum_volume(self):
        rule = self.env.ref("sales_admin_reporting.rule_product_complaint_rate_up")
        run = self._run(date(2026, 1, 1), date(2026, 1, 31))
        self.assertFalse(run.recommendation_ids, "January has nothing to compare with")
        rule.min_volume = 1
        february = self._run(date(2026, 2, 1), date(2026, 2, 28))
        self.assertEqual(
            february.recommendation_ids.product_id,
            self.worsening | self.rare,
            "without the guard, one complaint on one order fires; the steady rate never does",
        )

    def test_complaints_sheet_shows_the_rate_per_product(self):
        run = self._run(date(2026, 2, 1), date(2026, 2, 28))
        workbook = openpyxl.load_workbook(io.BytesIO(run.attachment_id.raw), data_only=True)
        rows = [row[:5] for row in workbook["Complaints"].iter_rows(values_only=True)]
        # rates are written as percentages: 0.6 shown as 60.0%
        self.assertIn(("Worsening widget", 3, 5, 0.6, 0.2), rows)
        self.assertIn(("Steady widget", 3, 5, 0.6, 0.6), rows)
        self.assertIn(("Rarely sold widget", 1, 1, 1, 0), rows)
