"""Benchmark: creating and confirming one sales order on a database full of orders and invoices.

    setup/test.sh tests/benchmarks/bench_order_at_scale.py -o python_files='bench_*.py' -s
    BENCH_SIZE=large setup/test.sh tests/benchmarks/bench_order_at_scale.py -o python_files='bench_*.py' -s

Generates the report benchmark's dataset (bench_report.generate_dataset, BENCH_SIZE: small by
default, or large: 100,000 orders, 1,000,000 lines, 200,000 invoices), makes one of its customers a
key account holding a share of all orders and invoices (SALES_ADMIN_BENCH_KEY_SHARE, default 0.1),
then, as a sales rep (the demo rep's groups) and as the administrator, creates N orders
(SALES_ADMIN_BENCH_ORDERS, default 5) the way the web client does (Form: onchanges, then save) for
an ordinary customer of the dataset and for the key account, and confirms each. Prints per order
the time and queries of creating and of confirming it, the queries issued from our addons' code,
and the five slowest queries. SALES_ADMIN_BENCH_PROFILE=1 profiles creating and confirming the
last order of each series with cProfile and prints the top functions and the share of time spent
in our addons' own code. SALES_ADMIN_BENCH_EXPLAIN=<file> writes the plans (EXPLAIN ANALYZE,
BUFFERS) of the five slowest queries of creating and of confirming the last order to that file.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import Form, TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from .bench_report import SIZES, generate_dataset

ORDERS = int(os.environ.get("SALES_ADMIN_BENCH_ORDERS", "5"))
KEY_SHARE = float(os.environ.get("SALES_ADMIN_BENCH_KEY_SHARE", "0.1"))
PROFILE = os.environ.get("SALES_ADMIN_BENCH_PROFILE") == "1"
ADDONS = f"{os.sep}addons{os.sep}"
OUR_CODE = f"{ADDONS}sales_admin_"
# the demo rep's groups (sales_admin_base/tests/common.py ROLE_GROUPS)
REP_GROUPS = "sales_team.group_sale_salesman"


def _from_our_code():
    """Whether the current query comes from our addons: the innermost addon code on the stack
    (the ORM's own frames skipped) is ours."""
    frame = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if ADDONS in filename:
            return OUR_CODE in filename
        frame = frame.f_back
    return False


@tagged("post_install", "-at_install", "benchmark")
class BenchOrderAtScale(TransactionCase):
    def test_order_create_and_confirm_at_scale(self):
        size_name = os.environ.get("BENCH_SIZE", "small")
        size = SIZES[size_name]
        started = time.perf_counter()
        generate_dataset(self.env, size)
        ordinary, key_account = self._customers()
        print(
            f"\n[bench_order] dataset '{size_name}' generated in "
            f"{time.perf_counter() - started:.1f}s; key account holds "
            f"{self._count('sale_order', key_account)} orders and "
            f"{self._count('account_move', key_account)} invoices, the ordinary customer "
            f"{self._count('sale_order', ordinary)} orders and "
            f"{self._count('account_move', ordinary)} invoices"
        )
        product = self.env["product.product"].create(
            {"name": "Bench order product", "list_price": 25.0, "invoice_policy": "order"}
        )
        rep = new_test_user(self.env, "bench_order_rep", groups=REP_GROUPS)
        admin = self.env.ref("base.user_admin")
        profiler = cProfile.Profile() if PROFILE else None
        last = None
        for user in (rep, admin):
            for label, customer in (("ordinary", ordinary), ("key account", key_account)):
                for index in range(ORDERS + 1):  # the first one warms the caches, not measured
                    # only the last order of each series is profiled: the others' times are clean
                    create, confirm = self._create_and_confirm(
                        user, customer, product, profiler if index == ORDERS else None
                    )
                    if not index:
                        continue
                    last = (create, confirm)
                    print(
                        f"[bench_order] {size_name} {user.login} {label} order {index}: "
                        f"create {create['time'] * 1000:.0f} ms ({create['sql'] * 1000:.0f} in SQL), "
                        f"{create['queries']} queries ({create['ours']} from our code); confirm "
                        f"{confirm['time'] * 1000:.0f} ms ({confirm['sql'] * 1000:.0f} in SQL), "
                        f"{confirm['queries']} queries ({confirm['ours']} from our code)"
                        + (" [profiled]" if profiler and index == ORDERS else "")
                    )
                    if index == ORDERS:
                        for step, stats in (("create", create), ("confirm", confirm)):
                            for elapsed, query in stats["slowest"]:
                                print(
                                    f"[bench_order]   slowest of {step}: "
                                    f"{elapsed * 1000:.1f} ms {query}"
                                )
        if profiler:
            self._print_profile(profiler)
        if os.environ.get("SALES_ADMIN_BENCH_EXPLAIN") and last:
            self._explain(
                last[0]["statements"] + last[1]["statements"],
                os.environ["SALES_ADMIN_BENCH_EXPLAIN"],
            )

    def _customers(self):
        """An ordinary customer of the dataset, and one made a key account by giving it
        KEY_SHARE of every order and invoice."""
        self.env.cr.execute(
            "SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%' ORDER BY id LIMIT 2"
        )
        ordinary, key_account = (pid for (pid,) in self.env.cr.fetchall())
        step = max(round(1 / KEY_SHARE), 1) if KEY_SHARE else 0
        if step:
            for table in ("sale_order", "account_move", "account_payment"):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET partner_id = %s WHERE id %% %s = 0",
                        SQL.identifier(table),
                        key_account,
                        step,
                    )
                )
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET partner_invoice_id = %(p)s, partner_shipping_id = %(p)s"
                    " WHERE partner_id = %(p)s",
                    p=key_account,
                )
            )
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move SET commercial_partner_id = %(p)s WHERE partner_id = %(p)s",
                    p=key_account,
                )
            )
            self.env.cr.execute("ANALYZE sale_order; ANALYZE account_move; ANALYZE account_payment")
        # complete whatever fields the company requires, so that the whole checklist runs
        self.env.cr.execute(
            "UPDATE res_partner SET phone = '+371 2000 0000' WHERE id IN %s",
            [(ordinary, key_account)],
        )
        self.env.invalidate_all()
        return self.env["res.partner"].browse([ordinary, key_account])

    def _count(self, table, customer):
        self.env.cr.execute(
            SQL("SELECT COUNT(*) FROM %s WHERE partner_id = %s", SQL.identifier(table), customer.id)
        )
        return self.env.cr.fetchone()[0]

    def _create_and_confirm(self, user, customer, product, profiler):
        env = self.env(user=user)

        def create():
            with Form(env["sale.order"]) as form:
                form.partner_id = customer
                with form.order_line.new() as line:
                    line.product_id = product
                    line.product_uom_qty = 3
            env.flush_all()
            return form.record

        order, create_stats = self._measured(create, profiler)

        def confirm():
            order.action_confirm()
            env.flush_all()

        _result, confirm_stats = self._measured(confirm, profiler)
        self.assertEqual(order.state, "sale")
        return create_stats, confirm_stats

    def _measured(self, function, profiler=None):
        """Calls `function`; returns its result and what it cost: seconds, queries (all, and
        from our code), the five slowest queries and statements."""
        stats = {"queries": 0, "ours": 0, "sql": 0.0, "slowest": [], "statements": []}
        original = Cursor.execute

        def timed_execute(cursor, *args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(cursor, *args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                stats["queries"] += 1
                stats["sql"] += elapsed
                stats["ours"] += _from_our_code()
                text = " ".join(str(args[0]).split())
                stats["slowest"] = sorted([*stats["slowest"], (elapsed, text[:300])], reverse=True)[
                    :5
                ]
                stats["statements"] = sorted(
                    [*stats["statements"], (elapsed, stats["queries"], args)],
                    key=lambda item: -item[0],
                )[:5]

        self.env.invalidate_all()
        t0 = time.perf_counter()
        with patch.object(Cursor, "execute", timed_execute):
            if profiler:
                profiler.enable()
            try:
                result = function()
            finally:
                if profiler:
                    profiler.disable()
        stats["time"] = time.perf_counter() - t0
        return result, stats

    def _print_profile(self, profiler):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        total = sum(row[2] for row in stats.stats.values())  # self time of every function
        ours = sum(row[2] for key, row in stats.stats.items() if OUR_CODE in key[0])
        print(
            f"[bench_order] profile of creating and confirming the orders: {total:.2f}s in all; "
            f"self time in our addons' code {ours:.2f}s ({ours / (total or 1):.0%})"
        )
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)
        stats.sort_stats("cumulative").print_stats(OUR_CODE.replace(os.sep, "."), 20)
        print(out.getvalue())

    def _explain(self, statements, path):
        with open(path, "w", encoding="utf-8") as out:
            for elapsed, _order, args in statements:
                query, params = args[0], args[1] if len(args) > 1 else None
                text = query.code if isinstance(query, SQL) else str(query)
                if not text.lstrip().upper().startswith(("SELECT", "WITH")):
                    continue  # EXPLAIN ANALYZE would run it again
                if isinstance(query, SQL):
                    self.env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
                else:
                    self.env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
                plan = "\n".join(line for (line,) in self.env.cr.fetchall())
                out.write(
                    f"-- {elapsed * 1000:.1f} ms when measured\n{query}\n{params}\n{plan}\n\n"
                )
