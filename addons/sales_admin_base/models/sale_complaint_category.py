from odoo import fields, models


class SaleComplaintCategory(models.Model):
    _name = "sale.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the category between companies."
    )
    user_id = fields.Many2one(
        "res.users",
        string="Default Responsible",
        domain=[("share", "=", False)],
        help="Responsible sales admin for complaints of this category when the customer has none.",
    )
    sla_policy_id = fields.Many2one(
        "sale.complaint.sla",
        string="Default SLA",
        check_company=True,
        help="SLA applied when no more specific SLA policy matches the complaint.",
    )
    escalate_on_breach = fields.Boolean(
        string="Escalate on SLA Breach",
        help="When a complaint of this category breaches its SLA, it is escalated to management "
        "at once (as a rep request on the complaint), besides the admin's to-do.",
    )
    # who may read complaints (every employee reads the categories)
    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="sales_team.group_sale_salesman,account.group_account_invoice",
    )

    # === COMPUTE METHODS === #
    def _compute_complaint_count(self):
        counts = dict(
            self.env["sale.complaint"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.complaint_count = counts.get(category, 0)
