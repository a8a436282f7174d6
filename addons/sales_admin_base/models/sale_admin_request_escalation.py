from odoo import fields, models


class SaleAdminRequestEscalation(models.Model):
    """One step up the ladder: who escalated what to whom, and what was decided."""

    _name = "sale.admin.request.escalation"
    _description = "Sales Admin Request Escalation"
    _order = "id desc"
    _check_company_auto = True

    request_id = fields.Many2one(
        "sale.admin.request", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    level_id = fields.Many2one(
        "sale.admin.escalation.level", required=True, ondelete="restrict", check_company=True
    )
    user_id = fields.Many2one("res.users", string="Decider", required=True, index=True)
    escalated_by_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    date_escalated = fields.Datetime(
        string="Escalated On", required=True, readonly=True, default=fields.Datetime.now
    )
    is_automatic = fields.Boolean(
        string="Automatic", help="Raised by the system: a response target was breached."
    )
    summary = fields.Text(required=True)
    proposed_decision = fields.Text()
    date_deadline = fields.Datetime(string="Response Due")
    decision = fields.Text()
    decided_by_id = fields.Many2one("res.users")
    date_decision = fields.Datetime(string="Decision Date")
