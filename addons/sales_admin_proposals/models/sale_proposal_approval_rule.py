from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SaleProposalApprovalRule(models.Model):
    """A rule applies when any of its thresholds is crossed; its approvers must then approve."""

    _name = "sale.proposal.approval.rule"
    _description = "Proposal Approval Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    min_amount = fields.Monetary(
        string="From Total",
        help="Applies when the quotation total reaches this amount (0: ignored).",
    )
    max_discount = fields.Float(
        string="Above Discount (%)",
        help="Applies when a quotation line has a higher discount (0: ignored).",
    )
    min_margin = fields.Float(
        string="Below Margin (%)",
        help="Applies when the quotation's margin is lower; only when margins are known (the "
        "Margins module computes them) (0: ignored).",
    )
    approver_ids = fields.Many2many(
        "res.users",
        string="Approvers",
        required=True,
        check_company=True,
        domain=[("share", "=", False)],
    )

    # === SQL CONSTRAINTS === #
    _threshold_set = models.Constraint(
        # unset thresholds are NULL, and a CHECK that yields NULL passes
        "CHECK(COALESCE(min_amount, 0) > 0 OR COALESCE(max_discount, 0) > 0 "
        "OR COALESCE(min_margin, 0) > 0)",
        "An approval rule needs a total, a discount or a margin threshold.",
    )

    # === CONSTRAINT AND ONCHANGE METHODS === #
    # "name" too: a constraint only runs for the fields written, and a create without approvers
    # does not write approver_ids (the view's required flag does not bind RPC callers)
    @api.constrains("approver_ids", "name")
    def _check_approver_ids(self):
        for rule in self:
            if not rule.approver_ids:
                raise ValidationError(
                    self.env._("The approval rule %s needs at least one approver.", rule.name)
                )

    # === BUSINESS METHODS === #
    def _applies_to(self, proposal):
        self.ensure_one()
        order = proposal.order_id
        if self.min_amount:
            total = proposal.currency_id._convert(
                proposal.amount_total,
                self.currency_id,
                self.company_id,
                fields.Date.context_today(self),
            )
            if self.currency_id.compare_amounts(total, self.min_amount) >= 0:
                return True
        if self.max_discount and any(
            line.discount > self.max_discount for line in order.order_line
        ):
            return True
        if self.min_margin and "margin_percent" in order._fields and order.amount_untaxed:
            return order.margin_percent * 100 < self.min_margin
        return False
