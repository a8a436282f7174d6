"""The proposals' figures in the sales admin reports: KPIs of the summary and the tables of the
Proposals sheet, added to the query layer of the reporting addon."""

from odoo import api, models
from odoo.fields import Domain
from odoo.tools import SQL

PROPOSAL_INDICATORS = (
    "proposals_sent",
    "proposals_won",
    "proposals_lost",
    "win_rate",
    "proposals_won_value",
    "days_to_submit",
)


class SaleAdminReportKpi(models.AbstractModel):
    _inherit = "sale.admin.report.kpi"

    # === CATALOGUE METHODS === #
    @api.model
    def _kpi_catalogue(self):
        return [
            *super()._kpi_catalogue(),
            ("proposals_sent", self.env._("Proposals sent"), "count"),
            ("proposals_won", self.env._("Proposals won"), "count"),
            ("proposals_lost", self.env._("Proposals lost"), "count"),
            ("win_rate", self.env._("Proposal win rate (%)"), "percent"),
            ("proposals_won_value", self.env._("Value of proposals won"), "money"),
            ("days_to_submit", self.env._("Average days to submit a proposal"), "days"),
        ]

    # === REPORT METHODS === #
    @api.model
    def _period_kpis(self, company, date_from, date_to, tz_name="UTC"):
        kpis = super()._period_kpis(company, date_from, date_to, tz_name)
        start, end = self._datetime_bounds(date_from, date_to, tz_name)
        kpis.update(self._proposal_kpis(company, start, end))
        return kpis

    @api.model
    def _report_tables(self, company, date_from, date_to, tz_name="UTC"):
        tables = super()._report_tables(company, date_from, date_to, tz_name)
        start, end = self._datetime_bounds(date_from, date_to, tz_name)
        tables["proposals"] = self._proposal_tables(company, start, end)
        return tables

    # === PROPOSAL METHODS === #
    @api.model
    def _decided_proposals_domain(self, company, start, end):
        return self._period_domain(company, "date_closed", start, end) & Domain(
            "state", "in", ("accepted", "declined")
        )

    @api.model
    def _proposal_kpis(self, company, start, end):
        Proposal = self.env["sale.proposal"]
        [(sent,)] = Proposal._read_group(
            self._period_domain(company, "date_sent", start, end), [], ["__count"]
        )
        decided = {
            state: (count, amount)
            for state, count, amount in Proposal._read_group(
                self._decided_proposals_domain(company, start, end),
                ["state"],
                ["__count", "amount_untaxed:sum"],
            )
        }
        won, won_value = decided.get("accepted", (0, 0.0))
        lost, _lost_value = decided.get("declined", (0, 0.0))
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
        """Rows (owner, won, lost, win rate, value won) of the proposals decided in the period,
        by owner name."""
        rows = self.env["sale.proposal"]._read_group(
            self._decided_proposals_domain(company, start, end),
            ["user_id", "state"],
            ["__count", "amount_untaxed:sum"],
        )
        by_owner = {}
        for user, state, count, amount in rows:
            won, lost, value = by_owner.get(user, (0, 0, 0.0))
            if state == "accepted":
                won, value = won + count, value + (amount or 0.0)
            else:
                lost += count
            by_owner[user] = (won, lost, value)
        table = []
        for user in sorted(by_owner, key=lambda user: user.display_name or ""):
            won, lost, value = by_owner[user]
            rate = round(won / (won + lost) * 100, 1) if won + lost else None
            table.append((user, won, lost, rate, value))
        return {"owner": table}
