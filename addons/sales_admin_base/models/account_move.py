from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_sales_admin_take_payment(self):
        self.ensure_one()
        return self.env["sales.admin.phone.payment"]._action_open({"default_invoice_id": self.id})
