from datetime import date, datetime

from odoo.fields import Domain
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestKpiPeriods(TransactionCase):
    """The period condition of the business numbers (`sale.admin.kpi._within_domain`): the same
    records as the domain of the same ranges, in searches, in `filtered_domain` and under the
    record rules of the user who reads the numbers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["sale.admin.kpi"]
        cls.rep = new_test_user(cls.env, "kpi_period_rep", groups="sales_team.group_sale_salesman")
        customer = cls.env["res.partner"].create({"name": "Period Customer"})
        cls.orders = cls.env["sale.order"].create(
            [
                {"partner_id": customer.id, "date_order": moment, "user_id": user.id}
                for moment, user in (
                    (datetime(2026, 1, 1, 0, 0, 0), cls.rep),  # a period's first second
                    (datetime(2026, 1, 31, 23, 59, 59), cls.env.user),
                    (datetime(2026, 2, 1, 0, 0, 0), cls.rep),  # the next period's start: out
                    (datetime(2026, 3, 15, 12, 0, 0), cls.rep),
                    (datetime(2025, 12, 31, 23, 59, 59), cls.rep),
                )
            ]
        )
        cls.bounds = [
            (datetime(2026, 1, 1), datetime(2026, 2, 1)),
            (datetime(2026, 3, 1), datetime(2026, 4, 1)),
        ]

    def _same_ranges(self, field, bounds):
        return Domain.OR(
            Domain(field, ">=", start) & Domain(field, "<", end) for start, end in bounds
        )

    def test_the_period_condition_finds_what_the_domain_of_its_ranges_finds(self):
        Order = self.env["sale.order"]
        mine = Domain("id", "in", self.orders.ids)
        within = self.Kpi._within_domain("date_order", self.bounds)
        expected = Order.search(mine & self._same_ranges("date_order", self.bounds))
        self.assertEqual(len(expected), 3)
        self.assertEqual(Order.search(mine & within), expected)
        self.assertEqual(self.orders.filtered_domain(within), expected)
        # composed with other conditions, negated or empty
        self.assertEqual(
            Order.search(mine & ~within), self.orders - expected, "outside the periods"
        )
        self.assertFalse(Order.search(mine & self.Kpi._within_domain("date_order", [])))

    def test_a_date_column_with_the_day_after_the_period_as_its_end(self):
        mine = Domain("id", "in", self.orders.ids)
        for order, day in zip(
            self.orders,
            (date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), None, date(2025, 12, 31)),
            strict=True,
        ):
            order.validity_date = day
        within = self.Kpi._within_domain("validity_date", [(date(2026, 1, 1), date(2026, 2, 1))])
        self.assertEqual(self.env["sale.order"].search(mine & within), self.orders[:2])
        self.assertEqual(self.orders.filtered_domain(within), self.orders[:2])

    def test_the_record_rules_of_the_reader_apply(self):
        Order = self.env["sale.order"].with_user(self.rep)
        mine = Domain("id", "in", self.orders.ids)
        within = self.Kpi._within_domain("date_order", self.bounds)
        # the salesman reads his own orders only: the order of January 31st is another's
        self.assertEqual(Order.search(mine & within), self.orders[0] | self.orders[3])
