from datetime import datetime

from odoo import api, fields, models


class SaleAdminEscalationLevel(models.Model):
    """One rung of the escalation ladder (sales admin -> sales manager -> head of sales).

    The first level is the assigned sales admin; the following levels name the person who
    decides. Each level has a response target in working hours of its calendar.
    """

    _name = "sale.admin.escalation.level"
    _description = "Escalation Level"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to use the level in every company."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        check_company=True,
        domain=[("share", "=", False)],
        help="Who answers at this level. Leave empty on the first level: the request's assigned "
        "sales admin answers there.",
    )
    response_hours = fields.Float(
        string="Response Target (working hours)",
        default=8.0,
        help="Working hours this level has to respond before the request escalates to the next "
        "level automatically.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        check_company=True,
        help="The working hours in which the response target runs. Leave empty to use the "
        "working hours of the request's company.",
    )

    # === SQL CONSTRAINTS === #
    _response_hours_positive = models.Constraint(
        "CHECK(response_hours >= 0)", "The response target cannot be negative."
    )

    # === BUSINESS METHODS === #
    @api.model
    def _ladder(self, company):
        """The levels that apply to ``company``, lowest first."""
        return self.search([("company_id", "in", [company.id, False])], order="sequence, id")

    def _deadline_from(self, start, company):
        """The moment the response target expires when the level is reached at ``start``."""
        self.ensure_one()
        calendar = self.resource_calendar_id or company.resource_calendar_id
        if not self.response_hours or not calendar:
            return False
        deadline = calendar.plan_hours(self.response_hours, start)
        return deadline.replace(tzinfo=None) if isinstance(deadline, datetime) else False
