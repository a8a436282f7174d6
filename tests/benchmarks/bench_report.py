"""Benchmark: a quarterly sales admin report on a generated dataset.

    setup/test.sh tests/benchmarks/bench_report.py -o python_files='bench_*.py' -s
    BENCH_SIZE=large setup/test.sh tests/benchmarks/bench_report.py -o python_files='bench_*.py' -s

The dataset is written with bulk SQL (generate_series), not record by record, inside the test's
transaction (rolled back at the end). It prints the time, the time spent in SQL, the number of
queries and the peak Python memory of making the report (KPIs and tables, then the XLSX file), the
same for the report's floor (report_floor.py: every figure and table by hand-written SQL), their
ratio, and the slowest queries of each. Queries are counted and timed in a first round; the times
compared are the best of SALES_ADMIN_BENCH_ROUNDS (10 on the small dataset, 3 on the large)
rounds run with nothing else measured, report and floor one after the other in each, and the
peak memory comes from a round of its own (tracemalloc slows Python down); it fails when a
figure of the report differs from the floor's other than by a known bug of the report
(report_floor.REPORT_BUGS).
SALES_ADMIN_BENCH_QUERY_LOG=<file> writes every query of the report to that file, one per line, to
compare the two sizes; SALES_ADMIN_BENCH_EXPLAIN=<file> writes the plans of its eight slowest
queries (EXPLAIN ANALYZE, BUFFERS) to that file, and those of the floor's to <file>.floor.
SALES_ADMIN_BENCH_PROFILE=<file> writes where the report's Python spends its time (cProfile of
one more round of the query layer and of the XLSX, by cumulative time) to that file.
`generate_dataset` writes the dataset of a size
for a company; tests/test_report_floor.py uses it to count the report's queries on two sizes.
"""

import cProfile
import os
import pstats
import time
import tracemalloc
from datetime import date
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .report_floor import (
    compare_report_data,
    floor_report_data,
    receivable_shortcut_problems,
    unexplained,
)

