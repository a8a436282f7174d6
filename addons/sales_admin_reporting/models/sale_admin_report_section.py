from odoo import fields, models

from .sale_admin_report_definition import SECTIONS


class SaleAdminReportSection(models.Model):
    _name = "sale.admin.report.section"
    _description = "Sales Admin Report Section"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(SECTIONS, required=True)
    sequence = fields.Integer(default=10)

    # === SQL CONSTRAINTS === #
    _code_unique = models.Constraint("UNIQUE(code)", "Each section exists once.")
