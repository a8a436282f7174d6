from odoo import fields, models
from odoo.exceptions import UserError


class SaleAdminOrderHold(models.TransientModel):
    _name = "sale.admin.order.hold"
    _description = "Put Orders on Hold"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    reason = fields.Char(required=True, help="Why the order must wait, as the team will read it.")

    # === ACTION METHODS === #
    def action_confirm(self):
        self.ensure_one()
        self.order_ids.check_access("write")
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the hold."))
        self.order_ids.write({"sales_admin_hold": True, "sales_admin_hold_reason": self.reason})
        for order in self.order_ids:
            order.message_post(body=self.env._("Put on hold: %s", self.reason))
        return {"type": "ir.actions.act_window_close"}
