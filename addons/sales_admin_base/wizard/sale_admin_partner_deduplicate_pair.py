from odoo import fields, models


class SaleAdminPartnerDeduplicatePair(models.TransientModel):
    _name = "sale.admin.partner.deduplicate.pair"
    _description = "Likely Duplicate Customers"
    _order = "score desc, id"

    finder_id = fields.Many2one("sale.admin.partner.deduplicate", required=True, ondelete="cascade")
    left_partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    right_partner_id = fields.Many2one("res.partner", string="Likely Duplicate", required=True)
    reasons = fields.Char()
    score = fields.Float(digits=(3, 2))

    # === ACTION METHODS === #
    def action_merge(self):
        """Hand the pair to Odoo's contact merge wizard."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Contacts"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": [self.left_partner_id.id, self.right_partner_id.id],
            },
        }
