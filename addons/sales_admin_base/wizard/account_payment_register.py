from odoo import models


class AccountPaymentRegister(models.TransientModel):
    _inherit = "account.payment.register"

    def _create_payment_vals_from_wizard(self, batch_result):
        vals = super()._create_payment_vals_from_wizard(batch_result)
        if order_id := self.env.context.get("sales_admin_order_id"):
            vals["sales_admin_order_id"] = order_id
        return vals
