from odoo import api, fields, models


class SaleProposal(models.Model):
    _inherit = "sale.proposal"

    opportunity_id = fields.Many2one(
        "crm.lead",
        domain="[('type', '=', 'opportunity'), ('company_id', 'in', (False, company_id))]",
        check_company=True,
        index="btree_not_null",
        tracking=True,
        help="The CRM opportunity this proposal answers; its quotation is linked to it too.",
    )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.onchange("opportunity_id")
    def _onchange_opportunity_id(self):
        if self.opportunity_id.partner_id and not self.partner_id:
            self.partner_id = self.opportunity_id.partner_id

    # === CRUD METHODS === #
    def write(self, vals):
        res = super().write(vals)
        if "opportunity_id" in vals or "order_id" in vals:
            self._link_quotation_to_opportunity()
        return res

    @api.model_create_multi
    def create(self, vals_list):
        proposals = super().create(vals_list)
        proposals._link_quotation_to_opportunity()
        return proposals

    # === BUSINESS METHODS === #
    def _link_quotation_to_opportunity(self):
        for proposal in self.filtered(lambda p: p.opportunity_id and p.order_id):
            if proposal.order_id.opportunity_id != proposal.opportunity_id:
                proposal.order_id.opportunity_id = proposal.opportunity_id
