from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleComplaintStage(models.Model):
    _name = "sale.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(
        string="Closed Stage",
        help="Complaints in this stage are closed: they need a resolution and a remedy decision.",
    )
    is_waiting_customer = fields.Boolean(
        string="Waiting on Customer",
        help="The SLA clock is paused while a complaint sits in this stage.",
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the stage between companies."
    )
    team_ids = fields.Many2many(
        "crm.team",
        string="Sales Teams",
        check_company=True,
        help="Leave empty to use the stage for every sales team.",
    )
    description = fields.Text(translate=True)

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("is_closed", "is_waiting_customer")
    def _check_closed_or_waiting(self):
        if self.filtered(lambda stage: stage.is_closed and stage.is_waiting_customer):
            raise ValidationError(
                self.env._("A stage cannot be closed and waiting on the customer at the same time.")
            )
