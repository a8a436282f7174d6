from odoo import fields, models


class SaleAdminRequestDecide(models.TransientModel):
    _name = "sale.admin.request.decide"
    _description = "Decide an Escalated Sales Admin Request"

    request_id = fields.Many2one("sale.admin.request", required=True, ondelete="cascade")
    summary = fields.Text(compute="_compute_escalation", string="Escalation Summary")
    proposed_decision = fields.Text(compute="_compute_escalation")
    decision = fields.Text(required=True)

    # === COMPUTE METHODS === #
    def _compute_escalation(self):
        for wizard in self:
            escalation = wizard.request_id.escalation_ids[:1]
            wizard.summary = escalation.summary
            wizard.proposed_decision = escalation.proposed_decision

    # === ACTION METHODS === #
    def action_decide(self):
        self.ensure_one()
        self.request_id._check_can_decide()
        self.request_id._record_decision(self.decision)
        return {"type": "ir.actions.act_window_close"}
