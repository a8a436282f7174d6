"""Odoo's own sales flow, order by order, on one database: create a quotation, confirm it,
invoice it, register its payment. Run by bench_overhead.py in a process of its own for each
database (``python overhead_flow.py <odoo.conf> <database> <orders>``); prints one JSON line with
the time and query count of each step, and the queries of one sample order."""

import json
import re
import sys
import time
from collections import defaultdict

WARM_UP = 10  # orders made first and not measured (caches, prepared statements)


def _normalize(query):
    """A query's text without its values and generated names, to compare both databases'."""
    text = getattr(query, "code", query)
    text = re.sub(r"\s+", " ", text if isinstance(text, str) else text.decode())
    text = re.sub(r'SAVEPOINT "[^"]*"', "SAVEPOINT ?", text)
    text = re.sub(r"'(?:[^']|'')*'", "?", text)
    text = re.sub(r"\b\d+\b", "?", text)
    return re.sub(r"(\?, )+\?", "?", text)[:300]


def _create(env, data, index):
    from odoo import Command

    partners, products = data["partners"], data["products"]
    order = env["sale.order"].create(
        {
            "partner_id": partners[index % len(partners)],
            "order_line": [
                Command.create(
                    {
                        "product_id": products[index % len(products)],
                        "product_uom_qty": 1 + index % 5,
                    }
                ),
                Command.create(
                    {"product_id": products[(index + 3) % len(products)], "product_uom_qty": 2}
                ),
            ],
        }
    )
    data["order"] = order.id


def _confirm(env, data, index):
    env["sale.order"].browse(data["order"]).action_confirm()


def _invoice(env, data, index):
    move = env["sale.order"].browse(data["order"])._create_invoices()
    move.action_post()
    data["move"] = move.id


def _pay(env, data, index):
    wizard = (
        env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=[data["move"]])
        .create({"journal_id": data["bank"]})
    )
    wizard._create_payments()
    assert env["account.move"].browse(data["move"]).payment_state in ("paid", "in_payment")


STEPS = [
    ("create order", _create),
    ("confirm", _confirm),
    ("invoice and post", _invoice),
    ("register payment", _pay),
]


def _prepare(registry):
    """Customers, products and the bank journal, made identically in both databases."""
    from odoo import api

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        admin = env.ref("base.user_admin")
        env = env(user=admin.id, context={"allowed_company_ids": admin.company_id.ids})
        partners = env["res.partner"].create(
            [
                {"name": f"Overhead customer {index}", "email": f"customer{index}@example.com"}
                for index in range(50)
            ]
        )
        products = env["product.product"].create(
            [
                {
                    "name": f"Overhead product {index}",
                    "list_price": 10.0 + index,
                    "invoice_policy": "order",
                    "type": "consu",
                }
                for index in range(10)
            ]
        )
        bank = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", admin.company_id.id)], limit=1
        )
        return {
            "uid": admin.id,
            "partners": partners.ids,
            "products": products.ids,
            "bank": bank.id,
        }


def main(conf, db, orders):
    from odoo import api, sql_db
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", conf, "-d", db, "--log-level=warn", "--no-http"])
    registry = Registry(db)
    recording = []  # the queries of the sample order's current step, while recording
    original_execute = sql_db.Cursor.execute

    def recording_execute(cr, query, params=None, log_exceptions=True):
        if recording:
            recording[-1].append(_normalize(query))
        return original_execute(cr, query, params, log_exceptions)

    sql_db.Cursor.execute = recording_execute
    data = _prepare(registry)
    sample = WARM_UP + min(5, orders - 1)  # the order whose queries are recorded
    seconds, queries, samples = defaultdict(float), defaultdict(int), {}
    for index in range(orders + WARM_UP):
        for name, work in STEPS:
            # each step in its own transaction, as one request of the web client would be
            if index == sample:
                recording.append([])
            before = sql_db.sql_counter
            start = time.perf_counter()
            with registry.cursor() as cr:
                work(api.Environment(cr, data["uid"], {}), data, index)
                cr.flush()
            elapsed = time.perf_counter() - start
            if index == sample:
                samples[name] = recording.pop()
            if index >= WARM_UP:
                seconds[name] += elapsed
                queries[name] += sql_db.sql_counter - before
    print(
        "OVERHEAD-RESULT "
        + json.dumps(
            {"orders": orders, "seconds": seconds, "queries": queries, "sample_queries": samples}
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
