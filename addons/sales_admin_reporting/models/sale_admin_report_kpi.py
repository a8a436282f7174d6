"""The one query layer of the sales admin reports.

Every number shown in the XLSX file, the e-mail summary and the web views comes from here, computed
with `_read_group` (`account.move`, `account.payment`, the sales admin features), with grouped SQL
straight from the base tables where Odoo's reporting view would be scanned again and again (the
sales figures and rankings follow the rules of `sale.report`: its lines, its currency conversion,
the orders the user may read), and with `sale.admin.kpi` for the numbers every screen shares;
never with per-record loops. Amounts are in the company currency; one call covers one company.

The figures carry no text of a language: a table row starts with the record it is about (an empty
record for "none"), a selection value, a field name or a bucket key, and `sale.admin.report.section`
turns them into labels, so that the files of several languages share one computation.

The KPIs of the three periods a report compares are computed together (`_periods_kpis`): one query
per family of figures, with an aggregate per period filtered on the period's dates, over one scan
of the rows of all three, so that the number of queries does not depend on the size of the data.

A feature adds its KPIs and tables by extending `_kpi_catalogue`, `_periods_kpis` and
`_report_tables` in its own addon (a bridge addon when the feature is not ours to depend on).
"""

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

OVERDUE_BUCKETS = ((1, 30), (31, 60), (61, 90), (91, None))
TOP_ROWS = 200  # rows of a ranking table before the rest is summed as "Others"
OTHERS = "others"  # first cell of the row that sums a ranking's rest
# each cycle time, and the order's dates that must be set for it to exist: an order that has not
# reached a step has no time for it (its stored 0 is "not yet", never averaged)
CYCLE_STEPS = {
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
CYCLE_FIELDS = list(CYCLE_STEPS)


class Period(NamedTuple):
    """A period of the report: its local dates (inclusive) and their UTC bounds [start, end)."""

    date_from: date
    date_to: date
    start: datetime
    end: datetime


class SaleAdminReportKpi(models.AbstractModel):
    _name = "sale.admin.report.kpi"
    _description = "Sales Admin Report: KPI query layer"

    # === CATALOGUE METHODS === #
    @api.model
    def _kpi_catalogue(self):
        """(key, label, kind) of every scalar KPI, in the order of the summary; kind is money,
        count, percent or days."""
        return [
            # sales
            ("revenue", self.env._("Revenue (confirmed orders, untaxed)"), "money"),
            ("orders", self.env._("Confirmed orders"), "count"),
            ("average_order", self.env._("Average order value"), "money"),
            ("quotations", self.env._("Quotations created"), "count"),
            # customers
            ("customers", self.env._("Customers who ordered"), "count"),
            ("new_customers", self.env._("New customers"), "count"),
            ("returning_customers", self.env._("Returning customers"), "count"),
            # accounting
            ("invoiced", self.env._("Invoiced (untaxed, net of credit notes)"), "money"),
            ("collected", self.env._("Collected from customers"), "money"),
            ("receivable_open", self.env._("Open receivables"), "money"),
            ("receivable_overdue", self.env._("Overdue receivables"), "money"),
            ("dso", self.env._("Days sales outstanding"), "days"),
            ("days_to_pay", self.env._("Average days to pay (invoices settled)"), "days"),
            # customer data
            ("incomplete_customers_rate", self.env._("Customers with incomplete data"), "percent"),
            # orders
            ("blocked_orders", self.env._("Blocked orders (at period end)"), "count"),
            ("blocked_orders_old", self.env._("Orders blocked for over 7 days"), "count"),
            ("days_to_fulfil", self.env._("Average days confirmed to fulfilled"), "days"),
            # complaints
            ("complaints_opened", self.env._("Complaints opened"), "count"),
            ("complaints_closed", self.env._("Complaints closed"), "count"),
            ("complaint_rate", self.env._("Complaints per 100 confirmed orders"), "percent"),
            ("sla_breach_rate", self.env._("Complaints breaching their SLA (%)"), "percent"),
            ("remedy_cost", self.env._("Remedy cost"), "money"),
            # requests
            ("requests_raised", self.env._("Rep requests raised"), "count"),
            ("requests_escalated", self.env._("Rep requests escalated"), "count"),
            ("escalation_rate", self.env._("Escalation rate (%)"), "percent"),
        ]

    @api.model
    def _product_kpi_catalogue(self):
        """(key, label, kind) of the KPIs measured per product. Their value in a period's KPIs is
        {product id: {"value": rate, "count": events, "base": what the rate is measured on}}."""
        return [
            (
                "product_complaint_rate",
                self.env._("Complaints per 100 confirmed orders of a product"),
                "percent",
            ),
        ]

    # === PERIOD METHODS === #
    @api.model
    def _previous_period(self, date_from, date_to):
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        if date_from.day == 1 and date_to == date_from + relativedelta(months=months, days=-1):
            return date_from - relativedelta(months=months), date_from - timedelta(days=1)
        length = date_to - date_from
        return date_from - length - timedelta(days=1), date_from - timedelta(days=1)

    @api.model
    def _same_period_last_year(self, date_from, date_to):
        return date_from - relativedelta(years=1), date_to - relativedelta(years=1)

    @api.model
    def _datetime_bounds(self, date_from, date_to, tz_name):
        """UTC datetimes [start, end) covering the local dates of the period."""
        tz = pytz.timezone(tz_name or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min)).astimezone(pytz.utc)
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min)).astimezone(
            pytz.utc
        )
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    @api.model
    def _cycle_reached(self, alias, name):
        """SQL: the order ``alias`` has reached both ends of the cycle time ``name``."""
        return SQL(" AND ").join(
            SQL("%s IS NOT NULL", SQL.identifier(alias, date)) for date in CYCLE_STEPS[name]
        )

    @api.model
    def _period_domain(self, company, field, start, end):
        """The records of `company` whose `field` lies in [start, end): datetimes from
        `_datetime_bounds`, or dates with `end` the day after the period."""
        return Domain("company_id", "=", company.id) & self.env["sale.admin.kpi"]._within_domain(
            field, [(start, end)]
        )

    @api.model
    def _periods_of(self, periods, tz_name):
        """`periods` ((date_from, date_to) pairs of local dates) with their UTC bounds."""
        return [
            Period(date_from, date_to, *self._datetime_bounds(date_from, date_to, tz_name))
            for date_from, date_to in periods
        ]

    @api.model
    def _in_period(self, column, period, dates=False):
        """SQL: `column` (SQL) lies in `period`: in its UTC bounds, or in its local dates when
        `dates` (a date column)."""
        if dates:
            return SQL("(%s >= %s AND %s <= %s)", column, period.date_from, column, period.date_to)
        return SQL("(%s >= %s AND %s < %s)", column, period.start, column, period.end)

    @api.model
    def _in_periods_domain(self, field, periods, dates=False):
        """The records whose `field` lies in one of `periods` (as `_in_period`)."""
        if dates:
            bounds = [(period.date_from, period.date_to + timedelta(days=1)) for period in periods]
        else:
            bounds = [(period.start, period.end) for period in periods]
        return self.env["sale.admin.kpi"]._within_domain(field, bounds)

    # === REPORT METHODS === #
    @api.model
    def _report_data(self, company, date_from, date_to, tz_name="UTC"):
        """KPIs of the period and of the two periods it is compared with, and every table of
        every section."""
        self = self.with_company(company)  # noqa: PLW0642 - Odoo's reports convert into this company
        previous = self._previous_period(date_from, date_to)
        last_year = self._same_period_last_year(date_from, date_to)
        kpis, previous_kpis, last_year_kpis = self._periods_kpis(
            company, [(date_from, date_to), previous, last_year], tz_name
        )
        data = {
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
            "previous_period": previous,
            "last_year_period": last_year,
            "kpis": kpis,
            "previous": previous_kpis,
            "last_year": last_year_kpis,
            "tables": self._report_tables(company, date_from, date_to, tz_name),
        }
        data["tables"]["payments"] = {"ageing": data["kpis"]["receivable_ageing"]}
        data["tables"]["complaints"]["product_rate"] = self._product_complaint_table(
            data["kpis"]["product_complaint_rate"], data["previous"]["product_complaint_rate"]
        )
        return data

    @api.model
    def _period_kpis(self, company, date_from, date_to, tz_name="UTC"):
        """Every KPI of one company for one period."""
        return self._periods_kpis(company, [(date_from, date_to)], tz_name)[0]

    @api.model
    def _periods_kpis(self, company, periods, tz_name="UTC"):
        """Every KPI of one company for each of `periods` ((date_from, date_to) pairs of local
        dates), in their order: one query per family of figures (conditional aggregates per
        period over one scan), whatever the number of periods and the size of the data."""
        bounds = self._periods_of(periods, tz_name)
        # one scan of the periods' order lines by product: the revenue, and the orders per
        # product the complaint rates per product divide by
        product_sales = self._product_sales(company, bounds)
        sales = self._sales_kpis(company, bounds, product_sales)
        families = [
            sales,
            self._accounting_kpis(company, bounds),
            self._complaint_kpis(
                company,
                bounds,
                [kpis["orders"] for kpis in sales],
                [figures["orders"] for figures in product_sales],
            ),
            self._request_kpis(company, bounds),
        ]
        customer_data = self._customer_data_kpis(company)
        result = []
        for index in range(len(bounds)):
            kpis = dict(customer_data)
            for family in families:
                kpis.update(family[index])
            result.append(kpis)
        return result

    @api.model
    def _report_tables(self, company, date_from, date_to, tz_name="UTC"):
        """The tables of the period, by section: {section code: {table: rows}}; the ageing of
        the receivables (payments) comes with the KPIs of the period's end."""
        start, end = self._datetime_bounds(date_from, date_to, tz_name)
        return {
            "sales": self._sales_tables(company, start, end),
            "orders": self._order_tables(company, start, end),
            "complaints": self._complaint_tables(company, start, end),
            "requests": self._request_tables(company, start, end),
        }

    @api.model
    def _has_activity(self, data):
        kpis = data["kpis"]
        return bool(
            kpis["orders"]
            or kpis["quotations"]
            or kpis["invoiced"]
            or kpis["collected"]
            or kpis.get("complaints_opened")
            or kpis.get("requests_raised")
        )

    # === SALES METHODS === #
    @api.model
    def _confirmed_orders_domain(self, company, start, end):
        return self._period_domain(company, "date_order", start, end) & Domain("state", "=", "sale")

    @api.model
    def _confirmed_lines_sql(self, company, start, end):
        """SQL of the order lines confirmed in the period with the rules of `sale.report` (Odoo's
        sales analysis), straight from the base tables: lines without `display_type` of the
        confirmed orders of the company dated in the period (the orders the user may read),
        amounts converted into the company currency with the order's rate, lines without product
        worth 0. Columns: team_id, user_id, customer_id, categ_id, amount."""
        Order = self.env["sale.order"]
        Order.flush_model(["team_id", "user_id", "partner_id", "currency_rate", "state"])
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "price_subtotal", "display_type"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        orders = Order._search(self._confirmed_orders_domain(company, start, end))
        return SQL(
            """
            SELECT s.team_id, s.user_id, partner.commercial_partner_id AS customer_id,
                   t.categ_id,
                   CASE WHEN l.product_id IS NOT NULL THEN l.price_subtotal / %(rate)s ELSE 0 END
                       AS amount
              FROM sale_order_line l
              JOIN sale_order s ON s.id = l.order_id
              JOIN res_partner partner ON partner.id = s.partner_id
              LEFT JOIN product_product p ON p.id = l.product_id
              LEFT JOIN product_template t ON t.id = p.product_tmpl_id
             WHERE l.display_type IS NULL AND l.order_id IN %(orders)s
            """,
            rate=self.env["sale.admin.kpi"]._order_rate("s"),
            orders=orders.subselect(),
        )

    @api.model
    def _product_sales(self, company, periods):
        """Per period of `periods`: {"revenue": the untaxed amount of the confirmed orders of
        the company dated in the period, "orders": {product id: those orders with a line of the
        product}}, with the rules of `sale.report` (lines without `display_type`, lines without
        product worth 0, amounts converted with the order's rate), over the orders the user may
        read: one scan of the periods' lines grouped by product (conditional aggregates per
        period), the revenue a window sum over the products."""
        Order = self.env["sale.order"]
        Order.flush_model(["company_id", "state", "date_order", "currency_rate"])
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "price_subtotal", "display_type"]
        )
        query = Order._search(
            Domain("company_id", "=", company.id)
            & Domain("state", "=", "sale")
            & self._in_periods_domain("date_order", periods)
        )
        line = query.join(query.table, "id", "sale_order_line", "order_id", "line")
        product = SQL.identifier(line, "product_id")
        query.add_where(
            SQL("%s IS NULL AND %s IS NOT NULL", SQL.identifier(line, "display_type"), product)
        )
        query.groupby = product
        query.order = None
        amount = SQL(
            "%s / %s",
            SQL.identifier(line, "price_subtotal"),
            self.env["sale.admin.kpi"]._order_rate(query.table),
        )
        in_periods = [
            self._in_period(SQL.identifier(query.table, "date_order"), period) for period in periods
        ]
        rows = self.env.execute_query(
            query.select(
                product,
                *(
                    SQL("SUM(SUM(%s) FILTER (WHERE %s)) OVER ()", amount, in_period)
                    for in_period in in_periods
                ),
                *(
                    SQL(
                        "COUNT(DISTINCT %s) FILTER (WHERE %s)",
                        SQL.identifier(line, "order_id"),
                        in_period,
                    )
                    for in_period in in_periods
                ),
            )
        )
        count = len(periods)
        # the revenue of a period is the same window sum on every row
        revenue = rows[0][1 : count + 1] if rows else [0.0] * count
        result = [{"revenue": float(amount or 0.0), "orders": {}} for amount in revenue]
        for product_id, *values in rows:
            for index, figures in enumerate(result):
                if values[count + index]:
                    figures["orders"][product_id] = values[count + index]
        return result

    @api.model
    def _sales_kpis(self, company, periods, product_sales=None):
        """Sales, order and customer figures of each of `periods`: revenue and count of the
        confirmed orders of the company dated in the period (the revenue from `product_sales`,
        the `_product_sales` of the same periods, computed when not given), their average days
        to fulfil, the quotations created in it, the orders blocked at its end (and for over 7
        days), the customers (commercial partners) who ordered in it and those of them who had
        never ordered before; the orders' figures in one query (conditional aggregates per period
        over one scan of the periods' orders), only the orders the user may read."""
        if product_sales is None:
            product_sales = self._product_sales(company, periods)
        Order = self.env["sale.order"]
        Order.flush_model(
            [
                "company_id",
                "partner_id",
                "state",
                "date_order",
                "create_date",
                "sales_admin_state",
                "sales_admin_days_to_fulfil",
                *CYCLE_STEPS["sales_admin_days_to_fulfil"],
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        in_company = Domain("company_id", "=", company.id)
        confirmed = Domain("state", "=", "sale")
        last_end = max(period.end for period in periods)
        orders = Order._search(
            in_company
            & (
                (confirmed & self._in_periods_domain("date_order", periods))
                | self._in_periods_domain("create_date", periods)
                | (
                    Domain("sales_admin_state", "=", "blocked")
                    & Domain("date_order", "<", last_end)
                )
            )
        )
        earlier = Order._search(in_company & confirmed & Domain("date_order", "<", last_end))
        columns = []
        for period in periods:
            ordered = SQL("so.state = 'sale' AND %s", self._in_period(SQL("so.date_order"), period))
            blocked = SQL("so.sales_admin_state = 'blocked' AND so.date_order < %s", period.end)
            columns += [
                SQL("COUNT(*) FILTER (WHERE %s)", ordered),
                SQL(
                    "AVG(so.sales_admin_days_to_fulfil) FILTER (WHERE %s AND %s)",
                    ordered,
                    self._cycle_reached("so", "sales_admin_days_to_fulfil"),
                ),
                SQL("COUNT(*) FILTER (WHERE %s)", self._in_period(SQL("so.create_date"), period)),
                SQL("COUNT(*) FILTER (WHERE %s)", blocked),
                SQL(
                    "COUNT(*) FILTER (WHERE %s AND so.date_order < %s)",
                    blocked,
                    period.end - timedelta(days=7),
                ),
                SQL("COUNT(DISTINCT partner.commercial_partner_id) FILTER (WHERE %s)", ordered),
                SQL(
                    "COUNT(DISTINCT partner.commercial_partner_id)"
                    " FILTER (WHERE %s AND firsts.first_order >= %s)",
                    ordered,
                    period.start,
                ),
            ]
        [row] = self.env.execute_query(
            SQL(
                """
                    SELECT %(columns)s
                      FROM sale_order so
                      JOIN res_partner partner ON partner.id = so.partner_id
                      LEFT JOIN (
                          SELECT earlier_partner.commercial_partner_id AS customer_id,
                                 MIN(earlier.date_order) AS first_order
                            FROM sale_order earlier
                            JOIN res_partner earlier_partner
                              ON earlier_partner.id = earlier.partner_id
                           WHERE earlier.id IN %(earlier)s
                           GROUP BY earlier_partner.commercial_partner_id
                      ) firsts ON firsts.customer_id = partner.commercial_partner_id
                     WHERE so.id IN %(orders)s
                """,
                columns=SQL(", ").join(columns),
                earlier=earlier.subselect(),
                orders=orders.subselect(),
            )
        )
        result = []
        for index in range(len(periods)):
            amount = product_sales[index]["revenue"]
            orders, fulfil, quotations, blocked, blocked_old, customers, new = row[
                index * 7 : index * 7 + 7
            ]
            result.append(
                {
                    "revenue": amount,
                    "orders": orders,
                    "average_order": amount / orders if orders else 0.0,
                    "quotations": quotations,
                    "customers": customers,
                    "new_customers": new,
                    "returning_customers": customers - new,
                    "blocked_orders": blocked,
                    "blocked_orders_old": blocked_old,
                    "days_to_fulfil": None if fulfil is None else float(fulfil),
                }
            )
        return result

    @api.model
    def _sales_tables(self, company, start, end, limit=TOP_ROWS):
        """Rows (record, revenue, order lines) by team, salesperson, customer and product
        category, largest first; past `limit` rows the rest is summed into one (OTHERS, ...) row.
        One query for the four rankings (GROUPING SETS over one scan of the period's lines)."""
        rows = self.env.execute_query(
            SQL(
                """
                WITH grouped AS (
                    SELECT CASE GROUPING(team_id, user_id, customer_id, categ_id)
                                WHEN 7 THEN 'team' WHEN 11 THEN 'salesperson'
                                WHEN 13 THEN 'customer' ELSE 'category' END AS ranking,
                           COALESCE(team_id, user_id, customer_id, categ_id) AS key,
                           SUM(amount) AS amount, COUNT(*) AS lines
                      FROM (%(lines)s) line
                     GROUP BY GROUPING SETS ((team_id), (user_id), (customer_id), (categ_id))
                ), ranked AS (
                    SELECT *, row_number() OVER (
                               PARTITION BY ranking ORDER BY amount DESC, key) AS rank
                      FROM grouped
                )
                SELECT ranking, rank, key, amount, lines FROM ranked WHERE rank <= %(limit)s
                UNION ALL
                SELECT ranking, %(limit)s + 1, NULL, SUM(amount), SUM(lines)
                  FROM ranked WHERE rank > %(limit)s GROUP BY ranking
                 ORDER BY 1, 2
                """,
                lines=self._confirmed_lines_sql(company, start, end),
                limit=limit,
            )
        )
        models = {
            "team": "crm.team",
            "salesperson": "res.users",
            "customer": "res.partner",
            "category": "product.category",
        }
        # the records of a ranking share one prefetch: their names are read in one query
        ids = {
            ranking: tuple(key for r, _rank, key, *_rest in rows if r == ranking and key)
            for ranking in models
        }
        tables = {ranking: [] for ranking in models}
        for ranking, rank, key, amount, lines in rows:
            if rank > limit:
                first = OTHERS
            else:
                first = self.env[models[ranking]].browse(key or ()).with_prefetch(ids[ranking])
            tables[ranking].append((first, float(amount or 0.0), int(lines)))
        return tables

    # === ACCOUNTING METHODS === #
    @api.model
    def _customer_invoices_domain(self):
        return Domain("state", "=", "posted") & Domain(
            "move_type", "in", ("out_invoice", "out_refund")
        )

    @api.model
    def _accounting_kpis(self, company, periods):
        """Invoicing, collections, receivables and days to pay of each of `periods`: invoiced
        and collected in one query (conditional aggregates per period), receivables at the end
        of each period (with their ageing, the payments table's rows) and days to pay in each in
        one more query (`sale.admin.kpi`)."""
        Move = self.env["account.move"]
        Payment = self.env["account.payment"]
        Move.flush_model(
            ["company_id", "state", "move_type", "invoice_date", "amount_untaxed_signed"]
        )
        Payment.flush_model(
            ["company_id", "state", "partner_type", "date", "amount_company_currency_signed"]
        )
        in_company = Domain("company_id", "=", company.id)
        invoices = Move._search(
            in_company
            & self._customer_invoices_domain()
            & self._in_periods_domain("invoice_date", periods, dates=True)
        )
        payments = Payment._search(
            in_company
            & Domain("state", "in", ("in_process", "paid"))
            & Domain("partner_type", "=", "customer")
            & self._in_periods_domain("date", periods, dates=True)
        )

        def sums(query, field, date_field):
            return query.select(
                *(
                    SQL(
                        "SUM(%s) FILTER (WHERE %s)",
                        SQL.identifier(query.table, field),
                        self._in_period(SQL.identifier(query.table, date_field), period, True),
                    )
                    for period in periods
                )
            )

        [row] = self.env.execute_query(
            SQL(
                "SELECT * FROM (%s) invoiced CROSS JOIN (%s) collected",
                sums(invoices, "amount_untaxed_signed", "invoice_date"),
                sums(payments, "amount_company_currency_signed", "date"),
            )
        )
        # sudo: the company's figures, by the rules every screen shares (one scan of the
        # receivable items for both)
        receivables, days_to_pay = (
            self.env["sale.admin.kpi"]
            .sudo()
            ._receivables_and_days_to_pay(
                company,
                [(period.date_from, period.date_to) for period in periods],
                buckets=OVERDUE_BUCKETS,
                counts=False,  # the report shows amounts only
            )
        )
        result = []
        for index, period in enumerate(periods):
            invoiced = float(row[index] or 0.0)
            collected = float(row[len(periods) + index] or 0.0)
            totals = receivables[period.date_to][None]
            days = (period.date_to - period.date_from).days + 1
            result.append(
                {
                    "invoiced": invoiced,
                    "collected": collected,
                    "receivable_open": totals["open"],
                    "receivable_overdue": totals["overdue"],
                    "dso": round(totals["open"] / invoiced * days, 1) if invoiced > 0 else None,
                    "days_to_pay": days_to_pay[index].get(None),
                    "receivable_ageing": self._receivable_ageing(totals),
                }
            )
        return result

    @api.model
    def _receivable_ageing(self, totals):
        """Rows (bucket key, amount) of the ageing of the receivables `totals` of
        `sale.admin.kpi._receivables_at` (computed with OVERDUE_BUCKETS): not yet due, then each
        bucket of days overdue."""
        return [
            ("not_due", totals["not_due"]),
            *((self._bucket_key(low, high), totals[low, high]) for low, high in OVERDUE_BUCKETS),
        ]

    @api.model
    def _bucket_key(self, low, high):
        return f"overdue_{low}_{high or 'plus'}"

    # === ORDER METHODS === #
    @api.model
    def _order_tables(self, company, start, end):
        """Rows (admin state, orders, untaxed amount) of the period's confirmed orders, (cycle
        field name, average days) of their cycle times, and (order, customer, date, reasons) of
        the orders blocked now, oldest first."""
        Order = self.env["sale.order"].with_company(company)
        confirmed = self._confirmed_orders_domain(company, start, end)
        Order.flush_model(
            [
                "sales_admin_state",
                "amount_untaxed",
                "currency_rate",
                *CYCLE_FIELDS,
                *{date for dates in CYCLE_STEPS.values() for date in dates},
            ]
        )
        # one scan: a row per admin state, and the row of all the orders with the cycle times
        query = Order._search(confirmed)
        state = SQL.identifier(query.table, "sales_admin_state")
        query.groupby = SQL("GROUPING SETS ((%s), ())", state)
        query.order = state
        rows = self.env.execute_query(
            query.select(
                SQL("GROUPING(%s) = 1", state),
                state,
                SQL("COUNT(*)"),
                SQL(
                    "SUM(%s / %s)",
                    SQL.identifier(query.table, "amount_untaxed"),
                    self.env["sale.admin.kpi"]._order_rate(query.table),
                ),
                *(
                    SQL(
                        "AVG(%s) FILTER (WHERE %s)",
                        SQL.identifier(query.table, name),
                        self._cycle_reached(query.table, name),
                    )
                    for name in CYCLE_FIELDS
                ),
            )
        )
        by_state = [
            (value or False, count, float(amount or 0.0))
            for total, value, count, amount, *_averages in rows
            if not total
        ]
        averages = next(averages for total, _value, _count, _amount, *averages in rows if total)
        # what the table shows, not every column of the orders and their customers
        blocked = Order.search_fetch(
            Domain("company_id", "=", company.id) & Domain("sales_admin_state", "=", "blocked"),
            ["name", "partner_id", "date_order", "sales_admin_block_reason_keys"],
            order="date_order",
            limit=TOP_ROWS,
        )
        blocked.partner_id.fetch(["complete_name"])
        return {
            "by_state": by_state,
            "cycle": list(zip(CYCLE_FIELDS, averages, strict=True)),
            "blocked": [
                (
                    order.name,
                    order.partner_id.complete_name or order.partner_id.display_name,
                    order.date_order,
                    order.sales_admin_block_reasons or "",
                )
                for order in blocked
            ],
        }

    # === CUSTOMER DATA METHODS === #
    @api.model
    def _customer_data_kpis(self, company):
        Partner = self.env["res.partner"].with_company(company)
        customers = (
            Domain("customer_rank", ">", 0)
            & Domain("parent_id", "=", False)
            & Domain("company_id", "in", (False, company.id))
        )
        # one scan: the customers, and among them the incomplete ones (the condition of the
        # customer list's filter, as `_search` turns it into SQL)
        query = Partner._search(customers)
        incomplete_sql = (
            Domain("sales_admin_is_incomplete", "=", True)
            .optimize_full(Partner)
            ._to_sql(Partner, query.table, query)
        )
        [(total, incomplete)] = self.env.execute_query(
            query.select(SQL("COUNT(*)"), SQL("COUNT(*) FILTER (WHERE %s)", incomplete_sql))
        )
        return {"incomplete_customers_rate": round(incomplete / total * 100, 1) if total else None}

    # === COMPLAINT METHODS === #
    @api.model
    def _complaints_domain(self, company, field, start, end):
        """The complaints, archived ones included, whose `field` lies in the period."""
        return self._period_domain(company, field, start, end) & Domain(
            "active", "in", (True, False)
        )

    @api.model
    def _complaint_kpis(self, company, periods, orders, product_orders=None):
        """Complaints opened and closed in each of `periods` (archived ones included), their SLA
        breaches and remedy cost in one query (conditional aggregates per period), the rates per
        100 of the period's confirmed `orders` (counts, one per period), and the rates per
        product (per 100 of `product_orders`, as `_product_complaint_rates` takes them)."""
        Complaint = self.env["sale.complaint"]
        Complaint.flush_model(
            ["company_id", "active", "date_open", "date_closed", "sla_breached", "remedy_cost"]
        )
        query = Complaint._search(
            Domain("company_id", "=", company.id)
            & Domain("active", "in", (True, False))
            & (
                self._in_periods_domain("date_open", periods)
                | self._in_periods_domain("date_closed", periods)
            )
        )
        columns = []
        for period in periods:
            opened = self._in_period(SQL.identifier(query.table, "date_open"), period)
            closed = self._in_period(SQL.identifier(query.table, "date_closed"), period)
            columns += [
                SQL("COUNT(*) FILTER (WHERE %s)", opened),
                SQL("COUNT(*) FILTER (WHERE %s)", closed),
                SQL(
                    "COUNT(*) FILTER (WHERE %s AND %s)",
                    closed,
                    SQL.identifier(query.table, "sla_breached"),
                ),
                SQL(
                    "SUM(%s) FILTER (WHERE %s)", SQL.identifier(query.table, "remedy_cost"), closed
                ),
            ]
        [row] = self.env.execute_query(query.select(*columns))
        rates = self._product_complaint_rates(company, periods, product_orders)
        result = []
        for index, count in enumerate(orders):
            opened, closed, breached, remedy_cost = row[index * 4 : index * 4 + 4]
            result.append(
                {
                    "complaints_opened": opened,
                    "complaints_closed": closed,
                    "complaint_rate": round(opened / count * 100, 1) if count else None,
                    "sla_breach_rate": round(breached / closed * 100, 1) if closed else None,
                    "remedy_cost": float(remedy_cost or 0.0),
                    "product_complaint_rate": rates[index],
                }
            )
        return result

    @api.model
    def _product_complaint_rates(self, company, periods, product_orders=None):
        """Per period of `periods`, per product: complaints opened in the period about it,
        confirmed orders of the period with a line of it, and complaints per 100 such orders
        (None without orders). Every product with an order or a complaint in the period has an
        entry. The orders per product are `product_orders` ({product id: orders} per period, as
        `_product_sales` counts them, which it is asked for when they are not given), the
        complaints are counted in one grouped query for all periods (conditional aggregates per
        period); both over the records the user may read."""
        if product_orders is None:
            product_orders = [
                figures["orders"] for figures in self._product_sales(company, periods)
            ]
        Complaint = self.env["sale.complaint"]
        Complaint.flush_model(["company_id", "date_open", "active", "product_ids"])
        query = Complaint._search(
            Domain("company_id", "=", company.id)
            & Domain("active", "in", (True, False))
            & self._in_periods_domain("date_open", periods)
        )
        rel = query.join(
            query.table, "id", "sale_complaint_product_rel", "sale_complaint_id", "rel"
        )
        product = SQL.identifier(rel, "product_product_id")
        query.groupby = product
        query.order = None
        rows = self.env.execute_query(
            query.select(
                product,
                *(
                    SQL(
                        "COUNT(*) FILTER (WHERE %s)",
                        self._in_period(SQL.identifier(query.table, "date_open"), period),
                    )
                    for period in periods
                ),
            )
        )
        complained = {product_id: counts for product_id, *counts in rows}
        result = []
        for index, orders in enumerate(product_orders):
            rates = {}
            for product_id in orders.keys() | complained.keys():
                count = complained[product_id][index] if product_id in complained else 0
                base = orders.get(product_id, 0)
                if count or base:
                    rates[product_id] = {
                        "value": round(count / base * 100, 1) if base else None,
                        "count": count,
                        "base": base,
                    }
            result.append(rates)
        return result

    @api.model
    def _product_complaint_table(self, rates, previous_rates, limit=TOP_ROWS):
        """Rows (product, complaints, orders, rate, previous rate) of the products complained
        about in the period, most complaints first."""
        ranked = sorted(
            ((pid, entry) for pid, entry in rates.items() if entry["count"]),
            key=lambda item: (-item[1]["count"], item[0]),
        )[:limit]
        products = self.env["product.product"].browse([pid for pid, _entry in ranked])
        return [
            (
                product,
                entry["count"],
                entry["base"],
                entry["value"],
                previous_rates.get(pid, {}).get("value"),
            )
            for product, (pid, entry) in zip(products, ranked, strict=True)
        ]

    @api.model
    def _complaint_tables(self, company, start, end, limit=TOP_ROWS):
        """Rows (record, complaints, remedy cost) of the complaints opened in the period by
        category, root cause and product, the most frequent first (at most `limit` each): one
        query for the three rankings (GROUPING SETS over the period's complaints, and their
        products), the complaints and products the user may read, archived products included."""
        Complaint = self.env["sale.complaint"]
        Complaint.flush_model(
            ["company_id", "active", "date_open", "category_id", "root_cause_id", "remedy_cost"]
        )
        Complaint.flush_model(["product_ids"])
        opened = Complaint._search(self._complaints_domain(company, "date_open", start, end))
        field = Complaint._fields["product_ids"]
        # the products the user may read, archived ones included: a product withdrawn because of
        # its complaints keeps them (as in the complaint rates per product), not "(none)"
        products = (
            self.env[field.comodel_name]
            .with_context(**field.context, active_test=False)
            ._search(field.get_comodel_domain(Complaint))
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH opened AS (%(opened)s), grouped AS (
                    SELECT CASE GROUPING(category_id, root_cause_id)
                                WHEN 1 THEN 'category' ELSE 'root_cause' END AS ranking,
                           COALESCE(category_id, root_cause_id) AS key,
                           COUNT(*) AS complaints, SUM(remedy_cost) AS remedy
                      FROM opened
                     GROUP BY GROUPING SETS ((category_id), (root_cause_id))
                     UNION ALL
                    SELECT 'product', rel.product_product_id, COUNT(*), SUM(opened.remedy_cost)
                      FROM opened
                      LEFT JOIN sale_complaint_product_rel rel
                        ON rel.sale_complaint_id = opened.id %(products)s
                     GROUP BY rel.product_product_id
                ), ranked AS (
                    SELECT *, row_number() OVER (
                               PARTITION BY ranking ORDER BY complaints DESC, key) AS rank
                      FROM grouped
                )
                SELECT ranking, key, complaints, remedy FROM ranked
                 WHERE rank <= %(limit)s
                 ORDER BY ranking, rank
                """,
                opened=opened.select(
                    SQL.identifier(opened.table, "id"),
                    SQL.identifier(opened.table, "category_id"),
                    SQL.identifier(opened.table, "root_cause_id"),
                    SQL.identifier(opened.table, "remedy_cost"),
                ),
                products=(
                    SQL("AND rel.product_product_id IN %s", products.subselect())
                    if products.where_clause
                    else SQL()
                ),
                limit=limit,
            )
        )
        models = {
            "category": "sale.complaint.category",
            "root_cause": "sale.complaint.root.cause",
            "product": "product.product",
        }
        return self._ranked_tables(
            models,
            [(ranking, key, (count, float(remedy or 0.0))) for ranking, key, count, remedy in rows],
        )

    @api.model
    def _ranked_tables(self, models, rows):
        """{ranking: [(record, *figures)]} of `rows` (ranking, record id or None, figures), in
        their order; `models` names the model of each ranking, and the records of a ranking share
        one prefetch (their names are read in one query)."""
        ids = {
            ranking: tuple(key for r, key, _figures in rows if r == ranking and key)
            for ranking in models
        }
        tables = {ranking: [] for ranking in models}
        for ranking, key, figures in rows:
            record = self.env[models[ranking]].browse(key or ()).with_prefetch(ids[ranking])
            tables[ranking].append((record, *figures))
        return tables

    # === REQUEST METHODS === #
    @api.model
    def _request_kpis(self, company, periods):
        """Requests raised in each of `periods` and those of them escalated, in one query
        (conditional aggregates per period)."""
        Request = self.env["sale.admin.request"]
        Request.flush_model(["company_id", "date_raised", "is_escalated"])
        query = Request._search(
            Domain("company_id", "=", company.id) & self._in_periods_domain("date_raised", periods)
        )
        columns = []
        for period in periods:
            raised = self._in_period(SQL.identifier(query.table, "date_raised"), period)
            columns += [
                SQL("COUNT(*) FILTER (WHERE %s)", raised),
                SQL(
                    "COUNT(*) FILTER (WHERE %s AND %s)",
                    raised,
                    SQL.identifier(query.table, "is_escalated"),
                ),
            ]
        [row] = self.env.execute_query(query.select(*columns))
        result = []
        for index in range(len(periods)):
            count, escalated = row[index * 2 : index * 2 + 2]
            result.append(
                {
                    "requests_raised": count,
                    "requests_escalated": escalated,
                    "escalation_rate": round(escalated / count * 100, 1) if count else None,
                }
            )
        return result

    @api.model
    def _request_tables(self, company, start, end):
        """Rows (record, requests, escalated, hours to first response, hours to resolution) of
        the requests raised in the period by type, sales rep and sales admin, most first: one
        query for the three (GROUPING SETS over the period's requests the user may read)."""
        Request = self.env["sale.admin.request"]
        Request.flush_model(
            [
                "company_id",
                "date_raised",
                "type_id",
                "requester_id",
                "sales_admin_id",
                "is_escalated",
                "first_response_hours",
                "resolution_hours",
            ]
        )
        raised = Request._search(self._period_domain(company, "date_raised", start, end))
        rows = self.env.execute_query(
            SQL(
                """
                SELECT CASE GROUPING(type_id, requester_id, sales_admin_id)
                            WHEN 3 THEN 'type' WHEN 5 THEN 'requester' ELSE 'admin' END,
                       COALESCE(type_id, requester_id, sales_admin_id) AS key,
                       COUNT(*), COUNT(*) FILTER (WHERE is_escalated),
                       AVG(first_response_hours), AVG(resolution_hours)
                  FROM (%s) raised
                 GROUP BY GROUPING SETS ((type_id), (requester_id), (sales_admin_id))
                 ORDER BY 1, 3 DESC, key
                """,
                raised.select(
                    *(
                        SQL.identifier(raised.table, name)
                        for name in (
                            "type_id",
                            "requester_id",
                            "sales_admin_id",
                            "is_escalated",
                            "first_response_hours",
                            "resolution_hours",
                        )
                    )
                ),
            )
        )
        models = {
            "type": "sale.admin.request.type",
            "requester": "res.users",
            "admin": "res.users",
        }
        return self._ranked_tables(
            models, [(ranking, key, tuple(figures)) for ranking, key, *figures in rows]
        )
