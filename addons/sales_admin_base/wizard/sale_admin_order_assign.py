from odoo import fields, models


class SaleAdminOrderAssign(models.TransientModel):
    _name = "sale.admin.order.assign"
    _description = "Assign a Sales Admin to Orders"

    order_ids = fields.Many2many("sale.order", string="Orders", required=True)
    sales_admin_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("sales_admin_base.group_sales_admin_user").ids),
            ("share", "=", False),
        ],
    )

    # === ACTION METHODS === #
    def action_confirm(self):
        self.ensure_one()
        self.order_ids.check_access("write")
        self.order_ids.write({"sales_admin_id": self.sales_admin_id.id})
        return {"type": "ir.actions.act_window_close"}
