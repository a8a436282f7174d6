from odoo import fields, models


class SaleContractTemplateLine(models.Model):
    _name = "sale.contract.template.line"
    _description = "Contract Template Clause"
    # the company follows the document: stored for the record rules, never typed
    _inherit = ["sale.admin.protected.mixin"]
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "sale.contract.template", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="template_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    clause_id = fields.Many2one(
        "sale.contract.clause", required=True, ondelete="restrict", check_company=True
    )
    category = fields.Selection(related="clause_id.category")
    mandatory = fields.Boolean(related="clause_id.mandatory")
