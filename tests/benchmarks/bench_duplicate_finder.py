"""Duplicate finder on many partners.

    SALES_ADMIN_BENCH_PARTNERS=100000 setup/test.sh tests/benchmarks/bench_duplicate_finder.py \
        -o python_files='bench_*.py' -s

Partners are bulk-inserted by SQL (a few percent of them near-duplicates of others) and the finder
runs once; its time is printed. The default size is small, for a quick try.
"""

import os
import random
import time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.sales_admin_base.models.res_partner import name_key

WORDS = [
    "baltic",
    "northern",
    "amber",
    "office",
    "supply",
    "trade",
    "logistics",
    "forest",
    "coast",
    "river",
    "green",
    "digital",
    "nordic",
    "metal",
    "wood",
    "glass",
    "textile",
    "food",
    "dairy",
    "bakery",
    "auto",
    "parts",
    "media",
    "systems",
    "energy",
    "solar",
    "water",
    "stone",
    "union",
    "central",
    "global",
    "city",
    "home",
    "garden",
    "sport",
    "travel",
    "health",
    "pharma",
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
            name = " ".join(rng.sample(WORDS, 3)) + f" {i} " + rng.choice(FORMS)
            rows.append(
                (
                    name.strip(),
                    f"contact{i}@bench{i % 997}.example",
                    f"+371 2{i:07d}",
                    f"LV{40000000000 + i}" if rng.random() < 0.5 else None,
                )
            )
        company = self.env.company.id
        for start in range(0, size, 5000):
            chunk = rows[start : start + 5000]
            values = SQL(", ").join(
                SQL(
                    "(%s, %s, %s, %s, %s, %s, %s, true, 'contact', true, 'en_US', now(), now())",
                    name,
                    name,
                    name_key(name),
                    email,
                    phone,
                    vat,
                    company,
                )
                for name, email, phone, vat in chunk
            )
            self.env.cr.execute(
                SQL(
                    """INSERT INTO res_partner (name, complete_name, sales_admin_name_key, email,
                           phone, vat, company_id, active, type, is_company, lang, create_date,
                           write_date)
                       VALUES %s""",
                    values,
                )
            )
        self.env.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id WHERE commercial_partner_id IS NULL"
        )
        self.env.cr.execute("ANALYZE res_partner")

    def test_duplicate_finder_time(self):
        size = int(os.environ.get("SALES_ADMIN_BENCH_PARTNERS", "5000"))
        started = time.perf_counter()
        self._insert_partners(size)
        inserted = time.perf_counter() - started
        started = time.perf_counter()
        rows = self.env["res.partner"]._sales_admin_find_duplicates(limit=1000)
        elapsed = time.perf_counter() - started
        print(
            f"\nduplicate finder: {size} partners inserted in {inserted:.1f} s; "
            f"one query found {len(rows)} pairs (limit 1000) in {elapsed:.2f} s"
        )
        self.assertTrue(rows)
