from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    complaint_count = fields.Integer(compute="_compute_complaint_count", groups="base.group_user")

    # === COMPUTE METHODS === #
    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("product_ids.product_tmpl_id", "in", self.ids)],
                ["product_ids"],
                ["__count"],
            )
        )
        for template in self:
            template.complaint_count = sum(
                counts.get(variant, 0) for variant in template.product_variant_ids
            )

    # === ACTION METHODS === #
    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_base.sale_complaint_action"
        )
        action["domain"] = [("product_ids.product_tmpl_id", "=", self.id)]
        action["context"] = {"default_product_ids": self.product_variant_ids[:1].ids}
        return action
