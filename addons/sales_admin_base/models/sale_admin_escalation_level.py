from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError


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

    @api.model
    def _escalation_target(self, request, ladder):
        """The level of ``ladder`` an escalation of ``request`` goes to: the one above the
        request's current level. Refused when there is none, or when it names nobody."""
        if not ladder:
            raise UserError(
                self.env._("No escalation levels are configured for %s.", request.company_id.name)
            )
        current = request.escalation_level_id or ladder[0]
        level = current._above(ladder)[:1]
        if not level:
            raise UserError(
                self.env._(
                    "%(request)s is already at the last escalation level (%(level)s) and "
                    "cannot be escalated further.",
                    request=request.name,
                    level=current.name,
                )
            )
        if not level.user_id:
            raise UserError(
                self.env._(
                    "The escalation level %s has no responsible person; set one in the "
                    "configuration first.",
                    level.name,
                )
            )
        return level

    def _above(self, ladder):
        """The levels of ``ladder`` above this one, lowest first."""
        self.ensure_one()
        return ladder.filtered(lambda level: (level.sequence, level.id) > (self.sequence, self.id))

    def _request_values(self, ladder, start, company):
        """What a request of ``company`` records when it reaches this level at ``start``: the
        level, the next one up, and when this level's response target expires."""
        self.ensure_one()
        return {
            "escalation_level_id": self.id,
            "next_level_id": self._above(ladder)[:1].id,
            "date_level_deadline": self._deadline_from(fields.Datetime.to_datetime(start), company),
        }

    def _deadline_from(self, start, company):
        """The moment the response target expires when the level is reached at ``start``."""
        self.ensure_one()
        calendar = self.resource_calendar_id or company.resource_calendar_id
        if not self.response_hours or not calendar:
            return False
        deadline = calendar.plan_hours(self.response_hours, start)
        return deadline.replace(tzinfo=None) if isinstance(deadline, datetime) else False
