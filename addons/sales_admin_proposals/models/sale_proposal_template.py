from odoo import fields, models

SECTION_KINDS = [
    ("cover", "Cover Letter"),
    ("summary", "Executive Summary"),
    ("solution", "Solution"),
    ("answers", "Answers"),
    ("pricing", "Pricing"),
    ("terms", "Terms"),
    ("text", "Free Text"),
]


class SaleProposalTemplate(models.Model):
    _name = "sale.proposal.template"
    _description = "Proposal Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    section_ids = fields.One2many("sale.proposal.template.section", "template_id", copy=True)


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
