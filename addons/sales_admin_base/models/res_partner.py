from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sales_admin_id = fields.Many2one(
        comodel_name="res.users",
        help="The sales administrator who looks after this customer's data, orders and complaints. "
        "Contacts follow their company.",
        compute="_compute_sales_admin_id",
        store=True,
        readonly=False,
        precompute=True,
        recursive=True,
        index="btree_not_null",
        tracking=True,
        domain=lambda self: [
            ("all_group_ids", "in", self.env.ref("sales_admin_base.group_sales_admin_user").ids),
            ("share", "=", False),
        ],
    )

    @api.depends("parent_id.sales_admin_id")
    def _compute_sales_admin_id(self):
        for partner in self.filtered("parent_id"):
            partner.sales_admin_id = partner.parent_id.sales_admin_id

    def _commercial_fields(self):
        return [*super()._commercial_fields(), "sales_admin_id"]

    # ------------------------------------------------------------------ complaints
    complaint_count = fields.Integer(compute="_compute_complaint_count", groups="base.group_user")

    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.complaint_count = counts.get(partner.commercial_partner_id, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_complaint_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action


# ---------------------------------------------------------------------- rep requests (issue 5)
class ResPartnerSalesAdminRequest(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "sale.admin.request.mixin"]

    def _sales_admin_request_partner(self):
        self.ensure_one()
        return self.commercial_partner_id
