from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.fields import Domain
from odoo.tests import tagged

from .common import ReportingCommon

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


@tagged("post_install", "-at_install")
class TestReportReceivables(ReportingCommon):
    """Open and overdue receivables and days to pay as they stood at a date, with one definition
    (sale.admin.kpi) that the report, the customer overview and the order desk all read.

    Customer A at the end of January 2026: an invoice of 1,000 due on 31 December, 300 paid on
    15 January and the rest on 10 February (after the period); an invoice of 500 due on
    20 February; an open credit note of 100 dated 25 January; an invoice of 200 of 5 January paid
    on 12 January (7 days) and one of 100 of 1 December paid on 11 January (41 days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        customer = cls.customer_a
        cls.late_order = cls._order(customer, 10, "2025-12-05 10:00:00")
        cls.late_invoice = cls._invoice(cls.late_order, date(2025, 12, 10), date(2025, 12, 31))
        cls._pay(cls.late_invoice, 300.0, date(2026, 1, 15))
        cls.open_invoice = cls._invoice(
            cls._order(customer, 5, "2026-01-18 10:00:00"), date(2026, 1, 20), date(2026, 2, 20)
        )
        cls.credit_note = cls.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": customer.id,
                "company_id": cls.company.id,
                "invoice_date": date(2026, 1, 25),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.product.id, "quantity": 1, "price_unit": 100.0}
                    )
                ],
            }
        )
        cls.credit_note.invoice_date_due = date(2026, 1, 25)
        cls.credit_note.action_post()
        quick = cls._invoice(
            cls._order(customer, 2, "2026-01-04 10:00:00"), date(2026, 1, 5), date(2026, 1, 5)
        )
        cls._pay(quick, 200.0, date(2026, 1, 12))
        slow = cls._invoice(
            cls._order(customer, 1, "2025-11-28 10:00:00"), date(2025, 12, 1), date(2025, 12, 1)
        )
        cls._pay(slow, 100.0, date(2026, 1, 11))
        # the rest of the late invoice, paid after the period's end (and before today)
        cls._pay(cls.late_invoice, 700.0, date(2026, 2, 10))
        cls.env.flush_all()

    @classmethod
    def _invoice(cls, order, invoice_date, due):
        invoice = order._create_invoices()
        invoice.write({"invoice_date": invoice_date, "invoice_payment_term_id": False})
        invoice.invoice_date_due = due
        invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoice, amount, day):
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": amount, "payment_date": day}).action_create_payments()

    def _journal_items_as_of(self, as_of):
        """Open and overdue at the end of `as_of` the way an accountant's aged receivables read
        Odoo's journal items: every posted receivable item dated up to then, less the
        reconciliations dated up to then."""
        lines = self.env["account.move.line"].search(
            Domain("company_id", "=", self.company.id)
            & Domain("account_id.account_type", "=", "asset_receivable")
            & Domain("parent_state", "=", "posted")
            & Domain("date", "<=", as_of)
        )
        open_amount = overdue = 0.0
        for line in lines:
            residual = (
                line.balance
                - sum(p.amount for p in line.matched_credit_ids if p.max_date <= as_of)
                + sum(p.amount for p in line.matched_debit_ids if p.max_date <= as_of)
            )
            open_amount += residual
            if (line.date_maturity or line.date) < as_of:
                overdue += residual
        return round(open_amount, 2), round(overdue, 2)

    def test_receivables_at_the_period_end_equal_the_journal_items_of_that_date(self):
        self.assertEqual(self.late_invoice.payment_state, "paid", "paid today, not then")
        data = self.env["sale.admin.report.kpi"]._report_data(self.company, *JANUARY)
        kpis = data["kpis"]
        self.assertEqual(
            (kpis["receivable_open"], kpis["receivable_overdue"]),
            self._journal_items_as_of(JANUARY[1]),
        )
        # 700 still owed on the late invoice, 500 not due, less the open credit note
        self.assertAlmostEqual(kpis["receivable_open"], 1100.0)
        self.assertAlmostEqual(kpis["receivable_overdue"], 600.0)
        self.assertEqual(
            dict(data["tables"]["payments"]["ageing"]),
            {
                "not_due": 500.0,
                "overdue_1_30": -100.0,
                "overdue_31_60": 700.0,
                "overdue_61_90": 0.0,
                "overdue_91_plus": 0.0,
            },
        )
        # a month earlier: the 1,000 and the 100 invoices only, nothing reconciled yet
        december = data["previous"]
        self.assertEqual(
            (december["receivable_open"], december["receivable_overdue"]),
            self._journal_items_as_of(date(2025, 12, 31)),
        )
        self.assertAlmostEqual(december["receivable_open"], 1100.0)
        self.assertAlmostEqual(december["receivable_overdue"], 100.0)

    def test_the_receivables_leave_the_transactions_settings_as_they_were(self):
        """The receivables query runs without PostgreSQL's JIT; the report's transaction (and
        the customer overview's) keeps its own setting afterwards."""
        self.env.cr.execute("SHOW jit")
        [(before,)] = self.env.cr.fetchall()
        receivables = self.env["sale.admin.kpi"]._receivables_at(self.company, [JANUARY[1]])
        self.assertAlmostEqual(receivables[JANUARY[1]][None]["open"], 1100.0)
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchall(), [(before,)])

    def test_receivables_and_days_to_pay_in_one_query_equal_each_on_its_own(self):
        """The report reads receivables and days to pay in one query over one scan of the
        receivable items: the same figures as `_receivables_at` and `_days_to_pay_windows`, at
        each window's end, with something open or not (the window of last December and the
        one of January, and one before anything was invoiced)."""
        Kpi = self.env["sale.admin.kpi"]
        windows = [
            JANUARY,
            (date(2025, 12, 1), date(2025, 12, 31)),
            (date(2025, 1, 1), date(2025, 1, 31)),
        ]
        buckets = ((1, 30), (31, None))
        with self.assertQueryCount(3):  # the query, and JIT's setting put back
            receivables, days_to_pay = Kpi._receivables_and_days_to_pay(
                self.company, windows, buckets
            )
        self.assertEqual(
            receivables,
            Kpi._receivables_at(self.company, [end for _start, end in windows], buckets=buckets),
        )
        self.assertEqual(days_to_pay, Kpi._days_to_pay_windows(self.company, windows))
        self.assertEqual(receivables[JANUARY[1]][None]["open"], 1100.0)
        # the report's way: without counting the documents, the same amounts
        with self.assertQueryCount(3):
            amounts_only, days_again = Kpi._receivables_and_days_to_pay(
                self.company, windows, buckets, counts=False
            )
        self.assertEqual(days_again, days_to_pay)
        for as_of, figures in receivables.items():
            self.assertEqual(
                amounts_only[as_of][None],
                {**figures[None], "open_count": None, "overdue_count": None},
            )
        self.assertGreater(receivables[JANUARY[1]][None]["overdue_count"], 0)
        self.assertEqual(days_to_pay[0], {None: 24.0})
        self.assertEqual(days_to_pay[2], {})
        # everything paid: nothing open at the end of February, days to pay all the same
        february = (date(2026, 2, 1), date(2026, 2, 28))
        self.open_invoice.invalidate_recordset()
        self._pay(self.open_invoice, self.open_invoice.amount_residual, date(2026, 2, 25))
        self._pay(self.credit_note, 100.0, date(2026, 2, 26))  # the credit note paid back
        receivables, days_to_pay = Kpi._receivables_and_days_to_pay(self.company, [february])
        self.assertEqual(receivables[february[1]][None]["open"], 0.0)
        self.assertTrue(days_to_pay[0])
        self.assertEqual(
            (receivables, days_to_pay),
            (
                Kpi._receivables_at(self.company, [february[1]]),
                Kpi._days_to_pay_windows(self.company, [february]),
            ),
        )

    def test_the_ageing_at_each_period_end_adds_up_to_its_open_receivables(self):
        data = self.env["sale.admin.report.kpi"]._report_data(self.company, *JANUARY)
        self.assertEqual(data["tables"]["payments"]["ageing"], data["kpis"]["receivable_ageing"])
        for part in ("kpis", "previous", "last_year"):
            kpis = data[part]
            ageing = dict(kpis["receivable_ageing"])
            self.assertAlmostEqual(sum(ageing.values()), kpis["receivable_open"])
            self.assertAlmostEqual(
                sum(amount for key, amount in ageing.items() if key != "not_due"),
                kpis["receivable_overdue"],
            )
        # at the end of December: the 1,000 invoice due that day, the 100 one due on 1 December
        self.assertEqual(
            dict(data["previous"]["receivable_ageing"]),
            {
                "not_due": 1000.0,
                "overdue_1_30": 100.0,
                "overdue_31_60": 0.0,
                "overdue_61_90": 0.0,
                "overdue_91_plus": 0.0,
            },
        )

    def test_the_overview_the_desk_filter_and_the_report_agree(self):
        with freeze_time("2026-01-31 18:00:00"):
            self.customer_a.invalidate_recordset()
            customer = self.customer_a.with_user(self.manager)
            overview = (
                customer.sales_admin_unpaid_amount,
                customer.sales_admin_overdue_amount,
                customer.sales_admin_avg_days_to_pay,
            )
            overdue_orders = self.env["sale.order"].search(
                [("sales_admin_overdue", "=", True), ("company_id", "=", self.company.id)]
            )
            overdue_invoice_count = customer.sales_admin_overdue_invoice_count
        kpis = self.env["sale.admin.report.kpi"]._report_data(self.company, *JANUARY)["kpis"]
        report = (kpis["receivable_open"], kpis["receivable_overdue"], kpis["days_to_pay"])
        self.assertEqual(overview, report)
        self.assertEqual(report, (1100.0, 600.0, 24.0))
        # the desk finds the order of the one invoice with something overdue, no other
        self.assertEqual(overdue_invoice_count, 1)
        self.assertEqual(overdue_orders, self.late_order)
