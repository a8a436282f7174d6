import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

_logger = logging.getLogger(__name__)


class SaleAdminRequestEscalation(models.Model):
    """One step up the ladder: who escalated what to whom, and what was decided.

    A level that does not respond within its target escalates its requests by itself (see the
    overdue methods below, run by a cron).
    """

    _name = "sale.admin.request.escalation"
    _inherit = ["sale.admin.protected.mixin"]
    _description = "Sales Admin Request Escalation"
    _order = "id desc"
    _check_company_auto = True

    # written by the request's escalate and decide actions only; the summary and the proposed
    # decision stay the escalating admin's words
    _protected_fields = (
        "request_id",
        "level_id",
        "user_id",
        "escalated_by_id",
        "date_escalated",
        "is_automatic",
        "date_deadline",
        "decision",
        "decided_by_id",
        "date_decision",
    )

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

    # === CRUD METHODS === #
    def _copy_refusal(self):
        return self.env._(
            "An escalation is made by escalating its request, never duplicated: escalate "
            "the request again instead."
        )

    # === BUSINESS METHODS === #
    @api.model
    def _overdue_domain(self):
        """Requests whose level missed its response target while a level above remains."""
        return (
            Domain("state", "in", ("new", "escalated"))
            & Domain("date_level_deadline", "<=", fields.Datetime.now())
            & Domain("next_level_id", "!=", False)
        )

    @api.model
    def _escalate_overdue(self, requests):
        """Escalate those of ``requests`` whose level missed its response target. A request
        that cannot climb (e.g. the next level names nobody) stops waiting and says why."""
        for request in requests.filtered_domain(self._overdue_domain()):
            level = request.escalation_level_id
            try:
                with self.env.cr.savepoint():
                    request._escalate(
                        self.env._(
                            "%(level)s did not respond within %(hours)s working hours.",
                            level=level.name or self.env._("The sales admin"),
                            hours=level.response_hours,
                        ),
                        automatic=True,
                    )
            except UserError as error:
                _logger.warning("Could not escalate %s automatically: %s", request.name, error)
                request._write_workflow({"date_level_deadline": False})
                request.message_post(
                    body=self.env._("Automatic escalation failed: %s", error),
                    subtype_xmlid="mail.mt_note",
                )
        return True

    @api.model
    def _cron_escalate_overdue(self, batch_size=100):
        """Escalate the overdue requests, longest overdue first."""
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.env["sale.admin.request"].search(
                self._overdue_domain(), order="date_level_deadline, id"
            ),
            self._escalate_overdue,
            batch_size,
        )