SIZES = {
    # orders, lines per order, customers, products, invoices (with their journal items, one in
    # twenty a credit note, most paid in full or in part by payments reconciled with them: see
    # _generate_invoices), complaints (each about one product), proposals (only when
    # sales_admin_proposals is installed)
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
# (a round of the small dataset takes a tenth of a second: more rounds settle its best)
ROUNDS = {"small": 10, "large": 3}
if os.environ.get("SALES_ADMIN_BENCH_ROUNDS"):
    ROUNDS = dict.fromkeys(ROUNDS, int(os.environ["SALES_ADMIN_BENCH_ROUNDS"]))
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
             -- an order's lines written together, as Odoo writes them (one page, not ten)
             ORDER BY o.id, l
            """,
            uom=uom,
            company=company.id,
            currency=currency,
            lines=size["lines"],
            products=size["products"],
        )
    )
    _generate_invoices(env, size, company, sale_journal, bank_journal, days, tag)
    _generate_complaints(env, size, company, days, tag)
    if "sale.proposal" in env:
        _generate_proposals(env, size, company, currency, user, days, tag)
    # statistics of every table the data went into, as autovacuum keeps them in a live database
    run(
        SQL(
            "ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE account_move; ANALYZE account_payment; "
            "ANALYZE account_move_line; ANALYZE account_partial_reconcile; ANALYZE account_full_reconcile; "
            "ANALYZE sale_complaint; ANALYZE sale_complaint_product_rel; ANALYZE res_partner; "
            "ANALYZE product_product; ANALYZE product_template"
        )
    )
    if "sale.proposal" in env:
        run(SQL("ANALYZE sale_proposal"))
    env.invalidate_all()


def _invoice_accounts(env, company, sale_journal, bank_journal):
    """The accounts an invoice and a customer payment of `company` post to: receivable, income,
    the liquidity side of a payment, and the company's sale tax ("tax", its "rate", ...: no tax
    line when it has none or no account for it)."""
    Account = env["account.account"].with_company(company)
    receivable = Account.search(
        [
            *Account._check_company_domain(company),
            ("account_type", "=", "asset_receivable"),
            ("non_trade", "=", False),
        ],
        order="code",
        limit=1,
    )
    method_line = bank_journal.inbound_payment_method_line_ids[:1]
    accounts = {
        "receivable": receivable.id,
        "income": sale_journal.default_account_id.id,
        # the bank account itself, as payments managed without statement lines post: they are
        # paid (matched) as soon as they are posted, and so are the invoices they settle
        "liquidity": bank_journal.default_account_id.id,
        "method_line": method_line.id or None,
        "method": method_line.payment_method_id.id or None,
        "tax": None,
        "rate": 0.0,
    }
    tax = company.account_sale_tax_id
    if tax.amount_type == "percent" and not tax.price_include:
        invoice_line, refund_line = (
            lines.filtered(lambda line: line.repartition_type == "tax")[:1]
            for lines in (tax.invoice_repartition_line_ids, tax.refund_repartition_line_ids)
        )
        if invoice_line.account_id and refund_line.account_id:
            accounts.update(
                tax=tax.id,
                rate=tax.amount / 100,
                tax_group=tax.tax_group_id.id,
                tax_name=tax.name,
                invoice_repartition=invoice_line.id,
                invoice_tax_account=invoice_line.account_id.id,
                refund_repartition=refund_line.id,
                refund_tax_account=refund_line.account_id.id,
            )
    return accounts


def _generate_invoices(env, size, company, sale_journal, bank_journal, days, tag):
    """Customer invoices over the 8 quarters, posted, with their journal items, and the payments
    that settle them, reconciled with them, as Odoo stores them: a receivable item (due 30 days
    after the invoice), an income item and a tax item per invoice (one in twenty a credit note,
    left open); a payment for each settlement, its journal entry (liquidity and receivable
    items) and a partial reconciliation dated on the payment between the two receivable items
    (a full reconciliation once nothing is left). Of eight invoices, one stays unpaid, one is paid 95 to
    214 days after its date, four are paid in full 5 to 65 days after it, two are paid 40% 10 to
    29 days after it, and one of these two the rest 40 to 89 days after it: receivables are open,
    overdue and in every ageing bucket at any period's end, and days to pay vary."""
    accounts = _invoice_accounts(env, company, sale_journal, bank_journal)
    currency = company.currency_id.id
    run = env.cr.execute
    run(SQL("DROP TABLE IF EXISTS bench_invoice, bench_payment"))
    # ids drawn beforehand, so that the documents, their items and reconciliations can refer to
    # each other in plain INSERT ... SELECT statements
    run(
        SQL(
            """
            CREATE TEMP TABLE bench_invoice ON COMMIT DROP AS
            SELECT i.*, i.untaxed + i.tax AS total, 0::numeric AS paid,
                   NULL::bigint AS full_id, NULL::varchar AS matching,
                   nextval('account_move_id_seq') AS move_id,
                   nextval('account_move_line_id_seq') AS receivable_id,
                   nextval('account_move_line_id_seq') AS income_id,
                   nextval('account_move_line_id_seq') AS tax_line_id
              FROM (SELECT g, c.id AS partner_id, dd.d AS date, dd.d + 30 AS due,
                           CASE WHEN g %% 20 = 10 THEN -1 ELSE 1 END AS sign,
                           %(tag)s || CASE WHEN g %% 20 = 10 THEN 'RINV/' ELSE 'INV/' END || g AS name,
                           (100 + g %% 900)::numeric AS untaxed,
                           round((100 + g %% 900) * %(rate)s::numeric, 2) AS tax
                      FROM generate_series(1, %(n)s) g
                      JOIN bench_customer c ON c.n = 1 + g %% %(customers)s
                     CROSS JOIN LATERAL (
                           SELECT %(first)s::date + (g::bigint * 104729 %% %(days)s)::int AS d) dd
                   ) i
            """,
            n=size["invoices"],
            tag=tag,
            rate=accounts["rate"],
            customers=size["customers"],
            first=FIRST_DAY,
            days=days,
        )
    )
    run(
        SQL(
            """
            CREATE TEMP TABLE bench_payment ON COMMIT DROP AS
            SELECT p.*, nextval('account_payment_id_seq') AS payment_id,
                   nextval('account_move_id_seq') AS move_id,
                   nextval('account_move_line_id_seq') AS liquidity_id,
                   nextval('account_move_line_id_seq') AS receivable_id,
                   nextval('account_partial_reconcile_id_seq') AS partial_id
              FROM (SELECT g, partner_id, move_id AS invoice_id, receivable_id AS invoice_line_id,
                           name AS invoice_name, 1 AS k, date AS invoice_date,
                           CASE WHEN g %% 4 = 3 THEN round(total * 0.4, 2) ELSE total END AS amount,
                           date + CASE WHEN g %% 4 = 3 THEN 10 + g %% 20 ELSE 5 + (g %% 11) * 6 END
                               AS date
                      FROM bench_invoice WHERE sign = 1 AND g %% 4 != 0
                     UNION ALL
                    SELECT g, partner_id, move_id, receivable_id, name, 1, date, total,
                           date + 95 + g %% 120
                      FROM bench_invoice WHERE sign = 1 AND g %% 8 = 4
                     UNION ALL
                    SELECT g, partner_id, move_id, receivable_id, name, 2, date,
                           total - round(total * 0.4, 2), date + 40 + g %% 50
                      FROM bench_invoice WHERE sign = 1 AND g %% 8 = 7
                     ORDER BY 1, 6) p
            """
        )
    )
    # what each invoice was paid, and its matching: the full reconciliation once it is paid,
    # else 'P' and its first partial reconciliation (Odoo's matching numbers)
    run(
        SQL(
            """
            UPDATE bench_invoice inv
               SET paid = pay.paid,
                   full_id = CASE WHEN pay.paid = inv.total
                                  THEN nextval('account_full_reconcile_id_seq') END,
                   matching = 'P' || pay.first_partial
              FROM (SELECT invoice_line_id, SUM(amount) AS paid, MIN(partial_id) AS first_partial
                      FROM bench_payment GROUP BY invoice_line_id) pay
             WHERE pay.invoice_line_id = inv.receivable_id;
            UPDATE bench_invoice SET matching = full_id::text WHERE full_id IS NOT NULL;
            INSERT INTO account_full_reconcile (id) SELECT full_id FROM bench_invoice
             WHERE full_id IS NOT NULL;
            """
        )
    )
    run(
        SQL(
            """
            INSERT INTO account_move (id, name, journal_id, company_id, currency_id, state, move_type,
                   auto_post, date, invoice_date, invoice_date_due, partner_id, commercial_partner_id,
                   amount_untaxed, amount_tax, amount_total, amount_residual, amount_untaxed_signed,
                   amount_untaxed_in_currency_signed, amount_tax_signed, amount_total_signed,
                   amount_total_in_currency_signed, amount_residual_signed, payment_state)
            SELECT move_id, name, %(journal)s, %(company)s, %(currency)s, 'posted',
                   CASE sign WHEN 1 THEN 'out_invoice' ELSE 'out_refund' END, 'no', date, date, due,
                   partner_id, partner_id, untaxed, tax, total, total - paid, sign * untaxed,
                   sign * untaxed, sign * tax, sign * total, sign * total, sign * (total - paid),
                   CASE WHEN paid = 0 THEN 'not_paid' WHEN paid = total THEN 'paid' ELSE 'partial' END
              FROM bench_invoice
            """,
            journal=sale_journal.id,
            company=company.id,
            currency=currency,
        )
    )
    tax_line = (
        SQL(
            """
            UNION ALL
            SELECT tax_line_id, 'tax', CASE sign WHEN 1 THEN %(invoice_tax_account)s
                                                 ELSE %(refund_tax_account)s END,
                   %(tax_name)s, -sign * tax, 0, false, NULL, NULL, NULL, NULL, NULL, NULL,
                   %(tax)s, CASE sign WHEN 1 THEN %(invoice_repartition)s
                                      ELSE %(refund_repartition)s END,
                   %(tax_group)s, untaxed, 2, bench_invoice.*
              FROM bench_invoice WHERE tax != 0
            """,
            **{key: value for key, value in accounts.items() if key != "rate"},
        )
        if accounts["tax"]
        else SQL()
    )
    run(
        SQL(
            """
            INSERT INTO account_move_line (id, move_id, journal_id, company_id, company_currency_id,
                   move_name, parent_state, date, invoice_date, partner_id, currency_id, display_type,
                   account_id, name, debit, credit, balance, amount_currency, amount_residual,
                   amount_residual_currency, reconciled, full_reconcile_id, matching_number,
                   date_maturity, quantity, price_unit, price_subtotal, price_total, discount,
                   tax_line_id, tax_repartition_line_id, tax_group_id, tax_base_amount, sequence)
            SELECT item.id, item.move_id, %(journal)s, %(company)s, %(currency)s, item.name,
                   'posted', item.date, item.date, item.partner_id, %(currency)s, item.kind,
                   item.account_id, item.label, GREATEST(item.balance, 0), GREATEST(-item.balance, 0),
                   item.balance, item.balance, item.residual, item.residual, item.reconciled,
                   item.full_id_, item.matching_, item.maturity, item.quantity, item.price,
                   item.price, item.price_total, 0, item.tax_, item.repartition, item.tax_group,
                   item.tax_base, item.seq
              FROM (SELECT receivable_id AS id, 'payment_term' AS kind, %(receivable)s AS account_id,
                           name AS label, sign * total AS balance, sign * (total - paid) AS residual,
                           paid = total AS reconciled, full_id AS full_id_, matching AS matching_,
                           due AS maturity, NULL::numeric AS quantity, NULL::numeric AS price,
                           NULL::numeric AS price_total, NULL::int AS tax_, NULL::int AS repartition,
                           NULL::int AS tax_group, NULL::numeric AS tax_base, 3 AS seq,
                           bench_invoice.*
                      FROM bench_invoice
                     UNION ALL
                    SELECT income_id, 'product', %(income)s, 'Bench sale', -sign * untaxed, 0, false,
                           NULL, NULL, NULL, 1, untaxed, total, NULL, NULL, NULL, NULL, 1,
                           bench_invoice.*
                      FROM bench_invoice
                    %(tax_line)s
                   ) item
            """,
            journal=sale_journal.id,
            company=company.id,
            currency=currency,
            receivable=accounts["receivable"],
            income=accounts["income"],
            tax_line=tax_line,
        )
    )
    if accounts["tax"]:
        run(
            SQL(
                """
                INSERT INTO account_move_line_account_tax_rel (account_move_line_id, account_tax_id)
                SELECT income_id, %s FROM bench_invoice
                """,
                accounts["tax"],
            )
        )
    run(
        SQL(
            """
            INSERT INTO account_payment (id, name, journal_id, company_id, state, payment_type,
                   partner_type, date, partner_id, amount, amount_company_currency_signed, currency_id,
                   memo, is_reconciled, is_matched, payment_method_line_id, payment_method_id,
                   outstanding_account_id, destination_account_id)
            SELECT payment_id, %(tag)s || 'PAY/' || g || '/' || k, %(journal)s, %(company)s,
                   'paid', 'inbound', 'customer', date, partner_id, amount, amount, %(currency)s,
                   invoice_name, true, true, %(method_line)s, %(method)s, %(liquidity)s,
                   %(receivable)s
              FROM bench_payment;
            INSERT INTO account_move__account_payment (payment_id, invoice_id)
            SELECT payment_id, invoice_id FROM bench_payment;
            INSERT INTO account_move (id, name, journal_id, company_id, currency_id, state, move_type,
                   auto_post, date, partner_id, commercial_partner_id, origin_payment_id,
                   amount_untaxed, amount_tax, amount_total, amount_residual, amount_untaxed_signed,
                   amount_untaxed_in_currency_signed, amount_tax_signed, amount_total_signed,
                   amount_total_in_currency_signed, amount_residual_signed, payment_state)
            SELECT move_id, %(tag)s || 'PAY/' || g || '/' || k, %(journal)s, %(company)s,
                   %(currency)s, 'posted', 'entry', 'no', date, partner_id, partner_id, payment_id,
                   0, 0, amount, 0, 0, 0, 0, amount, amount, 0, 'not_paid'
              FROM bench_payment;
            -- the payment and its entry refer to each other
            UPDATE account_payment pay SET move_id = bench_payment.move_id
              FROM bench_payment WHERE pay.id = bench_payment.payment_id;
            INSERT INTO account_move_line (id, move_id, journal_id, company_id, company_currency_id,
                   move_name, parent_state, date, partner_id, currency_id, display_type, account_id,
                   name, debit, credit, balance, amount_currency, amount_residual,
                   amount_residual_currency, reconciled, full_reconcile_id, matching_number,
                   date_maturity, payment_id, discount, sequence)
            SELECT item.id, pay.move_id, %(journal)s, %(company)s, %(currency)s,
                   %(tag)s || 'PAY/' || pay.g || '/' || pay.k, 'posted', pay.date, pay.partner_id,
                   %(currency)s, 'product', item.account_id, pay.invoice_name, item.debit,
                   item.credit, item.debit - item.credit, item.debit - item.credit, item.residual,
                   item.residual, item.reconciled, item.full_id, item.matching, pay.date,
                   pay.payment_id, 0, 10
              FROM bench_payment pay
              JOIN bench_invoice inv ON inv.receivable_id = pay.invoice_line_id
             CROSS JOIN LATERAL (
                   -- a bank account's items keep their balance as residual (Odoo's rule for
                   -- cash accounts); the receivable one is settled by the reconciliation
                   VALUES (pay.liquidity_id, %(liquidity)s, pay.amount, 0, pay.amount, false,
                           NULL::bigint, NULL::varchar),
                          (pay.receivable_id, %(receivable)s, 0, pay.amount, 0, true, inv.full_id,
                           inv.matching)
                   ) item(id, account_id, debit, credit, residual, reconciled, full_id, matching);
            INSERT INTO account_partial_reconcile (id, debit_move_id, credit_move_id, amount,
                   debit_amount_currency, credit_amount_currency, debit_currency_id,
                   credit_currency_id, company_id, max_date, full_reconcile_id)
            SELECT pay.partial_id, pay.invoice_line_id, pay.receivable_id, pay.amount, pay.amount,
                   pay.amount, %(currency)s, %(currency)s, %(company)s,
                   GREATEST(pay.invoice_date, pay.date), inv.full_id
              FROM bench_payment pay
              JOIN bench_invoice inv ON inv.receivable_id = pay.invoice_line_id
            """,
            tag=tag,
            journal=bank_journal.id,
            company=company.id,
            currency=currency,
            method_line=accounts["method_line"],
            method=accounts["method"],
            liquidity=accounts["liquidity"],
            receivable=accounts["receivable"],
        )
    )


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
        for _round in range(ROUNDS[size_name]):
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
        self._check_receivables(data)
        problems = compare_report_data(data, floor)
        total = best_report + best_layout
        first_total = report["time"] + layout["time"]
        rounds = ROUNDS[size_name]
        print(
            f"[bench_report] quarterly report ({size_name}): {total:.3f}s, best of {rounds} rounds "
            f"(query layer {best_report:.3f}s, XLSX {best_layout:.3f}s; counted round "
            f"{first_total:.3f}s: query layer {report['time']:.3f}s, {report['queries']} queries, "
            f"{report['sql_time']:.3f}s in SQL; XLSX {layout['time']:.3f}s, {layout['queries']} "
            f"queries), peak Python memory {peak / 2**20:.1f} MB, file {len(content) / 1024:.0f} KiB"
        )
        print(
            f"[bench_report] floor ({size_name}): {best_floor:.3f}s, best of {rounds} rounds "
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
        self._print_details(report, floor_stats, problems)
        if os.environ.get("SALES_ADMIN_BENCH_QUERY_LOG"):
            # every query of the report, one per line, to compare sizes (diff small large)
            with open(os.environ["SALES_ADMIN_BENCH_QUERY_LOG"], "w", encoding="utf-8") as log:
                log.write("\n".join(report["texts"] + layout["texts"]) + "\n")
        if os.environ.get("SALES_ADMIN_BENCH_PROFILE"):
            self._profile(make_data, make_file, os.environ["SALES_ADMIN_BENCH_PROFILE"])
        if os.environ.get("SALES_ADMIN_BENCH_EXPLAIN"):
            self._explain(report, os.environ["SALES_ADMIN_BENCH_EXPLAIN"])
            self._explain(floor_stats, os.environ["SALES_ADMIN_BENCH_EXPLAIN"] + ".floor")
        self.assertEqual(unexplained(problems), [])
        self.assertEqual(self._check_floor_shortcut(company, period), [])

    def _print_details(self, report, floor_stats, problems):
        """The slowest queries of the report and of the floor, and where their figures differ."""
        for name, stats in (("report", report), ("floor", floor_stats)):
            for elapsed, query in stats["slowest"]:
                print(f"[bench_report] slowest of the {name}: {elapsed:.2f}s {query}")
        for problem in problems:
            print(f"[bench_report] differs: {problem}")

    def _check_floor_shortcut(self, company, period):
        """The floor's receivables come from the stored residuals: the same figures computed
        from every reconciliation up to each period's end (untimed), and their differences."""
        started = time.perf_counter()
        problems = receivable_shortcut_problems(self.env, company, *period)
        print(
            f"[bench_report] the floor's receivables from every reconciliation "
            f"({time.perf_counter() - started:.3f}s, untimed): "
            f"{len(problems)} differences from the floor's"
        )
        return problems

    def _check_receivables(self, data):
        """Prints the receivable figures of the three periods' ends and checks that the dataset
        exercises them: open, overdue, every ageing bucket and days to pay, all non-zero."""
        for part in ("kpis", "previous", "last_year"):
            kpis = data[part]
            print(
                f"[bench_report] receivables ({part}): open {kpis['receivable_open']:.2f}, "
                f"overdue {kpis['receivable_overdue']:.2f}, days to pay {kpis['days_to_pay']}, "
                f"DSO {kpis['dso']}, collected {kpis['collected']:.2f}"
            )
            self.assertGreater(kpis["receivable_open"], 0, part)
            self.assertGreater(kpis["receivable_overdue"], 0, part)
            self.assertLess(kpis["receivable_overdue"], kpis["receivable_open"], part)
            self.assertGreater(kpis["days_to_pay"] or 0, 0, part)
        ageing = data["tables"]["payments"]["ageing"]
        print(f"[bench_report] ageing at the period end: {ageing}")
        self.assertTrue(all(amount > 0 for _bucket, amount in ageing), ageing)

    def _profile(self, make_data, make_file, path):
        """Writes cProfile's statistics of one more round of the query layer, then of the XLSX,
        to `path` (by cumulative time, the 60 most costly functions of each)."""
        with open(path, "w", encoding="utf-8") as out:
            self.env.invalidate_all()
            for label, function in (("query layer", make_data), ("XLSX", None)):
                profile = cProfile.Profile()
                if function is None:
                    data = make_data()
                    profile.enable()
                    make_file(data)
                else:
                    profile.enable()
                    function()
                profile.disable()
                out.write(f"==== {label}\n")
                pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(60)
                pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(30)

    def _explain(self, stats, path):
        """Writes the plans (EXPLAIN ANALYZE, BUFFERS) of the slowest queries of `stats` to
        `path`, slowest first, as they run again now."""
        with open(path, "w", encoding="utf-8") as out:
            for elapsed, _order, args in stats["statements"]:
                query, params = args[0], args[1] if len(args) > 1 else None
                if isinstance(query, SQL):
                    query, params = query.code, query.params
                # a statement run with settings of its own (SET LOCAL jit = off; ...): the
                # settings first, then the plan of the statement
                if query.lstrip().upper().startswith("SET LOCAL"):
                    settings, _sep, query = query.partition(";")
                    self.env.cr.execute(settings)
                if query.lstrip().upper().startswith(("SET ", "RESET ")):
                    continue
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
