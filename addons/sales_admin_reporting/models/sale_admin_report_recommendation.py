from odoo import api, fields, models


class SaleAdminReportRecommendation(models.Model):
    _name = "sale.admin.report.recommendation"
    _description = "Sales Admin Report: Recommendation"
    _inherit = ["sale.admin.protected.mixin"]
    _order = "run_id desc, severity_order, id"
    _check_company_auto = True

    # the rule's findings and the to-do made for them, written by the run
    _protected_fields = ("values", "activity_id", "activity_user_id", "activity_state")

    run_id = fields.Many2one("sale.admin.report.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True)
    rule_id = fields.Many2one(
        "sale.admin.report.rule", required=True, ondelete="restrict", check_company=True
    )
    severity = fields.Selection(related="rule_id.severity", store=True)
    severity_order = fields.Integer(compute="_compute_severity_order", store=True)
    message = fields.Text(
        compute="_compute_message",
        help="What the rule says about the period's numbers, written in the reader's language.",
    )
    product_id = fields.Many2one(
        "product.product",
        ondelete="set null",
        check_company=True,
        help="The product a rule per product fired on.",
    )
    value = fields.Char(compute="_compute_message")
    reference = fields.Char(string="Compared with", compute="_compute_message")
    values = fields.Json(help="The numbers of the message, written out in the reader's language.")
    activity_id = fields.Many2one("mail.activity", ondelete="set null")
    activity_user_id = fields.Many2one("res.users")
    activity_state = fields.Selection(
        [("none", "No activity"), ("open", "Open"), ("done", "Done")],
        default="none",
        help="Whether the to-do made for this recommendation was done (checked by the next run).",
    )

    # === COMPUTE METHODS === #
    @api.depends("severity")
    def _compute_severity_order(self):
        order = {"critical": 0, "warning": 1, "info": 2}
        for recommendation in self:
            recommendation.severity_order = order.get(recommendation.severity, 3)

    @api.depends("rule_id.message", "values", "product_id")
    @api.depends_context("lang")
    def _compute_message(self):
        for recommendation in self:
            if not recommendation.rule_id:  # a new one, before its rule is chosen
                recommendation.update({"message": False, "value": False, "reference": False})
                continue
            texts = recommendation.rule_id._texts(
                recommendation.values or {},
                recommendation.product_id,
                company=recommendation.company_id,
            )
            recommendation.update(
                {
                    "message": recommendation._message_in(self.env.lang),
                    "value": texts["value"],
                    "reference": texts["reference"],
                }
            )

    # === CRUD METHODS === #
    def _copy_refusal(self):
        return self.env._(
            "A recommendation is made by its report run from the period's figures, never "
            "duplicated."
        )

    # === BUSINESS METHODS === #
    def _message_in(self, lang):
        """The recommendation's message in `lang`, with the period's numbers."""
        self.ensure_one()
        return self.rule_id._message(
            self.values or {}, self.product_id, lang=lang or "en_US", company=self.company_id
        )
