from odoo import api, fields, models


class SaleAdminRequestEscalate(models.TransientModel):
    _name = "sale.admin.request.escalate"
    _description = "Escalate a Sales Admin Request"

    request_id = fields.Many2one("sale.admin.request", required=True, ondelete="cascade")
    current_level_id = fields.Many2one(related="request_id.escalation_level_id")
    next_level_id = fields.Many2one(
        "sale.admin.escalation.level", compute="_compute_next_level_id", string="Escalate To"
    )
    summary = fields.Text(required=True, help="What the problem is, in a few lines.")
    proposed_decision = fields.Text(help="What you suggest the manager decides.")

    # === COMPUTE METHODS === #
    @api.depends("request_id")
    def _compute_next_level_id(self):
        for wizard in self:
            request = wizard.request_id
            ladder = self.env["sale.admin.escalation.level"]._ladder(request.company_id)
            current = request.escalation_level_id or ladder[:1]
            wizard.next_level_id = ladder.filtered(
                lambda lvl, cur=current: (lvl.sequence, lvl.id) > (cur.sequence, cur.id)
            )[:1]

    # === ACTION METHODS === #
    def action_escalate(self):
        self.ensure_one()
        self.request_id._check_can_escalate()
        self.request_id._escalate(self.summary, proposed_decision=self.proposed_decision)
        return {"type": "ir.actions.act_window_close"}
