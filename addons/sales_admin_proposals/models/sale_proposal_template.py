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
