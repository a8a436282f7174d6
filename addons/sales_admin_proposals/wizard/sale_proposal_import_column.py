from openpyxl.utils import get_column_letter

from odoo import api, fields, models

from .sale_proposal_import import TARGETS


class SaleProposalImportColumn(models.TransientModel):
    _name = "sale.proposal.import.column"
    _description = "RFP Import Column"
    _order = "index"

    wizard_id = fields.Many2one("sale.proposal.import", required=True, ondelete="cascade")
    index = fields.Integer(required=True, readonly=True)
    letter = fields.Char(compute="_compute_letter", string="Column")
    header = fields.Char(readonly=True, string="Title")
    sample = fields.Char(readonly=True, string="First Value")
    target = fields.Selection(TARGETS, required=True, default="ignore", string="Import As")

    # === COMPUTE METHODS === #
    @api.depends("index")
    def _compute_letter(self):
        for column in self:
            column.letter = get_column_letter(column.index) if column.index else ""
