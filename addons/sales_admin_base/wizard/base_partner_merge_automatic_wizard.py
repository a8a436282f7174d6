from odoo import models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if dst_partner:
            partners |= dst_partner
        if len(partners.company_id) > 1:
            raise UserError(
                self.env._(
                    "These contacts belong to different companies (%s): merge only contacts of "
                    "the same company.",
                    ", ".join(partners.company_id.mapped("name")),
                )
            )
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
