"""Benchmark: a quarterly sales admin report on a generated dataset.

    setup/test.sh tests/benchmarks/bench_report.py -o python_files='bench_*.py' -s
    BENCH_SIZE=large setup/test.sh tests/benchmarks/bench_report.py -o python_files='bench_*.py' -s

The dataset is written with bulk SQL (generate_series), not record by record, inside the test's
transaction (rolled back at the end). It prints the time, the time spent in SQL, the number of
queries and the peak Python memory of making the report (KPIs and tables, then the XLSX file), the
same for the report's floor (report_floor.py: every figure and table by hand-written SQL), their
ratio, and the slowest queries of each. Queries are counted and timed in a first round; the times
compared are the best of SALES_ADMIN_BENCH_ROUNDS (3) rounds run with nothing else measured, report
and floor one after the other in each, and the peak memory comes from a round of its own
(tracemalloc slows Python down); it fails when a figure of the report differs from the
floor's other than by a known bug of the report (report_floor.REPORT_BUGS).
SALES_ADMIN_BENCH_QUERY_LOG=<file> writes every query of the report to that file, one per line, to
compare the two sizes; SALES_ADMIN_BENCH_EXPLAIN=<file> writes the plans of its eight slowest
queries (EXPLAIN ANALYZE, BUFFERS) to that file, and those of the floor's to <file>.floor.
`generate_dataset` writes the dataset of a size
for a company; tests/test_report_floor.py uses it to count the report's queries on two sizes.
"""

import os
import time
import tracemalloc
from datetime import date
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .report_floor import compare_report_data, floor_report_data, unexplained

SIZES = {
    # orders, lines per order, customers, products, invoices (each with a payment), complaints
    # (each about one product), proposals (only when sales_admin_proposals is installed)
    "small": {
        "orders": 2_000,
        "lines": 10,
        "customers": 500,
        "products": 200,
        "invoices": 4_000,
        "complaints": 1_000,
        "proposals": 400,
    },
    "large": {
        "orders": 100_000,
        "lines": 10,
        "customers": 10_000,
        "products": 2_000,
        "invoices": 200_000,
        "complaints": 50_000,
        "proposals": 20_000,
    },
}
QUARTERS = 8
# timed rounds of the report and of its floor; the best of each is compared
ROUNDS = int(os.environ.get("SALES_ADMIN_BENCH_ROUNDS", "3"))
FIRST_DAY = date(2024, 1, 1)


