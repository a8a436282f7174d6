from odoo import fields, models


class SaleComplaintRootCause(models.Model):
    _name = "sale.complaint.root.cause"
    _description = "Complaint Root Cause"
    _inherit = ["sale.admin.copy.name.mixin"]  # the name is unique
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the root cause between companies."
    )

    # === SQL CONSTRAINTS === #
    # a shared root cause (no company) is unique among the shared ones too: NULLs of a plain
    # UNIQUE(name, company_id) would never clash
    _name_company_unique = models.UniqueIndex(
        "(name, COALESCE(company_id, 0))", "A root cause with this name already exists."
    )
