from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_admin_required_partner_fields = fields.Char(
        related="company_id.sales_admin_required_partner_fields", readonly=False
    )
    sales_admin_date_customer_check = fields.Datetime(
        related="company_id.sales_admin_date_customer_check", readonly=False
    )
    sales_admin_payment_link_reminder_days = fields.Integer(
        related="company_id.sales_admin_payment_link_reminder_days", readonly=False
    )
    sales_admin_payment_link_reminder_mode = fields.Selection(
        related="company_id.sales_admin_payment_link_reminder_mode", readonly=False
    )
