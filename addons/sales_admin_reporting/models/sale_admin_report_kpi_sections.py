"""KPIs and tables of the sections built on the sales admin features: order processing, customer
data, complaints, rep requests and escalations, and proposals (only when that addon is installed)."""

from datetime import timedelta

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

from .sale_admin_report_kpi import TOP_ROWS

PROPOSAL_INDICATORS = (
    "proposals_sent",
    "proposals_won",
    "proposals_lost",
    "win_rate",
    "proposals_won_value",
    "days_to_submit",
)
CYCLE_FIELDS = [
    "sales_admin_days_to_confirm",
    "sales_admin_days_to_deliver",
    "sales_admin_days_to_invoice",
    "sales_admin_days_to_pay",
    "sales_admin_days_to_fulfil",
]


class SaleAdminReportKpi(models.AbstractModel):
    _inherit = "sale.admin.report.kpi"

    @api.model
    def _proposals_installed(self):
        return "sale.proposal" in self.env

    @api.model
    def _extra_kpi_catalogue(self):
        catalogue = [
            ("blocked_orders", self.env._("Blocked orders (at period end)"), "count"),
            ("blocked_orders_old", self.env._("Orders blocked for over 7 days"), "count"),
            ("days_to_fulfil", self.env._("Average days confirmed to fulfilled"), "days"),
            ("complaints_opened", self.env._("Complaints opened"), "count"),
            ("complaints_closed", self.env._("Complaints closed"), "count"),
            ("complaint_rate", self.env._("Complaints per 100 confirmed orders"), "percent"),
            ("sla_breach_rate", self.env._("Complaints breaching their SLA (%)"), "percent"),
            ("remedy_cost", self.env._("Remedy cost"), "money"),
            ("requests_raised", self.env._("Rep requests raised"), "count"),
            ("requests_escalated", self.env._("Rep requests escalated"), "count"),
            ("escalation_rate", self.env._("Escalation rate (%)"), "percent"),
            # left empty when the proposals addon is not installed
            ("proposals_sent", self.env._("Proposals sent"), "count"),
            ("proposals_won", self.env._("Proposals won"), "count"),
            ("proposals_lost", self.env._("Proposals lost"), "count"),
            ("win_rate", self.env._("Proposal win rate (%)"), "percent"),
            ("proposals_won_value", self.env._("Value of proposals won"), "money"),
            ("days_to_submit", self.env._("Average days to submit a proposal"), "days"),
        ]
        return super()._extra_kpi_catalogue() + catalogue

    @api.model
    def _product_kpi_catalogue(self):
        return [
            *super()._product_kpi_catalogue(),
            (
                "product_complaint_rate",
                self.env._("Complaints per 100 confirmed orders of a product"),
                "percent",
            ),
        ]

    @api.model
    def _extra_kpis(self, company, date_from, date_to, start, end):
        kpis = super()._extra_kpis(company, date_from, date_to, start, end)
        kpis.update(self._order_processing_kpis(company, start, end))
        kpis.update(self._customer_data_kpis(company))
        kpis.update(self._complaint_kpis(company, start, end))
        kpis.update(self._request_kpis(company, start, end))
        if self._proposals_installed():
            kpis.update(self._proposal_kpis(company, start, end))
        else:
            kpis.update(dict.fromkeys(PROPOSAL_INDICATORS))
        return kpis

    @api.model
    def _order_processing_kpis(self, company, start, end):
        Order = self.env["sale.order"]
        blocked = Domain("company_id", "=", company.id) & Domain(
            "sales_admin_state", "=", "blocked"
        )
        [(blocked_count,)] = Order._read_group(
            blocked & Domain("date_order", "<", end), [], ["__count"]
        )
        [(old_count,)] = Order._read_group(
            blocked & Domain("date_order", "<", end - timedelta(days=7)), [], ["__count"]
        )
        [(days_to_fulfil,)] = Order._read_group(
            Domain("company_id", "=", company.id)
            & Domain("date_order", ">=", start)
            & Domain("date_order", "<", end)
            & Domain("state", "=", "sale"),
            [],
            ["sales_admin_days_to_fulfil:avg"],
        )
        return {
            "blocked_orders": blocked_count,
            "blocked_orders_old": old_count,
            "days_to_fulfil": days_to_fulfil,
        }

    @api.model
    def _order_tables(self, company, start, end):
        Order = self.env["sale.order"].with_company(company)
        confirmed = (
            Domain("company_id", "=", company.id)
            & Domain("state", "=", "sale")
            & Domain("date_order", ">=", start)
            & Domain("date_order", "<", end)
        )
        states = dict(Order._fields["sales_admin_state"]._description_selection(self.env))
        by_state = [
            (states.get(state, state or ""), count, amount)
            for state, count, amount in Order._read_group(
                confirmed, ["sales_admin_state"], ["__count", "amount_untaxed:sum"]
            )
        ]
        averages = Order._read_group(confirmed, [], [f"{name}:avg" for name in CYCLE_FIELDS])[0]
        cycle = [
            (Order._fields[name]._description_string(self.env), value)
            for name, value in zip(CYCLE_FIELDS, averages, strict=True)
        ]
        blocked = Order.search(
            Domain("company_id", "=", company.id) & Domain("sales_admin_state", "=", "blocked"),
            order="date_order",
            limit=200,
        )
        late = [
            (
                order.name,
                order.partner_id.display_name,
                order.date_order,
                order.sales_admin_block_reasons or "",
            )
            for order in blocked
        ]
        return {"by_state": by_state, "cycle": cycle, "blocked": late}

    @api.model
    def _customer_data_kpis(self, company):
        Partner = self.env["res.partner"].with_company(company)
        customers = (
            Domain("customer_rank", ">", 0)
            & Domain("parent_id", "=", False)
            & (Domain("company_id", "in", (False, company.id)))
        )
        total = Partner.search_count(customers)
        incomplete = Partner.search_count(
            customers & Domain("sales_admin_is_incomplete", "=", True)
        )
        return {"incomplete_customers_rate": round(incomplete / total * 100, 1) if total else None}

    @api.model
    def _complaint_domain(self, company):
        return Domain("company_id", "=", company.id) & Domain("active", "in", (True, False))

    @api.model
    def _complaint_kpis(self, company, start, end):
        Complaint = self.env["sale.complaint"]
        base = self._complaint_domain(company)
        [(opened,)] = Complaint._read_group(
            base & Domain("date_open", ">=", start) & Domain("date_open", "<", end), [], ["__count"]
        )
        closed_domain = base & Domain("date_closed", ">=", start) & Domain("date_closed", "<", end)
        [(closed, remedy_cost)] = Complaint._read_group(
            closed_domain, [], ["__count", "remedy_cost:sum"]
        )
        [(breached,)] = Complaint._read_group(
            closed_domain & Domain("sla_breached", "=", True), [], ["__count"]
        )
        [(orders,)] = self.env["sale.order"]._read_group(
            Domain("company_id", "=", company.id)
            & Domain("state", "=", "sale")
            & Domain("date_order", ">=", start)
            & Domain("date_order", "<", end),
            [],
            ["__count"],
        )
        return {
            "complaints_opened": opened,
            "complaints_closed": closed,
            "complaint_rate": round(opened / orders * 100, 1) if orders else None,
            "sla_breach_rate": round(breached / closed * 100, 1) if closed else None,
            "remedy_cost": remedy_cost or 0.0,
            "product_complaint_rate": self._product_complaint_rates(company, start, end),
        }

    @api.model
    def _product_complaint_rates(self, company, start, end):
        """Per product: complaints opened in the period about it, confirmed orders of the period
        with a line of it, and complaints per 100 such orders (None without orders). Every product
        with an order or a complaint in the period has an entry: one grouped query."""
        self.env["sale.complaint"].flush_model(["company_id", "date_open", "active", "product_ids"])
        self.env["sale.order"].flush_model(["company_id", "state", "date_order"])
        self.env["sale.order.line"].flush_model(["order_id", "product_id"])
        rows = self.env.execute_query(
            SQL(
                """
                WITH ordered AS (
                    SELECT sol.product_id, COUNT(DISTINCT sol.order_id) AS orders
                      FROM sale_order_line sol
                      JOIN sale_order so ON so.id = sol.order_id
                     WHERE so.company_id = %(company)s AND so.state = 'sale'
                       AND so.date_order >= %(start)s AND so.date_order < %(end)s
                       AND sol.product_id IS NOT NULL
                     GROUP BY sol.product_id
                ), complained AS (
                    SELECT rel.product_product_id AS product_id, COUNT(*) AS complaints
                      FROM sale_complaint c
                      JOIN sale_complaint_product_rel rel ON rel.sale_complaint_id = c.id
                     WHERE c.company_id = %(company)s
                       AND c.date_open >= %(start)s AND c.date_open < %(end)s
                     GROUP BY rel.product_product_id
                )
                SELECT product_id, COALESCE(complained.complaints, 0), COALESCE(ordered.orders, 0)
                  FROM ordered FULL JOIN complained USING (product_id)
                """,
                company=company.id,
                start=start,
                end=end,
            )
        )
        return {
            product_id: {
                "value": round(complaints / orders * 100, 1) if orders else None,
                "count": complaints,
                "base": orders,
            }
            for product_id, complaints, orders in rows
        }

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
                product.display_name,
                entry["count"],
                entry["base"],
                entry["value"],
                previous_rates.get(pid, {}).get("value"),
            )
            for product, (pid, entry) in zip(products, ranked, strict=True)
        ]

    @api.model
    def _complaint_tables(self, company, start, end):
        Complaint = self.env["sale.complaint"]
        opened = (
            self._complaint_domain(company)
            & Domain("date_open", ">=", start)
            & Domain("date_open", "<", end)
        )

        def by(field):
            # the most frequent first, at most TOP_ROWS: a constant number of queries however
            # many products are complained about
            rows = Complaint._read_group(
                opened,
                [field],
                ["__count", "remedy_cost:sum"],
                order="__count desc",
                limit=TOP_ROWS,
            )
            return [
                (record.display_name if record else self.env._("(none)"), count, remedy or 0.0)
                for record, count, remedy in rows
            ]

        return {
            "category": by("category_id"),
            "root_cause": by("root_cause_id"),
            "product": by("product_ids"),
        }

    @api.model
    def _request_kpis(self, company, start, end):
        Request = self.env["sale.admin.request"]
        raised = (
            Domain("company_id", "=", company.id)
            & Domain("date_raised", ">=", start)
            & Domain("date_raised", "<", end)
        )
        [(count,)] = Request._read_group(raised, [], ["__count"])
        [(escalated,)] = Request._read_group(
            raised & Domain("is_escalated", "=", True), [], ["__count"]
        )
        return {
            "requests_raised": count,
            "requests_escalated": escalated,
            "escalation_rate": round(escalated / count * 100, 1) if count else None,
        }

    @api.model
    def _request_tables(self, company, start, end):
        Request = self.env["sale.admin.request"]
        raised = (
            Domain("company_id", "=", company.id)
            & Domain("date_raised", ">=", start)
            & Domain("date_raised", "<", end)
        )

        def by(field):
            rows = Request._read_group(
                raised, [field], ["__count", "first_response_hours:avg", "resolution_hours:avg"]
            )
            escalated = dict(
                Request._read_group(
                    raised & Domain("is_escalated", "=", True), [field], ["__count"]
                )
            )
            rows.sort(key=lambda row: -row[1])
            return [
                (
                    record.display_name if record else self.env._("(none)"),
                    count,
                    escalated.get(record, 0),
                    response,
                    resolution,
                )
                for record, count, response, resolution in rows
            ]

        return {
            "type": by("type_id"),
            "requester": by("requester_id"),
            "admin": by("sales_admin_id"),
        }

    @api.model
    def _proposal_kpis(self, company, start, end):
        Proposal = self.env["sale.proposal"]
        base = Domain("company_id", "=", company.id)
        [(sent,)] = Proposal._read_group(
            base & Domain("date_sent", ">=", start) & Domain("date_sent", "<", end), [], ["__count"]
        )
        decided = base & Domain("date_closed", ">=", start) & Domain("date_closed", "<", end)
        rows = {
            state: (count, amount)
            for state, count, amount in Proposal._read_group(
                decided & Domain("state", "in", ("accepted", "declined")),
                ["state"],
                ["__count", "amount_untaxed:sum"],
            )
        }
        won, won_value = rows.get("accepted", (0, 0.0))
        lost, _lost_value = rows.get("declined", (0, 0.0))
        return {
            "proposals_sent": sent,
            "proposals_won": won,
            "proposals_lost": lost,
            "win_rate": round(won / (won + lost) * 100, 1) if won + lost else None,
            "proposals_won_value": won_value or 0.0,
            "days_to_submit": self._days_to_submit(company, start, end),
        }

    @api.model
    def _days_to_submit(self, company, start, end):
        """Average days from a proposal's (or RFP response's) creation to its submission, over
        the proposals submitted in the period."""
        self.env["sale.proposal"].flush_model(["company_id", "date_sent"])
        [(days,)] = self.env.execute_query(
            SQL(
                """
                SELECT AVG(EXTRACT(EPOCH FROM date_sent - create_date)) / 86400
                  FROM sale_proposal
                 WHERE company_id = %(company)s
                   AND date_sent >= %(start)s AND date_sent < %(end)s
                """,
                company=company.id,
                start=start,
                end=end,
            )
        )
        return round(float(days), 1) if days is not None else None

    @api.model
    def _proposal_tables(self, company, start, end):
        Proposal = self.env["sale.proposal"]
        decided = (
            Domain("company_id", "=", company.id)
            & Domain("date_closed", ">=", start)
            & Domain("date_closed", "<", end)
            & Domain("state", "in", ("accepted", "declined"))
        )
        rows = Proposal._read_group(
            decided, ["user_id", "state"], ["__count", "amount_untaxed:sum"]
        )
        by_owner = {}
        for user, state, count, amount in rows:
            name = user.display_name if user else self.env._("(none)")
            won, lost, value = by_owner.get(name, (0, 0, 0.0))
            if state == "accepted":
                won, value = won + count, value + (amount or 0.0)
            else:
                lost += count
            by_owner[name] = (won, lost, value)
        return {
            "owner": [
                (name, won, lost, round(won / (won + lost) * 100, 1) if won + lost else None, value)
                for name, (won, lost, value) in sorted(by_owner.items())
            ]
        }

    @api.model
    def _extra_tables(self, company, date_from, date_to, start, end):
        tables = super()._extra_tables(company, date_from, date_to, start, end)
        tables["orders"] = self._order_tables(company, start, end)
        tables["complaints"] = self._complaint_tables(company, start, end)
        tables["requests"] = self._request_tables(company, start, end)
        if self._proposals_installed():
            tables["proposals"] = self._proposal_tables(company, start, end)
        return tables

    @api.model
    def _add_kpi_tables(self, data):
        data = super()._add_kpi_tables(data)
        tables, kpis = data["tables"], data["kpis"]
        tables["complaints"]["product_rate"] = self._product_complaint_table(
            kpis["product_complaint_rate"], data["previous"]["product_complaint_rate"]
        )
        if "proposals" in tables:
            tables["proposals"]["indicators"] = [
                (
                    self.env._("All proposals"),
                    *(kpis[key] for key in PROPOSAL_INDICATORS),
                )
            ]
        return data

    @api.model
    def _has_activity(self, data):
        kpis = data["kpis"]
        return super()._has_activity(data) or bool(
            kpis.get("complaints_opened") or kpis.get("requests_raised")
        )
