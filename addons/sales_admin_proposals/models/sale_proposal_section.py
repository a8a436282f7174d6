from odoo import api, fields, models

from .sale_proposal_template import SECTION_KINDS


class SaleProposalSection(models.Model):
    _name = "sale.proposal.section"
    _description = "Proposal Document Section"
    # the company follows the document: stored for the record rules, never typed
    _inherit = ["sale.admin.protected.mixin"]
    _order = "sequence, id"

    proposal_id = fields.Many2one("sale.proposal", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="proposal_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    kind = fields.Selection(SECTION_KINDS, required=True, default="text")
    body = fields.Html(
        help="Pricing sections show the quotation's lines and totals after this text."
    )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        sections = super().create(vals_list)
        sections.proposal_id._check_editable()
        sections.proposal_id._back_to_review_after_change()
        return sections

    def write(self, vals):
        self.proposal_id._check_editable()
        result = super().write(vals)
        self.proposal_id._back_to_review_after_change()
        return result

    def unlink(self):
        proposals = self.proposal_id
        proposals._check_editable()
        result = super().unlink()
        proposals.exists()._back_to_review_after_change()
        return result
