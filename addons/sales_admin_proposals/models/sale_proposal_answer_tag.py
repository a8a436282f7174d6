from odoo import fields, models


class SaleProposalAnswerTag(models.Model):
    _name = "sale.proposal.answer.tag"
    _description = "Answer Library Tag"
    _inherit = ["sale.admin.copy.name.mixin"]  # the name is unique
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    # === SQL CONSTRAINTS === #
    _name_uniq = models.Constraint("UNIQUE(name)", "This tag already exists.")
