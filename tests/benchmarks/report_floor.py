"""The report's floor: every figure and table of the sales admin report, by hand-written SQL.

`floor_report_data(env, company, date_from, date_to)` returns what the KPI layer's
`env["sale.admin.report.kpi"]._report_data(...)` returns (the KPIs of the period, of the previous
period and of the same period last year, and every table of every section), computed as directly
as we know how:

- one scan of the confirmed order lines of the three periods grouped by product (revenue and
  orders per product with conditional aggregates per period, the revenue totals by a window over
  the products), and one of the period's lines for the four rankings (team, salesperson,
  customer, product category) as GROUPING SETS, top rows and "Others" cut by a window function;
- one scan of the receivable journal items for the receivables, their ageing and the days to pay
  at the three period ends: each item's stored residual plus what was reconciled with it after
  each end (`receivable_shortcut_problems` checks these against the same figures computed from
  every reconciliation up to each end);
- one scan each of orders, invoices with payments, complaints, requests, proposals, with
  conditional aggregates for the three periods and GROUPING SETS for their tables;
- no labels: like the report's, a table row starts with what it is about (a record, written
  "model,id" here, None for "none"; OTHERS for the summed rest; a selection value, a field name or
  a bucket key), and the report's sections turn that into text.

Rules are those of the report and of Odoo's `sale.report`: confirmed orders (`state = 'sale'`) of
the company whose `date_order` falls in the period (local dates of the definition's time zone),
lines without `display_type`, amounts of lines without product counted as 0, order amounts
converted into the company currency with the order's `currency_rate` (1 when unset), accounting
figures from the company-currency signed amounts, archived complaints counted, amounts of orders
and proposals in another currency converted as `sale.report` converts them.

`compare_report_data(report, floor)` lists every difference: amounts to the cent, counts exactly,
rows of a ranking that tie on its value in any order.
"""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

import pytz
from dateutil.relativedelta import relativedelta

from odoo.models import BaseModel
from odoo.tools import SQL

