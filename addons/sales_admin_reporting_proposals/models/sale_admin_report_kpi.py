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
    def _periods_kpis(self, company, periods, tz_name="UTC"):
        result = super()._periods_kpis(company, periods, tz_name)
        figures = self._proposal_kpis(company, self._periods_of(periods, tz_name))
        for kpis, proposals in zip(result, figures, strict=True):
            kpis.update(proposals)
        return result

    @api.model
    def _report_tables(self, company, date_from, date_to, tz_name="UTC"):
        tables = super()._report_tables(company, date_from, date_to, tz_name)
        start, end = self._datetime_bounds(date_from, date_to, tz_name)
        tables["proposals"] = self._proposal_tables(company, start, end)
        return tables

    # === PROPOSAL METHODS === #
    @api.model
    def _proposal_kpis(self, company, periods):
        """The proposals' figures of each of `periods`, as `sale.admin.kpi` defines them, in one
        query."""
        Kpi = self.env["sale.admin.kpi"]
        return [
            {
                "proposals_sent": figures["sent"],
                "proposals_won": figures["won"],
                "proposals_lost": figures["lost"],
                "win_rate": Kpi._win_rate(figures["won"], figures["lost"]),
                "proposals_won_value": figures["won_value"],
                "days_to_submit": figures["days_to_submit"],
            }
            for figures in Kpi._proposal_periods(
                company, [(period.start, period.end) for period in periods]
            )
        ]

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
