from odoo import fields, models


class SaleAdminOrderAssign(models.TransientModel):
    _name = "sale.admin.order.assign"
    _description = "Assign a Sales Admin to Orders"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    sales_admin_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: self.env["res.users"]._sales_admin_domain(),
    )

    # === ACTION METHODS === #
    def action_confirm(self):
        self.ensure_one()
        self.order_ids.check_access("write")
        self.order_ids.write({"sales_admin_id": self.sales_admin_id.id})
        return {"type": "ir.actions.act_window_close"}
