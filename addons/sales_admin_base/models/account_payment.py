from odoo import fields, models


class AccountPayment(models.Model):
    _inherit = "account.payment"

    sales_admin_order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        help="The order this payment was taken for (phone payment or customer advance).",
        index="btree_not_null",
        check_company=True,
        copy=False,
        readonly=True,
    )
