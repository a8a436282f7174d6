"""The one query layer of the sales admin reports.

Every number shown in the XLSX file, the e-mail summary and the web views comes from here, computed
with `_read_group` on Odoo's own reporting models (`sale.report`, `account.move`,
`account.payment`) or with a few grouped SQL queries, never with per-record loops. Amounts are in
the company currency; one call covers one company.
"""

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

OVERDUE_BUCKETS = ((1, 30), (31, 60), (61, 90), (91, None))
TOP_ROWS = 200  # rows of a ranking table before the rest is summed as "Others"


class SaleAdminReportKpi(models.AbstractModel):
    _name = "sale.admin.report.kpi"
    _description = "Sales Admin Report: KPI query layer"

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
    def _kpi_catalogue(self):
        """(key, label, kind) of every scalar KPI; kind is money, count, percent or days."""
        return [
            ("revenue", self.env._("Revenue (confirmed orders, untaxed)"), "money"),
            ("orders", self.env._("Confirmed orders"), "count"),
            ("average_order", self.env._("Average order value"), "money"),
            ("quotations", self.env._("Quotations created"), "count"),
            ("customers", self.env._("Customers who ordered"), "count"),
            ("new_customers", self.env._("New customers"), "count"),
            ("returning_customers", self.env._("Returning customers"), "count"),
            ("invoiced", self.env._("Invoiced (untaxed, net of credit notes)"), "money"),
            ("collected", self.env._("Collected from customers"), "money"),
            ("receivable_open", self.env._("Open receivables"), "money"),
            ("receivable_overdue", self.env._("Overdue receivables"), "money"),
            ("dso", self.env._("Days sales outstanding"), "days"),
            ("incomplete_customers_rate", self.env._("Customers with incomplete data"), "percent"),
            *self._extra_kpi_catalogue(),
        ]

    @api.model
    def _extra_kpi_catalogue(self):
        """Hook: other features add their KPIs here (and their values in `_extra_kpis`)."""
        return []

    @api.model
    def _product_kpi_catalogue(self):
        """(key, label, kind) of the KPIs measured per product. Their value in a period's KPIs is
        {product id: {"value": rate, "count": events, "base": what the rate is measured on}}."""
        return []

    @api.model
    def _period_kpis(self, company, date_from, date_to, tz_name="UTC"):
        """Every scalar KPI of one company for one period: a constant number of queries."""
        start, end = self._datetime_bounds(date_from, date_to, tz_name)
        kpis = {}
        kpis.update(self._sales_kpis(company, start, end))
        kpis.update(self._customer_kpis(company, start, end))
        kpis.update(self._accounting_kpis(company, date_from, date_to))
        kpis.update(self._extra_kpis(company, date_from, date_to, start, end))
        return kpis

    @api.model
    def _extra_kpis(self, company, date_from, date_to, start, end):
        return {"incomplete_customers_rate": None}

    @api.model
    def _confirmed_sales_domain(self, company, start, end):
        return (
            Domain("company_id", "=", company.id)
            & Domain("state", "=", "sale")
            & Domain("date", ">=", start)
            & Domain("date", "<", end)
        )

    @api.model
    def _sales_kpis(self, company, start, end):
        SaleReport = self.env["sale.report"]
        [(revenue,)] = SaleReport._read_group(
            self._confirmed_sales_domain(company, start, end), [], ["price_subtotal:sum"]
        )
        orders_domain = Domain("company_id", "=", company.id) & Domain("state", "=", "sale")
        [(orders,)] = self.env["sale.order"]._read_group(
            orders_domain & Domain("date_order", ">=", start) & Domain("date_order", "<", end),
            [],
            ["__count"],
        )
        [(quotations,)] = self.env["sale.order"]._read_group(
            Domain("company_id", "=", company.id)
            & Domain("create_date", ">=", start)
            & Domain("create_date", "<", end),
            [],
            ["__count"],
        )
        return {
            "revenue": revenue or 0.0,
            "orders": orders,
            "average_order": (revenue or 0.0) / orders if orders else 0.0,
            "quotations": quotations,
        }

    @api.model
    def _customer_kpis(self, company, start, end):
        """Customers who ordered in the period, split by whether they had ordered before."""
        query = SQL(
            """
            WITH period AS (
                SELECT DISTINCT so.partner_id, p.commercial_partner_id
                  FROM sale_order so
                  JOIN res_partner p ON p.id = so.partner_id
                 WHERE so.company_id = %(company)s AND so.state = 'sale'
                   AND so.date_order >= %(start)s AND so.date_order < %(end)s
            ), customers AS (
                SELECT DISTINCT commercial_partner_id FROM period
            )
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE NOT EXISTS (
                       SELECT 1 FROM sale_order old
                         JOIN res_partner op ON op.id = old.partner_id
                        WHERE old.company_id = %(company)s AND old.state = 'sale'
                          AND old.date_order < %(start)s
                          AND op.commercial_partner_id = customers.commercial_partner_id))
              FROM customers
            """,
            company=company.id,
            start=start,
            end=end,
        )
        self.env["sale.order"].flush_model(["partner_id", "company_id", "state", "date_order"])
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        [(customers, new)] = self.env.execute_query(query)
        return {
            "customers": customers,
            "new_customers": new,
            "returning_customers": customers - new,
        }

    @api.model
    def _customer_invoices_domain(self, company):
        return (
            Domain("company_id", "=", company.id)
            & Domain("state", "=", "posted")
            & Domain("move_type", "in", ("out_invoice", "out_refund"))
        )

    @api.model
    def _accounting_kpis(self, company, date_from, date_to):
        Move = self.env["account.move"]
        invoices = self._customer_invoices_domain(company)
        [(invoiced,)] = Move._read_group(
            invoices
            & Domain("invoice_date", ">=", date_from)
            & Domain("invoice_date", "<=", date_to),
            [],
            ["amount_untaxed_signed:sum"],
        )
        [(collected,)] = self.env["account.payment"]._read_group(
            Domain("company_id", "=", company.id)
            & Domain("state", "in", ("in_process", "paid"))
            & Domain("partner_type", "=", "customer")
            & Domain("date", ">=", date_from)
            & Domain("date", "<=", date_to),
            [],
            ["amount_company_currency_signed:sum"],
        )
        receivables = self._receivable_buckets(company, date_to)
        invoiced = invoiced or 0.0
        days = (date_to - date_from).days + 1
        return {
            "invoiced": invoiced,
            "collected": collected or 0.0,
            "receivable_open": receivables["open"],
            "receivable_overdue": receivables["overdue"],
            "dso": round(receivables["open"] / invoiced * days, 1) if invoiced > 0 else None,
        }

    @api.model
    def _receivable_buckets(self, company, as_of):
        """Open customer invoices dated up to `as_of`, with their overdue ageing at that date."""
        open_domain = (
            self._customer_invoices_domain(company)
            & Domain("invoice_date", "<=", as_of)
            & Domain("payment_state", "in", ("not_paid", "partial", "in_payment"))
        )
        rows = self.env["account.move"]._read_group(
            open_domain, ["invoice_date_due:day"], ["amount_residual_signed:sum"]
        )
        buckets = {"open": 0.0, "overdue": 0.0, "not_due": 0.0}
        for low, high in OVERDUE_BUCKETS:
            buckets[self._bucket_key(low, high)] = 0.0
        for due, amount in rows:
            buckets["open"] += amount
            late = (as_of - due.date() if hasattr(due, "date") else as_of - due).days if due else 0
            if late <= 0:
                buckets["not_due"] += amount
                continue
            buckets["overdue"] += amount
            for low, high in OVERDUE_BUCKETS:
                if late >= low and (high is None or late <= high):
                    buckets[self._bucket_key(low, high)] += amount
        return buckets

    @api.model
    def _bucket_key(self, low, high):
        return f"overdue_{low}_{high or 'plus'}"

    @api.model
    def _sales_tables(self, company, start, end, limit=TOP_ROWS):
        """Revenue by team, salesperson, customer and product category, largest first; past
        `limit` rows the rest is summed into one "Others" row (readable, and a constant number of
        queries whatever the number of customers)."""
        domain = self._confirmed_sales_domain(company, start, end)
        SaleReport = self.env["sale.report"]
        [(total, total_lines)] = SaleReport._read_group(
            domain, [], ["price_subtotal:sum", "nbr:sum"]
        )

        def by(field):
            rows = SaleReport._read_group(
                domain,
                [field],
                ["price_subtotal:sum", "nbr:sum"],
                order="price_subtotal:sum desc",
                limit=limit,
            )
            table = [
                (record.display_name if record else self.env._("(none)"), amount or 0.0, lines)
                for record, amount, lines in rows
            ]
            if len(rows) == limit:
                shown = sum(row[1] for row in table)
                shown_lines = sum(row[2] for row in table)
                if (total_lines or 0) > shown_lines:
                    table.append(
                        (
                            self.env._("Others"),
                            (total or 0.0) - shown,
                            (total_lines or 0) - shown_lines,
                        )
                    )
            return table

        return {
            "team": by("team_id"),
            "salesperson": by("user_id"),
            "customer": by("commercial_partner_id"),
            "category": by("categ_id"),
        }

    @api.model
    def _payment_tables(self, company, date_to):
        buckets = self._receivable_buckets(company, date_to)
        rows = [(self.env._("Not yet due"), buckets["not_due"])]
        for low, high in OVERDUE_BUCKETS:
            label = (
                self.env._("%(low)s-%(high)s days overdue", low=low, high=high)
                if high
                else self.env._("Over %(low)s days overdue", low=low - 1)
            )
            rows.append((label, buckets[self._bucket_key(low, high)]))
        return {"ageing": rows}

    @api.model
    def _extra_tables(self, company, date_from, date_to, start, end):
        """Hook: other features add their sheets' tables here: {section: {table: rows}}."""
        return {}

    @api.model
    def _report_data(self, company, date_from, date_to, tz_name="UTC"):
        """KPIs of the period with their comparisons, and every table of every section."""
        self = self.with_company(company)  # noqa: PLW0642 - Odoo's reports convert into this company
        start, end = self._datetime_bounds(date_from, date_to, tz_name)
        previous = self._previous_period(date_from, date_to)
        last_year = self._same_period_last_year(date_from, date_to)
        tables = {
            "sales": self._sales_tables(company, start, end),
            "payments": self._payment_tables(company, date_to),
        }
        tables.update(self._extra_tables(company, date_from, date_to, start, end))
        data = {
            "company": company,
            "date_from": date_from,
            "date_to": date_to,
            "previous_period": previous,
            "last_year_period": last_year,
            "kpis": self._period_kpis(company, date_from, date_to, tz_name),
            "previous": self._period_kpis(company, *previous, tz_name),
            "last_year": self._period_kpis(company, *last_year, tz_name),
            "tables": tables,
        }
        return self._add_kpi_tables(data)

    @api.model
    def _add_kpi_tables(self, data):
        """Hook: tables made from the period's KPIs (e.g. per product, now and before)."""
        return data

    @api.model
    def _has_activity(self, data):
        kpis = data["kpis"]
        return bool(kpis["orders"] or kpis["quotations"] or kpis["invoiced"] or kpis["collected"])
