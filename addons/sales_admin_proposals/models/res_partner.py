from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sale_contract_count = fields.Integer(
        compute="_compute_sale_contract_count",
        string="Contract Count",
        groups="sales_team.group_sale_salesman",
    )

    # === COMPUTE METHODS === #
    def _compute_sale_contract_count(self):
        commercial = self.commercial_partner_id
        counts = dict(
            self.env["sale.contract"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.sale_contract_count = counts.get(partner.commercial_partner_id, 0)

    # === ACTION METHODS === #
    def action_view_sale_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_proposals.sale_contract_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
