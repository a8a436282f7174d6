from datetime import date

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

# Reports cover sales made with Odoo: a start in year 1 would make the cron catch up 24,000 periods.
EARLIEST_PERIOD_START = date(2000, 1, 1)


class SaleAdminReportDefinition(models.Model):
    _name = "sale.admin.report.definition"
    _description = "Sales Admin Report Definition"
    _inherit = ["mail.thread"]
    _order = "company_id, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    periodicity = fields.Selection(
        [("monthly", "Monthly"), ("quarterly", "Quarterly")],
        required=True,
        default="monthly",
        tracking=True,
    )
    run_day = fields.Integer(
        string="Run on day",
        default=1,
        required=True,
        help="Day of the month after the period's end on which the report is made and sent "
        "(1 = the first day after the period).",
    )
    date_start = fields.Date(
        string="Start Date",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="The first period reported starts on or after this date. Periods missed while the "
        "server was down are caught up from here.",
    )
    tz = fields.Selection(
        _tz_get,
        string="Timezone",
        default=lambda self: self.env.user.tz or "UTC",
        required=True,
        help="Period boundaries are midnight in this timezone.",
    )
    section_ids = fields.Many2many(
        "sale.admin.report.section",
        string="Sections",
        default=lambda self: self.env["sale.admin.report.section"].search([]),
    )
    recipient_user_ids = fields.Many2many(
        "res.users",
        string="Recipients (users)",
        domain=[("share", "=", False)],
        check_company=True,
        help="Users receive the report only if they may read all the company's sales documents.",
    )
    recipient_partner_ids = fields.Many2many(
        "res.partner", string="Other recipients", help="Outside addresses (e.g. an adviser)."
    )
    send_email = fields.Boolean(default=True, string="Send by e-mail")
    skip_empty = fields.Boolean(
        string="Skip periods without activity",
        default=True,
        help="No report is made for a period without orders, quotations, invoices or payments.",
    )
    run_ids = fields.One2many("sale.admin.report.run", "definition_id", string="Runs")
    run_count = fields.Integer(compute="_compute_run_count")

    # === SQL CONSTRAINTS === #
    _run_day_range = models.Constraint(
        "CHECK(run_day BETWEEN 1 AND 28)", "The run day must be between 1 and 28."
    )

    # === COMPUTE METHODS === #
    def _compute_run_count(self):
        counts = dict(
            self.env["sale.admin.report.run"]._read_group(
                [("definition_id", "in", self.ids)], ["definition_id"], ["__count"]
            )
        )
        for definition in self:
            definition.run_count = counts.get(definition, 0)

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("date_start")
    def _check_date_start(self):
        for definition in self:
            if definition.date_start < EARLIEST_PERIOD_START:
                raise ValidationError(
                    self.env._(
                        "The start date %(date)s is too far back: reports start in %(year)s or later.",
                        date=definition.date_start,
                        year=EARLIEST_PERIOD_START.year,
                    )
                )

    # === CRUD METHODS === #
    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_reports(self):
        """The reports made are the record of what management was told: deleting their
        definition would delete them with it (its runs go with it)."""
        made = self.env["sale.admin.report.run"].search_count(
            [("definition_id", "in", self.ids), ("state", "=", "done")], limit=1
        )
        if made:
            raise UserError(
                self.env._(
                    "This report definition has reports made with it, which would be deleted "
                    "with it: archive it instead to stop its reports."
                )
            )

    # === ACTION METHODS === #
    def action_view_runs(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_reporting.sale_admin_report_run_action"
        )
        action["domain"] = [("definition_id", "=", self.id)]
        action["context"] = {"default_definition_id": self.id}
        return action

    def action_generate_now(self):
        self.ensure_one()
        self.check_access("read")
        self.env["sale.admin.report.generate"].check_access("create")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_admin_reporting.sale_admin_report_generate_action"
        )
        action["context"] = {"default_definition_id": self.id}
        return action

    # === BUSINESS METHODS === #
    def _period_months(self):
        self.ensure_one()
        return 3 if self.periodicity == "quarterly" else 1

    def _period_containing(self, day):
        self.ensure_one()
        months = self._period_months()
        first_month = (day.month - 1) // months * months + 1
        start = date(day.year, first_month, 1)
        return start, start + relativedelta(months=months, days=-1)

    def _today(self):
        self.ensure_one()
        return (
            fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(pytz.timezone(self.tz)).date()
        )

    def _due_periods(self):
        """Every complete period since the start date whose run day has come, oldest first."""
        self.ensure_one()
        today = self._today()
        periods = []
        start, end = self._period_containing(self.date_start)
        if start < self.date_start:
            start, end = self._next_period(end)
        while end + relativedelta(days=self.run_day) <= today:
            periods.append((start, end))
            start, end = self._next_period(end)
        return periods

    def _next_period(self, end):
        return self._period_containing(end + relativedelta(days=1))
