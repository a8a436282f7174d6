"""The proposals' figures in the sales admin reports: KPIs of the summary and the tables of the
Proposals sheet, added to the query layer of the reporting addon."""

from odoo import api, models

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
    def _proposal_kpis(self, company, start, end):
        """The proposals' figures of the period, as `sale.admin.kpi` defines them."""
        [(sent,)] = self.env["sale.proposal"]._read_group(
            self._period_domain(company, "date_sent", start, end), [], ["__count"]
        )
        Kpi = self.env["sale.admin.kpi"]
        outcomes = Kpi._proposal_outcomes(company, start, end)
        won = sum(row[1] for row in outcomes)
        lost = sum(row[2] for row in outcomes)
        return {
            "proposals_sent": sent,
            "proposals_won": won,
            "proposals_lost": lost,
            "win_rate": Kpi._win_rate(won, lost),
            "proposals_won_value": sum(row[3] for row in outcomes),
            "days_to_submit": Kpi._days_to_submit(company, start, end),
        }

    @api.model
    def _proposal_tables(self, company, start, end):
        """Rows (owner, won, lost, win rate, value won) of the proposals decided in the period,
        by owner name."""
        Kpi = self.env["sale.admin.kpi"]
        outcomes = sorted(
            Kpi._proposal_outcomes(company, start, end),
            key=lambda row: row[0].display_name or "",
        )
        return {
            "owner": [
                (user, won, lost, Kpi._win_rate(won, lost), value)
                for user, won, lost, value in outcomes
            ]
        }