def generate_dataset(env, size, company=None, tag="B"):
    """Writes the dataset of `size` (one of SIZES, or a dict of the same keys) for `company`
    (the current one by default) with bulk SQL, in the current transaction; `tag` starts the
    documents' names (another tag for another dataset in the same transaction)."""
    company = company or env.company
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
    # a second dataset in the same transaction replaces the first one's lookup tables
    run(SQL("DROP TABLE IF EXISTS bench_customer, bench_product, bench_order"))
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
    stock = "tracking" in env["product.template"]._fields
    run(
        SQL(
            """
            CREATE TEMP TABLE bench_product ON COMMIT DROP AS
            WITH tmpl AS (
                INSERT INTO product_template (name, uom_id, type, service_tracking, categ_id, active,
                                              sale_ok, list_price, invoice_policy%(stock_cols)s)
                SELECT jsonb_build_object('en_US', 'Bench product ' || g), %(uom)s, 'consu', 'no',
                       %(categ)s, true, true, 10 + g %% 90, 'order'%(stock_vals)s
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
            # required columns that sale_stock adds, when it is installed
            stock_cols=SQL(", tracking") if stock else SQL(""),
            stock_vals=SQL(", 'none'") if stock else SQL(""),
        )
    )
    run(
        SQL(
            """
            CREATE TEMP TABLE bench_order ON COMMIT DROP AS
            WITH ins AS (
                INSERT INTO sale_order (name, company_id, partner_id, partner_invoice_id, partner_shipping_id,
                                        date_order, create_date, state, currency_id, currency_rate,
                                        user_id, invoice_status, amount_untaxed, amount_total%(stock_cols)s)
                SELECT %(tag)s || 'ENCH/' || g, %(company)s, c.id, c.id, c.id,
                       %(first)s::timestamp + (g * 7919 %% %(days)s) * interval '1 day',
                       %(first)s::timestamp + (g * 7919 %% %(days)s) * interval '1 day',
                       CASE WHEN g %% 10 = 0 THEN 'draft' ELSE 'sale' END, %(currency)s, 1,
                       %(user)s, 'invoiced', 0, 0%(stock_vals)s
                  FROM generate_series(1, %(n)s) g
                  JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
                RETURNING id)
            SELECT row_number() OVER () AS n, id FROM ins
            """,
            n=size["orders"],
            tag=tag,
            company=company.id,
            first=FIRST_DAY,
            days=days,
            currency=currency,
            user=user,
            customers=size["customers"],
            stock_cols=SQL(", picking_policy") if stock else SQL(""),
            stock_vals=SQL(", 'direct'") if stock else SQL(""),
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
            SELECT %(tag)s || 'INV/' || g, %(journal)s, %(company)s, %(currency)s, 'posted', 'out_invoice', 'no',
                   d, d, d + 30, c.id, c.id, 100 + g %% 900, 100 + g %% 900,
                   CASE WHEN g %% 4 = 0 THEN 100 + g %% 900 ELSE 0 END,
                   CASE WHEN g %% 4 = 0 THEN 'not_paid' ELSE 'paid' END
              FROM generate_series(1, %(n)s) g
              JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
             CROSS JOIN LATERAL (SELECT %(first)s::date + (g::bigint * 104729 %% %(days)s)::int AS d) dd
            """,
            n=size["invoices"],
            tag=tag,
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
    _generate_complaints(env, size, company, days, tag)
    if "sale.proposal" in env:
        _generate_proposals(env, size, company, currency, user, days, tag)
    # statistics of every table the data went into, as autovacuum keeps them in a live database
    run(
        SQL(
            "ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE account_move; ANALYZE account_payment; "
            "ANALYZE sale_complaint; ANALYZE sale_complaint_product_rel; ANALYZE res_partner; "
            "ANALYZE product_product; ANALYZE product_template"
        )
    )
    if "sale.proposal" in env:
        run(SQL("ANALYZE sale_proposal"))
    env.invalidate_all()


def _generate_complaints(env, size, company, days, tag):
    """Complaints over the 8 quarters, two in three closed, each about one product."""
    categories = (
        env["sale.complaint.category"].search([("company_id", "in", (False, company.id))]).ids
    )
    env.cr.execute(
        SQL(
            """
            WITH ins AS (
                INSERT INTO sale_complaint (name, subject, company_id, channel, priority, date_open,
                       date_closed, partner_id, commercial_partner_id, active, sla_breached,
                       remedy_cost, category_id)
                SELECT %(tag)s || 'CMP/' || g, 'Bench complaint ' || g, %(company)s, 'email', '0', d.opened,
                       CASE WHEN g %% 3 != 0 THEN d.opened + (1 + g %% 20) * interval '1 day' END,
                       c.id, c.id, true, g %% 7 = 0, (g %% 5) * 10,
                       (%(categories)s::int[])[1 + g %% GREATEST(%(n_categories)s, 1)]
                  FROM generate_series(1, %(n)s) g
                  JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
                 CROSS JOIN LATERAL (
                       SELECT %(first)s::timestamp + (g::bigint * 7919 %% (%(days)s * 24)) * interval '1 hour'
                              AS opened) d
                RETURNING id)
            INSERT INTO sale_complaint_product_rel (sale_complaint_id, product_product_id)
            SELECT ins.id, p.id FROM ins JOIN bench_product p ON p.n = 1 + ins.id %% %(products)s
            """,
            n=size["complaints"],
            tag=tag,
            company=company.id,
            customers=size["customers"],
            products=size["products"],
            categories=categories,
            n_categories=len(categories),
            first=FIRST_DAY,
            days=days,
        )
    )


def _generate_proposals(env, size, company, currency, user, days, tag):
    """Proposals over the 8 quarters: a quarter each won, lost, sent and still in draft."""
    env.cr.execute(
        SQL(
            """
            INSERT INTO sale_proposal (name, title, company_id, partner_id, commercial_partner_id,
                   currency_id, user_id, state, bid_decision, create_date, write_date, date_sent,
                   date_closed, amount_untaxed, amount_total)
            SELECT %(tag)s || 'PRP/' || g, 'Bench proposal ' || g, %(company)s, c.id, c.id, %(currency)s,
                   %(user)s,
                   (ARRAY['accepted', 'declined', 'sent', 'draft'])[1 + g %% 4], 'bid',
                   d.created, d.created,
                   CASE WHEN g %% 4 != 3 THEN d.created + (1 + g %% 15) * interval '1 day' END,
                   CASE WHEN g %% 4 < 2 THEN d.created + (20 + g %% 30) * interval '1 day' END,
                   1000 + g %% 5000, 1200 + g %% 5000
              FROM generate_series(1, %(n)s) g
              JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
             CROSS JOIN LATERAL (
                   SELECT %(first)s::timestamp + (g::bigint * 7919 %% %(days)s) * interval '1 day'
                          AS created) d
            """,
            n=size["proposals"],
            tag=tag,
            company=company.id,
            currency=currency,
            user=user,
            customers=size["customers"],
            first=FIRST_DAY,
            days=days,
        )
    )


@tagged("post_install", "-at_install", "benchmark")
class BenchReport(TransactionCase):
    def test_quarterly_report(self):
        size_name = os.environ.get("BENCH_SIZE", "small")
        size = SIZES[size_name]
        started = time.perf_counter()
        generate_dataset(self.env, size)
        print(
            f"\n[bench_report] dataset '{size_name}': {size} generated in {time.perf_counter() - started:.1f}s"
        )

        company = self.env.company
        period = (date(2025, 10, 1), date(2025, 12, 31))
        Kpi = self.env["sale.admin.report.kpi"]
        sections = self.env["sale.admin.report.section"].search([])
        Xlsx = self.env["sale.admin.report.xlsx"]

        def make_data():
            return Kpi._report_data(company, *period)

        def make_file(data):
            return Xlsx._render(sections._sheets(data))

        def make_floor():
            return floor_report_data(self.env, company, *period)

        # a first round counts the queries and times each one (and reads the data from disk and
        # fills Odoo's caches); then timed rounds with nothing else measured, report and floor one
        # after the other in each, the best of each compared (the per-query bookkeeping and
        # tracemalloc slow Python down: the memory is measured in a round of its own)
        self.env.invalidate_all()
        data, report = self._measured(make_data)
        content, layout = self._measured(lambda: make_file(data))
        floor, floor_stats = self._measured(make_floor)
        times = {"report": [], "layout": [], "floor": []}
        for _round in range(ROUNDS):
            self.env.invalidate_all()
            times["report"].append(self._timed(make_data))
            times["layout"].append(self._timed(lambda: make_file(data)))
            times["floor"].append(self._timed(make_floor))
        self.env.invalidate_all()
        peak = max(self._peak_memory(make_data), self._peak_memory(lambda: make_file(data)))
        floor_peak = self._peak_memory(make_floor)
        best_report, best_layout, best_floor = (
            min(times[key]) for key in ("report", "layout", "floor")
        )
        self.assertGreater(data["kpis"]["orders"], 0)
        self.assertGreater(data["kpis"]["complaints_opened"], 0)
        if "sale.proposal" in self.env:
            self.assertGreater(data["kpis"]["proposals_sent"], 0)
        self.assertTrue(content)
        problems = compare_report_data(data, floor)
        total = best_report + best_layout
        first_total = report["time"] + layout["time"]
        print(
            f"[bench_report] quarterly report ({size_name}): {total:.3f}s, best of {ROUNDS} rounds "
            f"(query layer {best_report:.3f}s, XLSX {best_layout:.3f}s; counted round "
            f"{first_total:.3f}s: query layer {report['time']:.3f}s, {report['queries']} queries, "
            f"{report['sql_time']:.3f}s in SQL; XLSX {layout['time']:.3f}s, {layout['queries']} "
            f"queries), peak Python memory {peak / 2**20:.1f} MB, file {len(content) / 1024:.0f} KiB"
        )
        print(
            f"[bench_report] floor ({size_name}): {best_floor:.3f}s, best of {ROUNDS} rounds "
            f"(counted round {floor_stats['time']:.3f}s, {floor_stats['queries']} queries, "
            f"{floor_stats['sql_time']:.3f}s in SQL), peak Python memory {floor_peak / 2**20:.1f} MB"
        )
        print(
            f"[bench_report] report / floor: {total / best_floor:.2f}x "
            f"(query layer alone {best_report / best_floor:.2f}x; counted rounds "
            f"{first_total / floor_stats['time']:.2f}x); figures: "
            f"{len(problems) - len(unexplained(problems))} differences explained by known bugs "
            f"of the report, {len(unexplained(problems))} unexplained"
        )
        for name, stats in (("report", report), ("floor", floor_stats)):
            for elapsed, query in stats["slowest"]:
                print(f"[bench_report] slowest of the {name}: {elapsed:.2f}s {query}")
        for problem in problems:
            print(f"[bench_report] differs: {problem}")
        if os.environ.get("SALES_ADMIN_BENCH_QUERY_LOG"):
            # every query of the report, one per line, to compare sizes (diff small large)
            with open(os.environ["SALES_ADMIN_BENCH_QUERY_LOG"], "w", encoding="utf-8") as log:
                log.write("\n".join(report["texts"] + layout["texts"]) + "\n")
        if os.environ.get("SALES_ADMIN_BENCH_EXPLAIN"):
            self._explain(report, os.environ["SALES_ADMIN_BENCH_EXPLAIN"])
            self._explain(floor_stats, os.environ["SALES_ADMIN_BENCH_EXPLAIN"] + ".floor")
        self.assertEqual(unexplained(problems), [])

    def _explain(self, stats, path):
        """Writes the plans (EXPLAIN ANALYZE, BUFFERS) of the slowest queries of `stats` to
        `path`, slowest first, as they run again now."""
        with open(path, "w", encoding="utf-8") as out:
            for elapsed, _order, args in stats["statements"]:
                query, params = args[0], args[1] if len(args) > 1 else None
                if isinstance(query, SQL):
                    self.env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
                else:
                    self.env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
                plan = "\n".join(line for (line,) in self.env.cr.fetchall())
                out.write(f"-- {elapsed:.3f}s when measured\n{query}\n{plan}\n\n")

    def _measured(self, function):
        """Calls `function`; returns its result and what it cost: seconds, queries, their time, their texts, the five slowest and the eight slowest statements."""
        stats = {"queries": 0, "sql_time": 0.0, "slowest": [], "texts": [], "statements": []}
        original = Cursor.execute

        def timed_execute(cursor, *args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(cursor, *args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                text = " ".join(str(args[0]).split())
                stats["queries"] += 1
                stats["sql_time"] += elapsed
                stats["texts"].append(text[:200])
                stats["slowest"] = sorted([*stats["slowest"], (elapsed, text[:160])], reverse=True)[
                    :5
                ]
                # the slowest statements themselves, to explain them (SALES_ADMIN_BENCH_EXPLAIN)
                stats["statements"] = sorted(
                    [*stats["statements"], (elapsed, stats["queries"], args)],
                    key=lambda item: -item[0],
                )[:8]

        t0 = time.perf_counter()
        with patch.object(Cursor, "execute", timed_execute):
            result = function()
        stats["time"] = time.perf_counter() - t0
        return result, stats

    def _timed(self, function):
        """Seconds `function` takes."""
        t0 = time.perf_counter()
        function()
        return time.perf_counter() - t0

    def _peak_memory(self, function):
        """Peak Python memory (bytes) of calling `function`, traced by tracemalloc."""
        tracemalloc.start()
        try:
            function()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
