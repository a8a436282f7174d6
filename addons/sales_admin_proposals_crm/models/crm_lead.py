from odoo import fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    sale_proposal_ids = fields.One2many("sale.proposal", "opportunity_id", string="Proposals")
    sale_proposal_count = fields.Integer(compute="_compute_sale_proposal_count")

    # === COMPUTE METHODS === #
    def _compute_sale_proposal_count(self):
        counts = dict(
            self.env["sale.proposal"]._read_group(
                [("opportunity_id", "in", self.ids)], ["opportunity_id"], ["__count"]
            )
        )
        for lead in self:
            lead.sale_proposal_count = counts.get(lead, 0)

    # === ACTION METHODS === #
    def action_view_sale_proposals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_proposals.sale_proposal_action"
        )
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_title": self.name,
        }
        return action
