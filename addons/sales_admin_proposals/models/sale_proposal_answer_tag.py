from odoo import fields, models


class SaleProposalAnswerTag(models.Model):
    _name = "sale.proposal.answer.tag"
    _description = "Answer Library Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    # === SQL CONSTRAINTS === #
    _name_uniq = models.Constraint("UNIQUE(name)", "This tag already exists.")

    # === CRUD METHODS === #
    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "name" in (default or {}):
            return vals_list
        # the name is unique: a duplicate is named as Odoo names one
        return [
            dict(vals, name=self.env._("%s (copy)", record.name))
            for record, vals in zip(self, vals_list, strict=True)
        ]
