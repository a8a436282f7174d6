from odoo import fields, models


class SaleAdminRequestType(models.Model):
    _name = "sale.admin.request.type"
    _description = "Sales Admin Request Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to offer the type in every company."
    )
    description = fields.Text(translate=True, help="Shown to the rep when choosing the type.")
    resolution_days = fields.Integer(
        string="Days to Resolve",
        help="Proposed due date of a new request, in days after it is raised (0: none).",
    )
    is_customer_problem = fields.Boolean(
        string="Customer Problem",
        help="Requests of this type are listed in the managers' weekly digest.",
    )
    is_process_problem = fields.Boolean(
        string="Process Problem",
        help="Requests of this type can be marked as a process improvement with an owner and "
        "a target date.",
    )
    auto_escalate = fields.Boolean(
        string="Escalate on SLA Breach",
        help="When a source document (e.g. a complaint) breaches its service level, it raises an "
        "escalation of this type automatically.",
    )

    # === SQL CONSTRAINTS === #
    _resolution_days_positive = models.Constraint(
        "CHECK(resolution_days >= 0)", "The days to resolve cannot be negative."
    )
