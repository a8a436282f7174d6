from odoo import fields, models


class SaleAdminOrderHold(models.TransientModel):
    _name = "sale.admin.order.hold"
    _description = "Put Orders on Hold"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Char(required=True, help="Why the order must wait, as the team will read it.")

    # === ACTION METHODS === #
    def action_confirm(self):
        self.ensure_one()
        self.order_ids._sales_admin_put_on_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
