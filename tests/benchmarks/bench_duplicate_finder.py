"""Duplicate finder on many partners.

    SALES_ADMIN_BENCH_PARTNERS=100000 setup/test.sh tests/benchmarks/bench_duplicate_finder.py \
        -o python_files='bench_*.py' -s

Partners are bulk-inserted by SQL (a few percent of them near-duplicates of others) and the finder
runs once; its time is printed. The default size is small, for a quick try.
"""

import os
import random
import time
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.sales_admin_base.models.res_partner import name_key

SYLLABLES = [
    "ba",
    "ri",
    "ga",
    "lu",
    "ne",
    "to",
    "ma",
    "ki",
    "so",
    "ra",
    "ve",
    "li",
    "do",
    "na",
    "pe",
    "tu",
    "mo",
    "sa",
    "ka",
    "zi",
    "el",
    "an",
    "or",
    "us",
    "it",
    "en",
    "ar",
    "vin",
    "dal",
    "mer",
    "sto",
    "kal",
    "ber",
    "tan",
    "gor",
    "lis",
    "nord",
]
FORMS = ("SIA", "AS", "Ltd", "GmbH", "UAB", "")


@tagged("post_install", "-at_install", "sales_admin_bench")
class BenchDuplicateFinder(TransactionCase):
    def _insert_partners(self, size):
        rng = random.Random(42)
        rows = []
        for i in range(size):
            if rows and rng.random() < 0.03:
                # a near-duplicate of an earlier partner: same email, other spelling
                base = rows[rng.randrange(len(rows))]
                name = base[0].replace(" ", "  ", 1) + " " + rng.choice(FORMS)
                rows.append((name.strip(), base[1].upper(), None, base[3]))
                continue
            words = (
                "".join(rng.choice(SYLLABLES) for _s in range(rng.randint(2, 3)))
                for _w in range(rng.randint(2, 3))
            )
            name = " ".join(words).title() + " " + rng.choice(FORMS)
            rows.append(
                (
                    name.strip(),
                    f"contact{i}@bench{i % 997}.example",
                    f"+371 2{i:07d}",
                    f"LV{40000000000 + i}" if rng.random() < 0.5 else None,
                )
            )
        # required columns this benchmark does not set take the values of an ORM-made partner
        template = self.env["res.partner"].create({"name": "Bench template"})
        self.env.flush_all()
        ours = ("name", "complete_name", "sales_admin_name_key", "email", "phone", "vat")
        self.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'res_partner' AND is_nullable = 'NO'
                  AND column_default IS NULL AND column_name <> 'id'"""
        )
        copied = [column for (column,) in self.env.cr.fetchall() if column not in ours]
        copied = list(dict.fromkeys([*copied, "company_id", "type", "lang", "active"]))
        columns = SQL(", ").join(SQL.identifier(column) for column in (*ours, *copied))
        from_template = SQL(", ").join(SQL.identifier("t", column) for column in copied)
        for start in range(0, size, 5000):
            chunk = rows[start : start + 5000]
            values = SQL(", ").join(
                SQL("(%s, %s, %s, %s, %s, %s)", name, name, name_key(name), email, phone, vat)
                for name, email, phone, vat in chunk
            )
            self.env.cr.execute(
                SQL(
                    """INSERT INTO res_partner (%(columns)s)
                       SELECT v.*, %(from_template)s
                         FROM (VALUES %(values)s) AS v, res_partner t
                        WHERE t.id = %(template)s""",
                    columns=columns,
                    from_template=from_template,
                    values=values,
                    template=template.id,
                )
            )
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
        )
        # all but one percent of them unchanged for a month, for the incremental (weekly) mode
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner SET write_date = now() - interval '30 days'
                    WHERE id > %s AND id %% 100 <> 0""",
                template.id,
            )
        )
        # what autovacuum does after a bulk load: refresh the planner's statistics
        self.env.cr.execute("ANALYZE res_partner")

    def test_duplicate_finder_time(self):
        size = int(os.environ.get("SALES_ADMIN_BENCH_PARTNERS", "5000"))
        started = time.perf_counter()
        self._insert_partners(size)
        inserted = time.perf_counter() - started
        Partner = self.env["res.partner"]
        started = time.perf_counter()
        rows = Partner._sales_admin_find_duplicates(limit=1000)
        elapsed = time.perf_counter() - started
        started = time.perf_counter()
        recent = Partner._sales_admin_find_duplicates(
            limit=1000, since=fields.Datetime.now() - timedelta(days=8)
        )
        elapsed_recent = time.perf_counter() - started
        print(
            f"\nduplicate finder: {size} partners inserted in {inserted:.1f} s; "
            f"full scan (names compared by trigram similarity within blocks of a shared word, one query) found {len(rows)} "
            f"pairs (limit 1000) in {elapsed:.2f} s; "
            f"over the 1% changed this week {len(recent)} pairs "
            f"in {elapsed_recent:.2f} s"
        )
        self.assertTrue(rows)

    def test_explain(self):
        if not os.environ.get("SALES_ADMIN_BENCH_EXPLAIN"):
            self.skipTest("set SALES_ADMIN_BENCH_EXPLAIN=1")
        self._insert_partners(int(os.environ.get("SALES_ADMIN_BENCH_PARTNERS", "5000")))
        Partner = self.env["res.partner"]
        orig = type(self.env).execute_query_dict

        def explain(env, query):
            env.cr.execute(SQL("EXPLAIN ANALYZE %s", query))
            print("\n".join(row[0] for row in env.cr.fetchall()))
            return orig(env, query)

        type(self.env).execute_query_dict = explain
        try:
            Partner._sales_admin_find_duplicates(limit=1000)
        finally:
            type(self.env).execute_query_dict = orig
