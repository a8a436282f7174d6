from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleAdminReportGenerate(models.TransientModel):
    _name = "sale.admin.report.generate"
    _description = "Generate a Sales Admin Report Now"

    # === DEFAULT METHODS === #
    @api.model
    def _default_from(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    @api.model
    def _default_to(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(days=1)

    definition_id = fields.Many2one("sale.admin.report.definition", required=True)
    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_from())
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_to())

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
        self.ensure_one()
        self.env.user._check_sales_admin_manager(
            self.env._("Only a Sales Admin Manager can generate reports.")
        )
        if self.date_to < self.date_from:
            raise UserError(self.env._("The period cannot end before it starts."))
        if self.date_from > fields.Date.context_today(self):
            raise UserError(
                self.env._("A report cannot be made for a period that has not started yet.")
            )
        self.definition_id.check_access("read")
        Run = self.env["sale.admin.report.run"]
        run = Run.search(
            [
                ("definition_id", "=", self.definition_id.id),
                ("date_from", "=", self.date_from),
                ("date_to", "=", self.date_to),
            ]
        ) or Run._create_unique(self.definition_id, self.date_from, self.date_to, "on_demand")
        if run.state != "done":
            run.write({"state": "pending", "attempts": 0})
            run._process()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.admin.report.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }
