from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    sales_admin_id = fields.Many2one(
        comodel_name="res.users",
        help="The sales administrator who processes this order; defaults to the customer's.",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("sales_admin_base.group_sales_admin_user").ids),
            ("share", "=", False),
        ],
    )

    @api.depends("partner_id")
    def _compute_sales_admin_id(self):
        for order in self:
            admin = order.partner_id.commercial_partner_id.sales_admin_id
            if admin or not order.sales_admin_id:
                order.sales_admin_id = admin

    # ------------------------------------------------------------------ complaints
    complaint_ids = fields.Many2many(
        "sale.complaint", "sale_complaint_sale_order_rel", string="Complaints", copy=False
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    complaint_id = fields.Many2one(
        "sale.complaint",
        string="Replacement for Complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("sale_order_ids", "in", self.ids)], ["sale_order_ids"], ["__count"]
            )
        )
        for order in self:
            order.complaint_count = counts.get(order, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_complaint_action"
        )
        action["domain"] = [("sale_order_ids", "in", self.ids)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_sale_order_ids": self.ids,
        }
        return action


# ---------------------------------------------------------------------- rep requests (issue 5)
class SaleOrderSalesAdminRequest(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "sale.admin.request.mixin"]

    def _sales_admin_request_admin(self):
        # the admin processing this order, who may differ from the customer's usual one
        return self.sales_admin_id or super()._sales_admin_request_admin()
