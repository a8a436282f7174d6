from odoo import fields, models

from .sale_proposal_template import SECTION_KINDS


class SaleProposalTemplateSection(models.Model):
    _name = "sale.proposal.template.section"
    _description = "Proposal Template Section"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "sale.proposal.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(SECTION_KINDS, required=True, default="text")
    body = fields.Html(translate=True, help="Starting text; pricing and answers render live.")
