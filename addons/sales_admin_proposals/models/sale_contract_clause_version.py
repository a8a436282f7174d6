from odoo import api, fields, models
from odoo.tools import SQL

from .sale_contract_clause import SIGNED_STATES


class SaleContractClauseVersion(models.Model):
    _name = "sale.contract.clause.version"
    _description = "Contract Clause Version"
    # the company follows the document: stored for the record rules, never typed
    _inherit = ["sale.admin.protected.mixin"]
    _order = "clause_id, number desc"

    clause_id = fields.Many2one(
        "sale.contract.clause", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="clause_id.company_id", store=True)
    number = fields.Integer(required=True, readonly=True)
    name = fields.Char(string="Title", required=True, translate=True)
    body = fields.Html(required=True, sanitize_style=True)
    line_ids = fields.One2many("sale.contract.line", "clause_version_id", string="Contract Lines")
    signed_line_count = fields.Integer(
        compute="_compute_signed_line_count",
        help="Number of signed contracts that contain this version.",
    )

    # === SQL CONSTRAINTS === #
    _clause_number_uniq = models.Constraint(
        "UNIQUE(clause_id, number)", "A clause cannot have the same version number twice."
    )

    # === COMPUTE METHODS === #
    def _compute_display_name(self):
        for version in self:
            version.display_name = f"{version.name} (v{version.number})"

    @api.depends("line_ids.contract_id.state")
    def _compute_signed_line_count(self):
        counts = dict(
            self.env["sale.contract.line"]
            .sudo()  # sudo: a clause edit must see signed contracts the editor may not read
            ._read_group(
                [
                    ("clause_version_id", "in", self.ids),
                    ("contract_id.state", "in", SIGNED_STATES),
                ],
                ["clause_version_id"],
                ["__count"],
            )
        )
        for version in self:
            version.signed_line_count = counts.get(version._origin, 0)

    # === CRUD METHODS === #
    def _copy_refusal(self):
        return self.env._(
            "A clause version is made by editing its clause, never duplicated: duplicate the "
            "clause for a clause of your own."
        )

    # === BUSINESS METHODS === #
    def _copy_title_translations(self):
        """Give these versions their clause's title in every language it is written in."""
        if not self:
            return True
        self.env["sale.contract.clause"].flush_model(["name"])
        self.flush_recordset(["name"])
        self.env.execute_query(
            SQL(
                "UPDATE sale_contract_clause_version version SET name = clause.name "
                "FROM sale_contract_clause clause "
                "WHERE clause.id = version.clause_id AND version.id IN %s",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["name"])
        return True

    def _titles_by_language(self):
        """{version id: {lang: title}}: every language the titles of these versions have."""
        ids = tuple(self._origin.ids)
        if not ids:
            return {}
        self.flush_recordset(["name"])
        rows = self.env.execute_query(
            SQL("SELECT id, name FROM sale_contract_clause_version WHERE id IN %s", ids)
        )
        return {version_id: titles or {} for version_id, titles in rows}