TOP_ROWS = 200
OTHERS = "others"  # first cell of the row that sums a ranking's rest, as in the report
OVERDUE_BUCKETS = ((1, 30), (31, 60), (61, 90), (91, None))
AGEING_KEYS = ("not_due", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_91_plus")
# each cycle time and the dates an order has when it reached both ends of it
CYCLE_REACHED = {
    "sales_admin_days_to_confirm": ("sales_admin_date_sent", "sales_admin_date_confirmed"),
    "sales_admin_days_to_deliver": ("sales_admin_date_confirmed", "sales_admin_date_delivered"),
    "sales_admin_days_to_invoice": ("sales_admin_date_confirmed", "sales_admin_date_invoiced"),
    "sales_admin_days_to_pay": ("sales_admin_date_invoiced", "sales_admin_date_paid"),
    "sales_admin_days_to_fulfil": (
        "sales_admin_date_confirmed",
        "sales_admin_date_delivered",
        "sales_admin_date_paid",
    ),
}
CYCLE_FIELDS = tuple(CYCLE_REACHED)
RANKING_MODELS = {
    "team": "crm.team",
    "salesperson": "res.users",
    "customer": "res.partner",
    "category": "product.category",
}
PROPOSAL_INDICATORS = (
    "proposals_sent",
    "proposals_won",
    "proposals_lost",
    "win_rate",
    "proposals_won_value",
    "days_to_submit",
)
# an amount of an order in the company currency, as sale.report converts it
ORDER_RATE = "CASE COALESCE({0}.currency_rate, 0) WHEN 0 THEN 1.0 ELSE {0}.currency_rate END"


class Period(NamedTuple):
    first: date  # local dates, inclusive
    last: date
    start: datetime  # UTC bounds, [start, end)
    end: datetime


def periods_of(date_from, date_to, tz_name="UTC"):
    """The period, the previous one (as many whole months, else as many days) and the same period
    last year."""
    months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
    if date_from.day == 1 and date_to == date_from + relativedelta(months=months, days=-1):
        previous = (date_from - relativedelta(months=months), date_from - timedelta(days=1))
    else:
        previous = (date_from - (date_to - date_from) - timedelta(days=1), date_from - timedelta(1))
    last_year = (date_from - relativedelta(years=1), date_to - relativedelta(years=1))
    tz = pytz.timezone(tz_name or "UTC")

    def utc(day):
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    return [
        Period(first, last, utc(first), utc(last + timedelta(days=1)))
        for first, last in ((date_from, date_to), previous, last_year)
    ]


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def _rate(part, whole):
    return round(part / whole * 100, 1) if whole else None


def _ref(model, key):
    """The first cell of a table row about record `key` of `model`, as `compare_report_data` reads
    the report's records ("model,id"; None for the report's empty record)."""
    return f"{model},{key}" if key else None


class ReportFloor:
    def __init__(self, env, company, date_from, date_to, tz_name="UTC"):
        self.env = env
        self.company = company
        self.periods = periods_of(date_from, date_to, tz_name)

    # ------------------------------------------------------------------ helpers
    def _rows(self, query):
        return [tuple(_number(v) for v in row) for row in self.env.execute_query(query)]

    def _each(self, template):
        """`template` for the current, previous and last year's period, comma separated; it may
        use %(start)s, %(end)s (UTC datetimes, end excluded), %(first)s, %(last)s (dates)."""
        return SQL(", ").join(
            SQL(template, start=p.start, end=p.end, first=p.first, last=p.last)
            for p in self.periods
        )

    def _in_any(self, column):
        """`column` in one of the three periods (datetime bounds)."""
        return SQL(" OR ").join(
            SQL("(%s >= %s AND %s < %s)", column, p.start, column, p.end) for p in self.periods
        )

    def _period_flags(self, column):
        """Columns in0, in1, in2: whether `column` is in the current, previous, last year's period."""
        return SQL(", ").join(
            SQL(
                "%s >= %s AND %s < %s AS %s",
                column,
                p.start,
                column,
                p.end,
                SQL.identifier(f"in{i}"),
            )
            for i, p in enumerate(self.periods)
        )

    # ------------------------------------------------------------------ sales
    def _confirmed_lines(self, periods):
        """The lines (without `display_type`) of the company's confirmed orders dated in one of
        `periods`: the orders found first (by their date), their lines by order."""
        return SQL(
            """l.display_type IS NULL
               AND l.order_id IN (SELECT s.id FROM sale_order s
                                   WHERE s.company_id = %s AND s.state = 'sale' AND (%s))""",
            self.company.id,
            SQL(" OR ").join(
                SQL("(s.date_order >= %s AND s.date_order < %s)", p.start, p.end) for p in periods
            ),
        )

    def sales(self):
        """Revenue and orders per product for the three periods, and the four rankings of the
        period. Two scans of the order lines were faster than one at both sizes (one scan for
        everything needs GROUPING SETS over the three periods' lines where only the period's
        rank): the lines of the three periods grouped by product (revenue and orders per period),
        then the period's lines with GROUPING SETS for the rankings, top rows and "Others" cut
        by a window function."""
        per_product = self._rows(
            SQL(
                """
                SELECT product_id, SUM(SUM(amount) FILTER (WHERE in0)) OVER (),
                       SUM(SUM(amount) FILTER (WHERE in1)) OVER (),
                       SUM(SUM(amount) FILTER (WHERE in2)) OVER (),
                       COUNT(DISTINCT order_id) FILTER (WHERE in0),
                       COUNT(DISTINCT order_id) FILTER (WHERE in1),
                       COUNT(DISTINCT order_id) FILTER (WHERE in2)
                  FROM (SELECT l.product_id, l.order_id, l.price_subtotal / %(rate)s AS amount,
                               %(in_periods)s
                          FROM sale_order_line l
                          JOIN sale_order s ON s.id = l.order_id
                         WHERE s.company_id = %(company)s AND s.state = 'sale' AND (%(in_any)s)
                           AND l.display_type IS NULL AND l.product_id IS NOT NULL) line
                 GROUP BY product_id
                """,
                rate=SQL(ORDER_RATE.format("s")),
                in_periods=self._period_flags(SQL("s.date_order")),
                company=self.company.id,
                in_any=self._in_any(SQL("s.date_order")),
            )
        )
        # the revenue of a period is the same window sum on every row
        revenue = [amount or 0.0 for amount in per_product[0][1:4]] if per_product else [0.0] * 3
        orders_by_product = [{}, {}, {}]
        for product_id, *values in per_product:
            for index, count in enumerate(values[3:]):
                if count:
                    orders_by_product[index][product_id] = count
        rankings = self._rows(
            SQL(
                """
                WITH grouped AS (
                    SELECT CASE GROUPING(s.team_id, s.user_id, partner.commercial_partner_id,
                                         t.categ_id)
                                WHEN 7 THEN 'team' WHEN 11 THEN 'salesperson'
                                WHEN 13 THEN 'customer' ELSE 'category' END AS ranking,
                           COALESCE(s.team_id, s.user_id, partner.commercial_partner_id,
                                    t.categ_id) AS key,
                           SUM(CASE WHEN l.product_id IS NOT NULL
                                    THEN l.price_subtotal / %(rate)s ELSE 0 END) AS amount,
                           COUNT(*) AS lines
                      FROM sale_order_line l
                      JOIN sale_order s ON s.id = l.order_id
                      JOIN res_partner partner ON partner.id = s.partner_id
                      LEFT JOIN product_product p ON p.id = l.product_id
                      LEFT JOIN product_template t ON t.id = p.product_tmpl_id
                     WHERE %(lines)s
                     GROUP BY GROUPING SETS ((s.team_id), (s.user_id),
                                             (partner.commercial_partner_id), (t.categ_id))
                ), ranked AS (
                    SELECT *, row_number() OVER (PARTITION BY ranking ORDER BY amount DESC)
                               AS rank
                      FROM grouped
                )
                SELECT ranking, rank, key, amount, lines FROM ranked WHERE rank <= %(top)s
                UNION ALL
                SELECT ranking, %(top)s + 1, NULL, SUM(amount), SUM(lines)
                  FROM ranked WHERE rank > %(top)s GROUP BY ranking
                 ORDER BY 1, 2
                """,
                rate=SQL(ORDER_RATE.format("s")),
                lines=self._confirmed_lines(self.periods[:1]),
                top=TOP_ROWS,
            )
        )
        tables = {"team": [], "salesperson": [], "customer": [], "category": []}
        for ranking, rank, key, amount, lines in rankings:
            first = OTHERS if rank > TOP_ROWS else _ref(RANKING_MODELS[ranking], key)
            tables[ranking].append((first, amount or 0.0, int(lines)))
        return revenue, orders_by_product, tables

    # ------------------------------------------------------------------ orders and customers
    def orders(self):
        p0 = self.periods[0]
        rows = self._rows(
            SQL(
                """
                SELECT GROUPING(so.sales_admin_state) = 1, so.sales_admin_state,
                       %(orders)s, %(quotations)s, %(blocked)s, %(blocked_old)s, %(fulfil)s,
                       COUNT(*) FILTER (WHERE %(confirmed0)s),
                       SUM(so.amount_untaxed / %(rate)s) FILTER (WHERE %(confirmed0)s),
                       %(cycle)s
                  FROM sale_order so
                 WHERE so.company_id = %(company)s
                 GROUP BY GROUPING SETS ((), (so.sales_admin_state))
                """,
                orders=self._each(
                    "COUNT(*) FILTER (WHERE so.state = 'sale' AND so.date_order >= %(start)s"
                    " AND so.date_order < %(end)s)"
                ),
                quotations=self._each(
                    "COUNT(*) FILTER (WHERE so.create_date >= %(start)s AND so.create_date < %(end)s)"
                ),
                blocked=self._each(
                    "COUNT(*) FILTER (WHERE so.sales_admin_state = 'blocked'"
                    " AND so.date_order < %(end)s)"
                ),
                blocked_old=self._each(
                    "COUNT(*) FILTER (WHERE so.sales_admin_state = 'blocked'"
                    " AND so.date_order < %(end)s - interval '7 days')"
                ),
                fulfil=self._each(
                    "AVG(so.sales_admin_days_to_fulfil) FILTER (WHERE so.state = 'sale'"
                    " AND so.date_order >= %(start)s AND so.date_order < %(end)s"
                    " AND so.sales_admin_date_confirmed IS NOT NULL"
                    " AND so.sales_admin_date_delivered IS NOT NULL"
                    " AND so.sales_admin_date_paid IS NOT NULL)"
                ),
                confirmed0=SQL(
                    "so.state = 'sale' AND so.date_order >= %s AND so.date_order < %s",
                    p0.start,
                    p0.end,
                ),
                rate=SQL(ORDER_RATE.format("so")),
                cycle=SQL(", ").join(
                    SQL(
                        "AVG(so.%s) FILTER (WHERE so.state = 'sale' AND so.date_order >= %s"
                        " AND so.date_order < %s AND %s)",
                        SQL.identifier(name),
                        p0.start,
                        p0.end,
                        SQL(" AND ").join(
                            SQL("so.%s IS NOT NULL", SQL.identifier(date))
                            for date in CYCLE_REACHED[name]
                        ),
                    )
                    for name in CYCLE_FIELDS
                ),
                company=self.company.id,
            )
        )
        kpis = [{}, {}, {}]
        by_state = []
        cycle = []
        for is_total, state, *values in rows:
            if not is_total:
                count0, amount0 = values[15], values[16]
                if count0:
                    by_state.append((state or False, count0, amount0 or 0.0))
                continue
            for index in range(3):
                kpis[index].update(
                    orders=values[index],
                    quotations=values[3 + index],
                    blocked_orders=values[6 + index],
                    blocked_orders_old=values[9 + index],
                    days_to_fulfil=values[12 + index],
                )
            cycle = list(zip(CYCLE_FIELDS, values[17:], strict=True))
        blocked = self._rows(
            SQL(
                """
                SELECT so.name, partner.complete_name, so.date_order, so.id
                  FROM sale_order so
                  JOIN res_partner partner ON partner.id = so.partner_id
                 WHERE so.company_id = %s AND so.sales_admin_state = 'blocked'
                 ORDER BY so.date_order
                 LIMIT %s
                """,
                self.company.id,
                TOP_ROWS,
            )
        )
        # the reasons are stored as keys and written in the reader's language by the order; the
        # orders are read together (one query), not one by one
        orders = self.env["sale.order"].browse([order_id for *_row, order_id in blocked])
        reasons = dict(zip(orders.ids, orders.mapped("sales_admin_block_reasons"), strict=True))
        blocked = [(*row[:3], reasons[order_id] or "") for *row, order_id in blocked]
        return kpis, {"by_state": by_state, "cycle": cycle, "blocked": blocked}

    def customers(self):
        """Customers (commercial entities) who ordered in each period, and those whose first
        confirmed order of the company falls in it."""
        [row] = self._rows(
            SQL(
                """
                SELECT %(counts)s
                  FROM (SELECT partner.commercial_partner_id, MIN(so.date_order) AS first_order,
                               %(ordered)s
                          FROM sale_order so
                          JOIN res_partner partner ON partner.id = so.partner_id
                         WHERE so.company_id = %(company)s AND so.state = 'sale'
                           AND so.date_order < %(last_end)s
                         GROUP BY partner.commercial_partner_id) customer
                """,
                counts=SQL(", ").join(
                    SQL(
                        "COUNT(*) FILTER (WHERE %s), COUNT(*) FILTER (WHERE %s AND first_order >= %s)",
                        SQL.identifier(f"in{index}"),
                        SQL.identifier(f"in{index}"),
                        p.start,
                    )
                    for index, p in enumerate(self.periods)
                ),
                ordered=SQL(", ").join(
                    SQL(
                        "bool_or(so.date_order >= %s AND so.date_order < %s) AS %s",
                        p.start,
                        p.end,
                        SQL.identifier(f"in{index}"),
                    )
                    for index, p in enumerate(self.periods)
                ),
                company=self.company.id,
                last_end=max(p.end for p in self.periods),
            )
        )
        return [
            {
                "customers": row[2 * index],
                "new_customers": row[2 * index + 1],
                "returning_customers": row[2 * index] - row[2 * index + 1],
            }
            for index in range(3)
        ]

    # ------------------------------------------------------------------ accounting
    def accounting(self):
        """Invoiced, collected, the receivables' ageing and the days to pay at each period's end:
        one scan of the customer invoices, one of the customer payments, one of the receivable
        journal items with their reconciliations."""
        [row] = self._rows(
            SQL(
                """
                SELECT *
                  FROM (SELECT %(invoiced)s
                          FROM account_move m
                         WHERE m.company_id = %(company)s AND m.state = 'posted'
                           AND m.move_type IN ('out_invoice', 'out_refund')
                           AND m.invoice_date <= %(last)s) invoices,
                       (SELECT %(collected)s
                          FROM account_payment pay
                         WHERE pay.company_id = %(company)s AND pay.partner_type = 'customer'
                           AND pay.state IN ('in_process', 'paid')) payments
                """,
                invoiced=self._each(
                    "SUM(m.amount_untaxed_signed) FILTER (WHERE m.invoice_date >= %(first)s"
                    " AND m.invoice_date <= %(last)s)"
                ),
                collected=self._each(
                    "SUM(pay.amount_company_currency_signed) FILTER (WHERE pay.date >= %(first)s"
                    " AND pay.date <= %(last)s)"
                ),
                company=self.company.id,
                last=max(p.last for p in self.periods),
            )
        )
        receivables, days_to_pay = self._receivables_and_days_to_pay()
        kpis = []
        for index, p in enumerate(self.periods):
            invoiced = row[index] or 0.0
            not_due, *overdue = (value or 0.0 for value in receivables[5 * index : 5 * index + 5])
            receivable = not_due + sum(overdue)
            kpis.append(
                {
                    "invoiced": invoiced,
                    "collected": row[3 + index] or 0.0,
                    "receivable_open": receivable,
                    "receivable_overdue": sum(overdue),
                    "dso": round(receivable / invoiced * ((p.last - p.first).days + 1), 1)
                    if invoiced > 0
                    else None,
                    "days_to_pay": round(days_to_pay[index], 1)
                    if days_to_pay[index] is not None
                    else None,
                    "receivable_ageing": list(zip(AGEING_KEYS, (not_due, *overdue), strict=True)),
                }
            )
        return kpis, {"ageing": kpis[0]["receivable_ageing"]}

    def _receivable_accounts(self):
        return [
            account_id
            for (account_id,) in self.env.execute_query(
                SQL("SELECT id FROM account_account WHERE account_type = 'asset_receivable'")
            )
        ]

    def _receivables_and_days_to_pay(self):
        """At the end of each period: not yet due and overdue by bucket, then the average days to
        pay (as `receivables_and_days_to_pay_from_reconciliations`), by the shortest way: an item
        owes at a date what it owes now (its stored residual) plus what was reconciled with it
        after that date, and a customer invoice was settled at a date when it is settled now and
        was last reconciled by then. One scan of the receivable items, their reconciliations
        after the earliest period end joined by hash, the settled invoices' last
        reconciliations."""
        first_end = min(p.last for p in self.periods)
        # without JIT, as the report runs it: compiling costs more than it saves here
        [row] = self._rows(
            SQL(
                """
                SET LOCAL jit = off;
                WITH item AS (
                    SELECT l.id, l.move_id, l.date, l.amount_residual,
                           COALESCE(l.date_maturity, l.date) AS due,
                           m.move_type, m.payment_state, m.invoice_date
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                     WHERE l.company_id = %(company)s AND l.parent_state = 'posted'
                       AND l.account_id = ANY(%(accounts)s)
                       AND m.move_type IN ('out_invoice', 'out_refund') AND l.date <= %(last)s
                ), later AS (  -- reconciled with an item after the earliest period end
                    SELECT p.debit_move_id AS item_id, p.amount, p.max_date
                      FROM account_partial_reconcile p JOIN item ON item.id = p.debit_move_id
                     WHERE p.max_date > %(first_end)s
                    UNION ALL
                    SELECT p.credit_move_id, -p.amount, p.max_date
                      FROM account_partial_reconcile p JOIN item ON item.id = p.credit_move_id
                     WHERE p.max_date > %(first_end)s
                ), back AS (  -- per item and period end: what was taken off it after that end
                    SELECT item_id, %(back)s FROM later GROUP BY item_id
                ), owed AS (
                    SELECT * FROM item LEFT JOIN back ON back.item_id = item.id
                ), settled AS (  -- customer invoices settled now, and when last reconciled
                    SELECT MIN(i.invoice_date) AS invoice_date, MAX(p.max_date) AS settled_on
                      FROM item i
                      LEFT JOIN account_partial_reconcile p ON p.debit_move_id = i.id
                     WHERE i.move_type = 'out_invoice' AND i.payment_state != 'reversed'
                     GROUP BY i.move_id
                    HAVING bool_and(i.amount_residual = 0)
                )
                SELECT *
                  FROM (SELECT %(buckets)s FROM owed) receivables,
                       (SELECT %(averages)s FROM settled) days
                """,
                back=SQL(", ").join(
                    SQL(
                        "SUM(amount) FILTER (WHERE max_date > %s) AS %s",
                        period.last,
                        SQL.identifier(f"back{index}"),
                    )
                    for index, period in enumerate(self.periods)
                ),
                buckets=self._buckets(
                    lambda index: SQL(
                        "amount_residual + COALESCE(%s, 0)", SQL.identifier(f"back{index}")
                    )
                ),
                averages=SQL(", ").join(
                    SQL(
                        "AVG(settled_on - invoice_date) FILTER (WHERE settled_on BETWEEN %s AND %s)",
                        period.first,
                        period.last,
                    )
                    for period in self.periods
                ),
                company=self.company.id,
                accounts=self._receivable_accounts(),
                last=max(p.last for p in self.periods),
                first_end=first_end,
            )
        )
        self.env.cr.execute(SQL("RESET jit"))
        return row[: 5 * len(self.periods)], row[5 * len(self.periods) :]

    def receivables_and_days_to_pay_from_reconciliations(self):
        """At the end of each period: not yet due and overdue by bucket (the receivable items of
        customer invoices and credit notes dated up to then, less what was reconciled with them up
        to then), then the average days from invoice date to full settlement of the customer
        invoices (not reversed) whose last reconciliation up to then falls in the period, settled
        by then. One scan of the receivable items, one of the reconciliations (each side of a
        reconciliation taken off its item), joined by hash. The receivable accounts are read first
        and given as a list: PostgreSQL then estimates the items from its statistics of their
        accounts (joined by type, it expected a tenth of them)."""
        accounts = self._receivable_accounts()
        [row] = self._rows(
            SQL(
                """
                WITH item AS (
                    SELECT l.id, l.move_id, l.date, l.balance, COALESCE(l.date_maturity, l.date) AS due
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                     WHERE l.company_id = %(company)s AND l.parent_state = 'posted'
                       AND l.account_id = ANY(%(accounts)s)
                       AND m.move_type IN ('out_invoice', 'out_refund') AND l.date <= %(last)s
                ), part AS (
                    SELECT debit_move_id AS item_id, amount, max_date
                      FROM account_partial_reconcile WHERE max_date <= %(last)s
                    UNION ALL
                    SELECT credit_move_id, -amount, max_date
                      FROM account_partial_reconcile WHERE max_date <= %(last)s
                ), taken AS (  -- per item and period end: taken off it by then, and when last
                    SELECT item_id, %(taken)s FROM part GROUP BY item_id
                ), residual AS (
                    SELECT * FROM item LEFT JOIN taken ON taken.item_id = item.id
                ), invoice AS (
                    SELECT m.invoice_date, SUM(r.balance) AS owed, %(per_invoice)s
                      FROM residual r
                      JOIN account_move m ON m.id = r.move_id
                     WHERE m.move_type = 'out_invoice' AND m.payment_state != 'reversed'
                     GROUP BY m.id
                )
                SELECT *
                  FROM (SELECT %(buckets)s FROM residual) receivables,
                       (SELECT %(averages)s FROM invoice) days
                """,
                taken=SQL(", ").join(
                    SQL(
                        "SUM(amount) FILTER (WHERE max_date <= %(last)s) AS %(taken)s,"
                        " MAX(max_date) FILTER (WHERE max_date <= %(last)s) AS %(on)s",
                        last=period.last,
                        taken=SQL.identifier(f"taken{index}"),
                        on=SQL.identifier(f"on{index}"),
                    )
                    for index, period in enumerate(self.periods)
                ),
                per_invoice=SQL(", ").join(
                    SQL(
                        "SUM(r.%(taken)s) AS %(taken)s, MAX(r.%(on)s) AS %(on)s",
                        taken=SQL.identifier(f"taken{index}"),
                        on=SQL.identifier(f"on{index}"),
                    )
                    for index in range(len(self.periods))
                ),
                buckets=self._buckets(
                    lambda index: SQL("balance - COALESCE(%s, 0)", SQL.identifier(f"taken{index}"))
                ),
                averages=SQL(", ").join(
                    SQL(
                        "AVG(%(on)s - invoice_date) FILTER (WHERE %(on)s >= %(first)s"
                        " AND round(owed - %(taken)s, %(digits)s) = 0)",
                        on=SQL.identifier(f"on{index}"),
                        taken=SQL.identifier(f"taken{index}"),
                        first=period.first,
                        digits=self.company.currency_id.decimal_places,
                    )
                    for index, period in enumerate(self.periods)
                ),
                company=self.company.id,
                accounts=accounts,
                last=max(p.last for p in self.periods),
            )
        )
        return row[: 5 * len(self.periods)], row[5 * len(self.periods) :]

    def _buckets(self, owed):
        """Not yet due, then each overdue bucket, at the end of each period: the sums of
        `owed(index)`, the SQL of what an item owes at the end of period `index`."""
        return SQL(", ").join(
            SQL(
                "SUM(%s) FILTER (WHERE date <= %s AND %s)",
                owed(index),
                period.last,
                self._late(period.last, low, high),
            )
            for index, period in enumerate(self.periods)
            for low, high in ((None, None), *OVERDUE_BUCKETS)
        )

    @staticmethod
    def _late(as_of, low, high):
        """Items `low` to `high` days past due at `as_of` (not due yet when `low` is None)."""
        if low is None:
            return SQL("due >= %s", as_of)
        if high is None:
            return SQL("due <= %s", as_of - timedelta(days=low))
        return SQL(
            "due BETWEEN %s AND %s",
            as_of - timedelta(days=high),
            as_of - timedelta(days=low),
        )

    # ------------------------------------------------------------------ customer data
    @staticmethod
    def _empty(column, field):
        """`column` is what the ORM's `(field, "=", False)` finds."""
        if field.type == "boolean":
            return SQL("NOT COALESCE(%s, FALSE)", column)
        if field.type in ("char", "text", "html", "selection"):
            return SQL("COALESCE(%s, '') = ''", column)
        return SQL("%s IS NULL", column)

    def incomplete_customers_rate(self):
        names = self.company._sales_admin_required_partner_field_names()
        fields = self.env["res.partner"]._fields
        missing = [self._empty(SQL.identifier("cp", name), fields[name]) for name in names]
        [(total, incomplete)] = self._rows(
            SQL(
                """
                SELECT COUNT(*), COUNT(*) FILTER (WHERE %s)
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = p.commercial_partner_id
                 WHERE p.active AND p.customer_rank > 0 AND p.parent_id IS NULL
                   AND (p.company_id IS NULL OR p.company_id = %s)
                """,
                SQL(" OR ").join(missing) if missing else SQL("FALSE"),
                self.company.id,
            )
        )
        return _rate(incomplete, total)

    # ------------------------------------------------------------------ complaints
    def complaints(self, orders, orders_by_product):
        [row] = self._rows(
            SQL(
                """
                SELECT %(opened)s, %(closed)s, %(remedy)s, %(breached)s
                  FROM sale_complaint c
                 WHERE c.company_id = %(company)s AND ((%(open_any)s) OR (%(closed_any)s))
                """,
                opened=self._each(
                    "COUNT(*) FILTER (WHERE c.date_open >= %(start)s AND c.date_open < %(end)s)"
                ),
                closed=self._each(
                    "COUNT(*) FILTER (WHERE c.date_closed >= %(start)s AND c.date_closed < %(end)s)"
                ),
                remedy=self._each(
                    "SUM(c.remedy_cost) FILTER (WHERE c.date_closed >= %(start)s"
                    " AND c.date_closed < %(end)s)"
                ),
                breached=self._each(
                    "COUNT(*) FILTER (WHERE c.sla_breached AND c.date_closed >= %(start)s"
                    " AND c.date_closed < %(end)s)"
                ),
                company=self.company.id,
                open_any=self._in_any(SQL("c.date_open")),
                closed_any=self._in_any(SQL("c.date_closed")),
            )
        )
        grouped = self._rows(
            SQL(
                """
                WITH opened AS (
                    SELECT c.id, c.category_id, c.root_cause_id, c.remedy_cost, %(in_periods)s
                      FROM sale_complaint c
                     WHERE c.company_id = %(company)s AND (%(open_any)s)
                ), by_key AS (
                    SELECT CASE GROUPING(category_id, root_cause_id) WHEN 1 THEN 'category'
                                ELSE 'root_cause' END AS grouping,
                           COALESCE(category_id, root_cause_id) AS key,
                           COUNT(*) AS count0, SUM(remedy_cost) AS remedy0, NULL::bigint AS count1,
                           NULL::bigint AS count2
                      FROM opened WHERE in0
                     GROUP BY GROUPING SETS ((category_id), (root_cause_id))
                    UNION ALL
                    SELECT 'product', rel.product_product_id,
                           COUNT(*) FILTER (WHERE in0), SUM(remedy_cost) FILTER (WHERE in0),
                           COUNT(*) FILTER (WHERE in1), COUNT(*) FILTER (WHERE in2)
                      FROM opened
                      LEFT JOIN sale_complaint_product_rel rel ON rel.sale_complaint_id = opened.id
                     GROUP BY rel.product_product_id
                ), ranked AS (  -- rows without complaint in the period rank last
                    SELECT *, row_number() OVER (PARTITION BY grouping ORDER BY count0 DESC) AS rank
                      FROM by_key
                )
                SELECT k.grouping, k.key, k.count0, k.remedy0, k.count1, k.count2,
                       k.rank <= %(top)s AND k.count0 > 0
                  FROM ranked k
                 WHERE (k.rank <= %(top)s AND k.count0 > 0)
                    OR (k.grouping = 'product' AND k.key IS NOT NULL)
                 ORDER BY k.grouping, k.rank
                """,
                in_periods=self._period_flags(SQL("c.date_open")),
                company=self.company.id,
                open_any=self._in_any(SQL("c.date_open")),
                top=TOP_ROWS,
            )
        )
        tables = {"category": [], "root_cause": [], "product": []}
        complaints_by_product = [{}, {}, {}]
        models = {
            "category": "sale.complaint.category",
            "root_cause": "sale.complaint.root.cause",
            "product": "product.product",
        }
        for grouping, key, count0, remedy0, count1, count2, shown in grouped:
            if shown:
                tables[grouping].append((_ref(models[grouping], key), count0, remedy0 or 0.0))
            if grouping == "product" and key:
                for index, count in enumerate((count0, count1, count2)):
                    if count:
                        complaints_by_product[index][key] = count
        kpis = []
        for index in range(3):
            opened, closed, breached = row[index], row[3 + index], row[9 + index]
            products = complaints_by_product[index].keys() | orders_by_product[index].keys()
            kpis.append(
                {
                    "complaints_opened": opened,
                    "complaints_closed": closed,
                    "complaint_rate": _rate(opened, orders[index]),
                    "sla_breach_rate": _rate(breached, closed),
                    "remedy_cost": row[6 + index] or 0.0,
                    "product_complaint_rate": {
                        pid: {
                            "value": _rate(
                                complaints_by_product[index].get(pid, 0),
                                orders_by_product[index].get(pid, 0),
                            ),
                            "count": complaints_by_product[index].get(pid, 0),
                            "base": orders_by_product[index].get(pid, 0),
                        }
                        for pid in products
                    },
                }
            )
        now, before = kpis[0]["product_complaint_rate"], kpis[1]["product_complaint_rate"]
        ranked = sorted(
            (pid for pid, entry in now.items() if entry["count"]),
            key=lambda pid: (-now[pid]["count"], pid),
        )[:TOP_ROWS]
        tables["product_rate"] = [
            (
                _ref("product.product", pid),
                now[pid]["count"],
                now[pid]["base"],
                now[pid]["value"],
                before.get(pid, {}).get("value"),
            )
            for pid in ranked
        ]
        return kpis, tables

    # ------------------------------------------------------------------ requests
    def requests(self):
        rows = self._rows(
            SQL(
                """
                WITH grouped AS (
                    SELECT CASE GROUPING(r.type_id, r.requester_id, r.sales_admin_id)
                                WHEN 3 THEN 'type' WHEN 5 THEN 'requester' WHEN 6 THEN 'admin'
                                ELSE 'total' END AS grouping,
                           COALESCE(r.type_id, r.requester_id, r.sales_admin_id) AS key,
                           %(raised)s, %(escalated)s,
                           AVG(r.first_response_hours) FILTER (WHERE %(in0)s),
                           AVG(r.resolution_hours) FILTER (WHERE %(in0)s)
                      FROM sale_admin_request r
                     WHERE r.company_id = %(company)s AND (%(in_any)s)
                     GROUP BY GROUPING SETS ((), (r.type_id), (r.requester_id), (r.sales_admin_id))
                )
                SELECT g.* FROM grouped g
                """,
                raised=self._each(
                    "COUNT(*) FILTER (WHERE r.date_raised >= %(start)s AND r.date_raised < %(end)s)"
                ),
                escalated=self._each(
                    "COUNT(*) FILTER (WHERE r.is_escalated AND r.date_raised >= %(start)s"
                    " AND r.date_raised < %(end)s)"
                ),
                in0=SQL(
                    "r.date_raised >= %s AND r.date_raised < %s",
                    self.periods[0].start,
                    self.periods[0].end,
                ),
                company=self.company.id,
                in_any=self._in_any(SQL("r.date_raised")),
            )
        )
        kpis = [
            {"requests_raised": 0, "requests_escalated": 0, "escalation_rate": None}
            for _period in self.periods
        ]
        tables = {"type": [], "requester": [], "admin": []}
        models = {"type": "sale.admin.request.type", "requester": "res.users", "admin": "res.users"}
        for grouping, key, *counts, response, resolution in rows:
            raised, escalated = counts[:3], counts[3:]
            if grouping == "total":
                for index in range(3):
                    kpis[index] = {
                        "requests_raised": raised[index],
                        "requests_escalated": escalated[index],
                        "escalation_rate": _rate(escalated[index], raised[index]),
                    }
            elif raised[0]:
                tables[grouping].append(
                    (_ref(models[grouping], key), raised[0], escalated[0], response, resolution)
                )
        for rows_of_table in tables.values():
            rows_of_table.sort(key=lambda row: (-row[1], row[0] or ""))
        return kpis, tables

    # ------------------------------------------------------------------ proposals
    def proposals(self):
        """Proposals sent, won, lost (declined or expired), their value in company currency
        (converted like the quotation they come from) and days to submit, for the three periods;
        won and lost per owner for the period."""
        rows = self._rows(
            SQL(
                """
                WITH grouped AS (
                    SELECT GROUPING(p.user_id) = 1 AS total, p.user_id,
                           %(sent)s, %(won)s, %(lost)s, %(value)s, %(days)s
                      FROM sale_proposal p
                      LEFT JOIN sale_order so ON so.id = p.order_id
                     WHERE p.company_id = %(company)s AND ((%(sent_any)s) OR (%(closed_any)s))
                     GROUP BY GROUPING SETS ((), (p.user_id))
                )
                SELECT g.*, user_partner.name
                  FROM grouped g
                  LEFT JOIN res_users u ON u.id = g.user_id
                  LEFT JOIN res_partner user_partner ON user_partner.id = u.partner_id
                """,
                sent=self._each(
                    "COUNT(*) FILTER (WHERE p.date_sent >= %(start)s AND p.date_sent < %(end)s)"
                ),
                won=self._each(
                    "COUNT(*) FILTER (WHERE p.state = 'accepted' AND p.date_closed >= %(start)s"
                    " AND p.date_closed < %(end)s)"
                ),
                lost=self._each(
                    "COUNT(*) FILTER (WHERE p.state IN ('declined', 'expired')"
                    " AND p.date_closed >= %(start)s"
                    " AND p.date_closed < %(end)s)"
                ),
                value=SQL(", ").join(
                    SQL(
                        "SUM(p.amount_untaxed / %s) FILTER (WHERE p.state = 'accepted'"
                        " AND p.date_closed >= %s AND p.date_closed < %s)",
                        SQL(ORDER_RATE.format("so")),
                        period.start,
                        period.end,
                    )
                    for period in self.periods
                ),
                days=self._each(
                    "AVG(EXTRACT(EPOCH FROM p.date_sent - p.create_date)) FILTER"
                    " (WHERE p.date_sent >= %(start)s AND p.date_sent < %(end)s) / 86400"
                ),
                company=self.company.id,
                sent_any=self._in_any(SQL("p.date_sent")),
                closed_any=self._in_any(SQL("p.date_closed")),
            )
        )
        kpis = [dict.fromkeys(PROPOSAL_INDICATORS) for _period in self.periods]
        by_owner = {}
        for total, user_id, *values, name in rows:
            sent, won, lost, value, days = (values[3 * k : 3 * k + 3] for k in range(5))
            if total:
                for index in range(3):
                    kpis[index] = {
                        "proposals_sent": sent[index],
                        "proposals_won": won[index],
                        "proposals_lost": lost[index],
                        "win_rate": _rate(won[index], won[index] + lost[index]),
                        "proposals_won_value": value[index] or 0.0,
                        "days_to_submit": round(days[index], 1)
                        if days[index] is not None
                        else None,
                    }
            elif won[0] or lost[0]:
                by_owner[user_id] = (name or "", won[0], lost[0], value[0] or 0.0)
        owner = [
            (_ref("res.users", user_id), won, lost, _rate(won, won + lost), value)
            for user_id, (_name, won, lost, value) in sorted(
                by_owner.items(), key=lambda item: item[1][0]
            )
        ]
        return kpis, {"owner": owner}

    # ------------------------------------------------------------------ everything
    def report_data(self):
        revenue, orders_by_product, sales_tables = self.sales()
        order_kpis, order_tables = self.orders()
        customer_kpis = self.customers()
        accounting_kpis, payment_tables = self.accounting()
        complaint_kpis, complaint_tables = self.complaints(
            [kpis["orders"] for kpis in order_kpis], orders_by_product
        )
        request_kpis, request_tables = self.requests()
        incomplete = self.incomplete_customers_rate()
        # the proposal figures, when the proposals are installed and the report shows them
        proposals = "sale.proposal" in self.env and "proposals_sent" in {
            key for key, _label, _kind in self.env["sale.admin.report.kpi"]._kpi_catalogue()
        }
        if proposals:
            proposal_kpis, proposal_tables = self.proposals()
        kpis = []
        for index in range(3):
            orders = order_kpis[index].pop("orders")
            period = {
                "revenue": revenue[index],
                "orders": orders,
                "average_order": revenue[index] / orders if orders else 0.0,
                **order_kpis[index],
                **customer_kpis[index],
                **accounting_kpis[index],
                "incomplete_customers_rate": incomplete,
                **complaint_kpis[index],
                **request_kpis[index],
                **(proposal_kpis[index] if proposals else dict.fromkeys(PROPOSAL_INDICATORS)),
            }
            kpis.append(period)
        tables = {
            "sales": sales_tables,
            "payments": payment_tables,
            "orders": order_tables,
            "complaints": complaint_tables,
            "requests": request_tables,
        }
        if proposals:
            tables["proposals"] = proposal_tables
        current, previous, last_year = self.periods
        return {
            "company": self.company,
            "date_from": current.first,
            "date_to": current.last,
            "previous_period": (previous.first, previous.last),
            "last_year_period": (last_year.first, last_year.last),
            "kpis": kpis[0],
            "previous": kpis[1],
            "last_year": kpis[2],
            "tables": tables,
        }


def floor_report_data(env, company, date_from, date_to, tz_name="UTC"):
    """What `env["sale.admin.report.kpi"]._report_data(company, date_from, date_to, tz_name)`
    returns, from the floor's own SQL."""
    return ReportFloor(env, company, date_from, date_to, tz_name).report_data()


def receivable_shortcut_problems(env, company, date_from, date_to, tz_name="UTC"):
    """Differences (to the cent) between the floor's receivables and days to pay computed the
    shortest way, from the stored residuals, and from every reconciliation up to each period's
    end: the timed floor uses the first, and this checks it from first principles."""
    floor = ReportFloor(env, company, date_from, date_to, tz_name)
    problems = []
    _compare(
        "receivables and days to pay",
        floor._receivables_and_days_to_pay(),
        floor.receivables_and_days_to_pay_from_reconciliations(),
        problems,
    )
    return problems


# ---------------------------------------------------------------------- comparison
# Differences the report once had with the floor, each with a test of its own in
# tests/test_report_floor.py that they stay gone (patterns of what compare_report_data prints)
REPORT_BUGS = {
    # amounts of orders in another currency added up as they are
    "order_states_in_company_currency": r"^tables\['orders'\]\['by_state'\]\[\d+\]\[2\]:",
    # values of proposals whose quotation is in another currency added up as they are
    "proposal_values_in_company_currency": r"^(\w+\['proposals_won_value'\]|"
    r"tables\['proposals'\]\['owner'\]\[\d+\]\[4\]):",
    # an average of nothing came back from _read_group as False, which the XLSX wrote as 0
    "averages_of_nothing_are_blank": r": report False, floor None$",
}


def unexplained(problems):
    """The differences that no known bug of the report explains."""
    return [
        problem
        for problem in problems
        if not any(re.search(pattern, problem) for pattern in REPORT_BUGS.values())
    ]


# tables ranked by one column: (column, descending, cut at TOP_ROWS); their tied rows may come in
# any order, and when a table is cut, which of the rows tied on its last value are shown is
# arbitrary too
RANKED_TABLES = {
    ("sales", "team"): (1, True, True),
    ("sales", "salesperson"): (1, True, True),
    ("sales", "customer"): (1, True, True),
    ("sales", "category"): (1, True, True),
    ("orders", "by_state"): (0, False, False),
    ("orders", "blocked"): (2, False, True),
    ("complaints", "category"): (1, True, True),
    ("complaints", "root_cause"): (1, True, True),
    ("complaints", "product"): (1, True, True),
    ("requests", "type"): (1, True, False),
    ("requests", "requester"): (1, True, False),
    ("requests", "admin"): (1, True, False),
}


def _differs(report, floor):
    """True when two figures differ: amounts by a cent or more, counts and keys at all."""
    if isinstance(report, bool) or isinstance(floor, bool):
        return report is not floor
    if isinstance(report, int) and isinstance(floor, int):
        return report != floor
    if isinstance(report, (int, float)) and isinstance(floor, (int, float)):
        return abs(report - floor) >= 0.005
    return report != floor


def _compare(path, report, floor, problems):
    if isinstance(report, dict) and isinstance(floor, dict):
        for key in sorted(report.keys() | floor.keys(), key=str):
            _compare(f"{path}[{key!r}]", report.get(key), floor.get(key), problems)
    elif isinstance(report, (list, tuple)) and isinstance(floor, (list, tuple)):
        if len(report) != len(floor):
            problems.append(f"{path}: {len(report)} rows in the report, {len(floor)} in the floor")
        for index, (mine, theirs) in enumerate(zip(report, floor, strict=False)):
            _compare(f"{path}[{index}]", mine, theirs, problems)
    elif _differs(report, floor):
        problems.append(f"{path}: report {report!r}, floor {floor!r}")


def _canonical(rows, column, descending, cut):
    """Rows of a ranking sorted by value, then by their content; when the table was cut at
    TOP_ROWS, the rows tied on its last value keep only that value."""
    ranked = [row for row in rows if row[0] != OTHERS]
    others = [row for row in rows if row[0] == OTHERS]

    def value(row):
        return round(row[column], 2) if isinstance(row[column], float) else row[column]

    ranked.sort(key=lambda row: repr(row))
    ranked.sort(key=value, reverse=descending)
    if cut and len(ranked) >= TOP_ROWS:
        boundary = value(ranked[-1])
        ranked = [
            row
            if value(row) != boundary
            else tuple(row[column] if i == column else None for i in range(len(row)))
            for row in ranked
        ]
    return ranked + others


def _plain(rows):
    """Rows of a report table with their records as the floor writes them ("model,id", None)."""
    return [
        tuple(
            (f"{cell._name},{cell.id}" if cell else None) if isinstance(cell, BaseModel) else cell
            for cell in row
        )
        for row in rows
    ]


def compare_report_data(report, floor):
    """Every difference between the report's data and the floor's, one line each (none: equal)."""
    problems = []
    for key in ("date_from", "date_to", "previous_period", "last_year_period"):
        _compare(key, report[key], floor[key], problems)
    for part in ("kpis", "previous", "last_year"):
        _compare(part, report[part], floor[part], problems)
    for section in sorted(report["tables"].keys() | floor["tables"].keys()):
        mine, theirs = report["tables"].get(section, {}), floor["tables"].get(section, {})
        for name in sorted(mine.keys() | theirs.keys()):
            path = f"tables[{section!r}][{name!r}]"
            rows, floor_rows = mine.get(name), theirs.get(name)
            rows = _plain(rows) if rows is not None else None
            if (section, name) in RANKED_TABLES and rows is not None and floor_rows is not None:
                column, descending, cut = RANKED_TABLES[section, name]
                values = [row[column] for row in rows if row[0] != OTHERS]
                if values != sorted(values, reverse=descending):
                    problems.append(f"{path}: the report's rows are not ranked by column {column}")
                rows = _canonical(rows, column, descending, cut)
                floor_rows = _canonical(floor_rows, column, descending, cut)
            _compare(path, rows, floor_rows, problems)
    return problems
