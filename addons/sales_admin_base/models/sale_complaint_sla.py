from odoo import fields, models

from .sale_complaint import PRIORITIES


class SaleComplaintSla(models.Model):
    """A service level: how fast a complaint must get a first answer and a resolution, in the
    working hours of a calendar. The first active policy (by sequence) whose criteria all fit
    a complaint applies; empty criteria fit everything."""

    _name = "sale.complaint.sla"
    _description = "Complaint SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Deadlines count only the working hours of this calendar.",
    )
    category_ids = fields.Many2many(
        "sale.complaint.category",
        string="Categories",
        check_company=True,
        help="Empty: every category.",
    )
    priority = fields.Selection(PRIORITIES, help="Empty: every priority.")
    partner_category_ids = fields.Many2many(
        "res.partner.category", string="Customer Tags", help="Empty: every customer."
    )
    response_hours = fields.Float(
        string="First Response (working hours)", required=True, default=8.0
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)", required=True, default=40.0
    )

    # === SQL CONSTRAINTS === #
    _positive_targets = models.Constraint(
        "CHECK(response_hours > 0 AND resolution_hours > 0)",
        "SLA targets must be more than zero working hours.",
    )

    # === BUSINESS METHODS === #
    def _matches(self, complaint):
        self.ensure_one()
        return (
            (not self.category_ids or complaint.category_id in self.category_ids)
            and (not self.priority or self.priority == complaint.priority)
            and (
                not self.partner_category_ids
                or bool(
                    self.partner_category_ids
                    & (
                        complaint.partner_id.category_id
                        | complaint.commercial_partner_id.category_id
                    )
                )
            )
        )
