from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleAdminPartnerDeduplicate(models.TransientModel):
    _name = "sale.admin.partner.deduplicate"
    _description = "Find Duplicate Customers"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True
    )
    name_threshold = fields.Float(
        string="Name Similarity",
        default=0.5,
        help="Minimum trigram similarity (0 to 1) for two names to be proposed: 0.5 finds "
        '"Jonh Smith" for "John Smith"; higher values propose fewer, closer names.',
    )
    changed_days = fields.Integer(
        string="Only Customers Changed in the Last (Days)",
        help="Leave 0 to compare all customers; otherwise only customers created or changed in "
        "this many days are compared with all others.",
    )
    line_ids = fields.One2many(
        "sale.admin.partner.deduplicate.pair", "finder_id", string="Likely Duplicates"
    )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    @api.constrains("name_threshold")
    def _check_name_threshold(self):
        for finder in self:
            if not 0.1 <= finder.name_threshold <= 1.0:
                raise ValidationError(self.env._("The name similarity must lie between 0.1 and 1."))

    @api.constrains("changed_days")
    def _check_changed_days(self):
        if any(finder.changed_days < 0 for finder in self):
            raise ValidationError(
                self.env._("The number of days cannot be negative: leave 0 to compare everyone.")
            )

    # === ACTION METHODS === #
    def action_find(self):
        self.ensure_one()
        self.env["res.partner"].check_access("write")
        rows = self.env["res.partner"]._sales_admin_find_duplicates(
            company=self.company_id,
            name_threshold=self.name_threshold,
            since=self.changed_days
            and fields.Datetime.now() - relativedelta(days=self.changed_days),
        )
        labels = {
            "vat": self.env._("same Tax ID"),
            "email": self.env._("same email"),
            "phone": self.env._("same phone"),
            "name": self.env._("similar name"),
        }
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "left_partner_id": row["left_id"],
                    "right_partner_id": row["right_id"],
                    "reasons": ", ".join(labels[key] for key in row["reasons"].split(",")),
                    "score": row["score"],
                }
            )
            for row in rows
        ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Find Duplicate Customers"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
