"""Benchmark: a quarterly sales admin report on a generated dataset.

    setup/test.sh tests/benchmarks/bench_report.py -o python_files='bench_*.py' -s
    BENCH_SIZE=large setup/test.sh tests/benchmarks/bench_report.py -o python_files='bench_*.py' -s

The dataset is written with bulk SQL (generate_series), not record by record, inside the test's
transaction (rolled back at the end). It prints the total time, the time spent in SQL, the number of
queries and the peak Python memory of making the report (KPIs, tables, XLSX file).
"""

import os
import time
import tracemalloc
from datetime import date
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

SIZES = {
    # orders, lines per order, customers, products, invoices (each with a payment)
    "small": {"orders": 2_000, "lines": 10, "customers": 500, "products": 200, "invoices": 4_000},
    "large": {
        "orders": 100_000,
        "lines": 10,
        "customers": 10_000,
        "products": 2_000,
        "invoices": 200_000,
    },
}
QUARTERS = 8
FIRST_DAY = date(2024, 1, 1)


@tagged("post_install", "-at_install", "benchmark")
class BenchReport(TransactionCase):
    def _generate(self, size):
        env = self.env
        company = env.company
        currency = company.currency_id.id
        uom = env.ref("uom.product_uom_unit").id
        categ = env.ref("product.product_category_goods").id
        sale_journal = env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        bank_journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        user = env.ref("base.user_admin").id
        days = (date(2026, 1, 1) - FIRST_DAY).days
        run = env.cr.execute
        env.flush_all()
        run(
            SQL(
                """
                CREATE TEMP TABLE bench_customer ON COMMIT DROP AS
                WITH ins AS (
                    INSERT INTO res_partner (name, complete_name, is_company, active, type, autopost_bills, email)
                    SELECT 'Bench customer ' || g, 'Bench customer ' || g, true, true, 'contact', 'ask',
                           'bench' || g || '@example.com'
                      FROM generate_series(1, %(n)s) g
                    RETURNING id)
                SELECT row_number() OVER () AS n, id FROM ins
                """,
                n=size["customers"],
            )
        )
        run(
            SQL(
                "UPDATE res_partner SET commercial_partner_id = id WHERE id IN (SELECT id FROM bench_customer)"
            )
        )
        run(
            SQL(
                """
                CREATE TEMP TABLE bench_product ON COMMIT DROP AS
                WITH tmpl AS (
                    INSERT INTO product_template (name, uom_id, type, service_tracking, categ_id, active,
                                                  sale_ok, list_price, invoice_policy)
                    SELECT jsonb_build_object('en_US', 'Bench product ' || g), %(uom)s, 'consu', 'no',
                           %(categ)s, true, true, 10 + g %% 90, 'order'
                      FROM generate_series(1, %(n)s) g
                    RETURNING id),
                prod AS (
                    INSERT INTO product_product (product_tmpl_id, active)
                    SELECT id, true FROM tmpl RETURNING id)
                SELECT row_number() OVER () AS n, id FROM prod
                """,
                n=size["products"],
                uom=uom,
                categ=categ,
            )
        )
        run(
            SQL(
                """
                CREATE TEMP TABLE bench_order ON COMMIT DROP AS
                WITH ins AS (
                    INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                            date_order, create_date, state, currency_id, currency_rate,
                                            user_id, invoice_status, amount_untaxed, amount_total)
                    SELECT 'BENCH/' || g, %(company)s, c.id, c.id, c.id,
                           %(first)s::timestamp + (g * 7919 %% %(days)s) * interval '1 day',
                           %(first)s::timestamp + (g * 7919 %% %(days)s) * interval '1 day',
                           CASE WHEN g %% 10 = 0 THEN 'draft' ELSE 'sale' END, %(currency)s, 1,
                           %(user)s, 'invoiced', 0, 0
                      FROM generate_series(1, %(n)s) g
                      JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
                    RETURNING id)
                SELECT row_number() OVER () AS n, id FROM ins
                """,
                n=size["orders"],
                company=company.id,
                first=FIRST_DAY,
                days=days,
                currency=currency,
                user=user,
                customers=size["customers"],
            )
        )
        run(
            SQL(
                """
                INSERT INTO sale_order_line (order_id, name, product_id, product_uom_id, product_uom_qty,
                       price_unit, price_subtotal, price_total, customer_lead, company_id, currency_id,
                       qty_delivered, qty_invoiced, qty_to_invoice, untaxed_amount_invoiced,
                       untaxed_amount_to_invoice, discount, is_downpayment, invoice_status, sequence)
                SELECT o.id, 'Bench line', p.id, %(uom)s, 1 + l %% 5, 10 + l, (1 + l %% 5) * (10 + l),
                       (1 + l %% 5) * (10 + l), 0, %(company)s, %(currency)s, 1 + l %% 5, 1 + l %% 5, 0,
                       (1 + l %% 5) * (10 + l), 0, 0, false, 'invoiced', l
                  FROM bench_order o
                 CROSS JOIN generate_series(1, %(lines)s) l
                  JOIN bench_product p ON p.n = 1 + (o.n * 31 + l) %% %(products)s
                """,
                uom=uom,
                company=company.id,
                currency=currency,
                lines=size["lines"],
                products=size["products"],
            )
        )
        run(
            SQL(
                """
                INSERT INTO account_move (name, journal_id, company_id, currency_id, state, move_type, auto_post,
                       date, invoice_date, invoice_date_due, partner_id, commercial_partner_id,
                       amount_untaxed_signed, amount_total_signed, amount_residual_signed, payment_state)
                SELECT 'BINV/' || g, %(journal)s, %(company)s, %(currency)s, 'posted', 'out_invoice', 'no',
                       d, d, d + 30, c.id, c.id, 100 + g %% 900, 100 + g %% 900,
                       CASE WHEN g %% 4 = 0 THEN 100 + g %% 900 ELSE 0 END,
                       CASE WHEN g %% 4 = 0 THEN 'not_paid' ELSE 'paid' END
                  FROM generate_series(1, %(n)s) g
                  JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
                 CROSS JOIN LATERAL (SELECT %(first)s::date + (g::bigint * 104729 %% %(days)s)::int AS d) dd
                """,
                n=size["invoices"],
                journal=sale_journal.id,
                company=company.id,
                currency=currency,
                customers=size["customers"],
                first=FIRST_DAY,
                days=days,
            )
        )
        run(
            SQL(
                """
                INSERT INTO account_payment (journal_id, company_id, state, payment_type, partner_type, date,
                       partner_id, amount, amount_company_currency_signed, currency_id)
                SELECT %(journal)s, %(company)s, 'paid', 'inbound', 'customer',
                       %(first)s::date + (g::bigint * 104729 %% %(days)s)::int + 20, c.id, 100 + g %% 900,
                       100 + g %% 900, %(currency)s
                  FROM generate_series(1, %(n)s) g
                  JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
                 WHERE g %% 4 != 0
                """,
                n=size["invoices"],
                journal=bank_journal.id,
                company=company.id,
                currency=currency,
                customers=size["customers"],
                first=FIRST_DAY,
                days=days,
            )
        )
        run(
            SQL(
                "ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE account_move; ANALYZE account_payment"
            )
        )
        env.invalidate_all()

    def test_quarterly_report(self):
        size_name = os.environ.get("BENCH_SIZE", "small")
        size = SIZES[size_name]
        started = time.perf_counter()
        self._generate(size)
        print(
            f"\n[bench_report] dataset '{size_name}': {size} generated in {time.perf_counter() - started:.1f}s"
        )

        company = self.env.company
        date_from, date_to = date(2025, 10, 1), date(2025, 12, 31)
        stats = {"queries": 0, "sql_time": 0.0}
        original = Cursor.execute

        def timed_execute(cursor, *args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(cursor, *args, **kwargs)
            finally:
                stats["queries"] += 1
                stats["sql_time"] += time.perf_counter() - t0

        Kpi = self.env["sale.admin.report.kpi"]
        tracemalloc.start()
        t0 = time.perf_counter()
        with patch.object(Cursor, "execute", timed_execute):
            data = Kpi._report_data(company, date_from, date_to)
            content = self.env["sale.admin.report.xlsx"]._render(
                data,
                self.env["sale.admin.report.recommendation"],
                self.env["sale.admin.report.section"].search([]).mapped("code"),
            )
        total = time.perf_counter() - t0
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        self.assertGreater(data["kpis"]["orders"], 0)
        self.assertTrue(content)
        print(
            f"[bench_report] quarterly report ({size_name}): total {total:.2f}s, "
            f"in SQL {stats['sql_time']:.2f}s ({total / max(stats['sql_time'], 1e-9):.2f}x of the queries' time), "
            f"{stats['queries']} queries, peak Python memory {peak / 2**20:.1f} MB, file {len(content) / 1024:.0f} KiB"
        )
