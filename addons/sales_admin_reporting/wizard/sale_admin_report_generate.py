from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleAdminReportGenerate(models.TransientModel):
    _name = "sale.admin.report.generate"
    _description = "Generate a Sales Admin Report Now"

    # === DEFAULT METHODS === #
    @api.model
    def _default_definition_id(self):
        """The only definition, else the one reported last, else the newest: the wizard opens
        ready to generate (from a definition's form, that definition)."""
        Definition = self.env["sale.admin.report.definition"]
        definitions = Definition.search([], order="id desc", limit=2)
        if len(definitions) < 2:
            return definitions
        last_run = self.env["sale.admin.report.run"].search(
            [("definition_id.active", "=", True), ("state", "=", "done")],
            order="create_date desc, id desc",
            limit=1,
        )
        return last_run.definition_id or definitions[:1]

    definition_id = fields.Many2one(
        "sale.admin.report.definition",
        required=True,
        default=lambda self: self._default_definition_id(),
    )
    date_from = fields.Date(
        string="From",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date_to = fields.Date(
        string="To",
        compute="_compute_dates",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    existing_run_id = fields.Many2one(
        "sale.admin.report.run",
        compute="_compute_existing_run_id",
        help="The report of this definition and period, whatever its state: generating makes a "
        "new version of it.",
    )
    existing_run_version = fields.Integer(related="existing_run_id.version")
    existing_run_state = fields.Selection(related="existing_run_id.state")
    existing_run_date = fields.Datetime(related="existing_run_id.write_date", string="Made on")

    # === COMPUTE METHODS === #
    @api.depends("definition_id")
    def _compute_dates(self):
        """The definition's last complete period (last month without a definition)."""
        today = fields.Date.context_today(self)
        for wizard in self:
            definition = wizard.definition_id
            if definition:
                current_start, _end = definition._period_containing(definition._today())
                wizard.date_from, wizard.date_to = definition._period_containing(
                    current_start - relativedelta(days=1)
                )
            else:
                wizard.date_to = today.replace(day=1) - relativedelta(days=1)
                wizard.date_from = wizard.date_to.replace(day=1)

    @api.depends("definition_id", "date_from", "date_to")
    def _compute_existing_run_id(self):
        Run = self.env["sale.admin.report.run"]
        for wizard in self:
            if not (wizard.definition_id and wizard.date_from and wizard.date_to):
                wizard.existing_run_id = Run  # a company without a definition yet, or no period
                continue
            wizard.existing_run_id = Run.search(
                [
                    ("definition_id", "=", wizard.definition_id.id),
                    ("date_from", "=", wizard.date_from),
                    ("date_to", "=", wizard.date_to),
                ],
                limit=1,
            )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        # a definition deleted meanwhile: say so, rather than a database error
        self.env["sale.admin.report.definition"].browse(
            [vals["definition_id"] for vals in vals_list if vals.get("definition_id")]
        ).check_access("read")
        return super().create(vals_list)

    # === ACTION METHODS === #
    def action_generate(self):
        """Make the period's report now. A period already reported is made again, as a new
        version of its run: the previous file stays in the run's chatter (the wizard says so
        before, and a notification after)."""
        self.ensure_one()
        self.env.user._check_sales_admin(self.env._("Only Sales Admins generate reports."))
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period cannot end before it starts."))
        if self.date_from > fields.Date.context_today(self):
            raise UserError(
                self.env._("A report cannot be made for a period that has not started yet.")
            )
        self.definition_id.check_access("read")
        # sudo: Sales Admins may not create runs; they make those of the definitions they read
        Run = self.env["sale.admin.report.run"].sudo()
        run = Run.search(
            [
                ("definition_id", "=", self.definition_id.id),
                ("date_from", "=", self.date_from),
                ("date_to", "=", self.date_to),
            ]
        )
        existed = bool(run)
        if run.state == "skipped":
            # asked for explicitly: made even for a period without activity
            run.kind = "on_demand"
        run = run or Run._create_unique(
            self.definition_id, self.date_from, self.date_to, "on_demand"
        )
        if run.state == "running":
            raise UserError(
                self.env._(
                    "The report %s is being made right now: open it from Report Runs in a moment.",
                    run.display_name,
                )
            )
        run.sudo(False).action_regenerate()
        action = {
            "type": "ir.actions.act_window",
            "res_model": "sale.admin.report.run",
            "res_id": run.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
        if not existed or run.state != "done":
            return action
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": False,
                "message": self.env._(
                    "This period was already reported: %(run)s is now at version %(version)s. "
                    "The previous file stays in its history.",
                    run=run.display_name,
                    version=run.version,
                ),
                "next": action,
            },
        }
