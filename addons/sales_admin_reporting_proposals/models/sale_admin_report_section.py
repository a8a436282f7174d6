from odoo import fields, models

from .sale_admin_report_kpi import PROPOSAL_INDICATORS


class SaleAdminReportSection(models.Model):
    _inherit = "sale.admin.report.section"

    code = fields.Selection(
        selection_add=[("proposals", "Proposals")], ondelete={"proposals": "cascade"}
    )

    # === BUSINESS METHODS === #
    def _sheet_builders(self):
        return {**super()._sheet_builders(), "proposals": self._sheet_proposals}

    def _sheet_proposals(self, data, recommendations, follow_ups):
        catalogue = {
            key: (label, kind)
            for key, label, kind in self.env["sale.admin.report.kpi"]._kpi_catalogue()
        }
        kpis = data["kpis"]
        return {
            "name": self.env._("Proposals"),
            "blocks": self._captioned_tables(
                [
                    (
                        [
                            self.env._("Proposals in the period"),
                            *(catalogue[key][0] for key in PROPOSAL_INDICATORS),
                        ],
                        ["text", *(catalogue[key][1] for key in PROPOSAL_INDICATORS)],
                        [
                            (
                                self.env._("All proposals"),
                                *(kpis[key] for key in PROPOSAL_INDICATORS),
                            )
                        ],
                    ),
                    (
                        [
                            self.env._("Owner"),
                            self.env._("Won"),
                            self.env._("Lost"),
                            self.env._("Win rate (%)"),
                            self.env._("Value won"),
                        ],
                        ["text", "count", "count", "percent", "money"],
                        self._labelled(data["tables"]["proposals"]["owner"]),
                    ),
                ]
            ),
        }
