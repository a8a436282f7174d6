from odoo import fields, models

MAX_BID_SCORE = 5


class SaleProposalBidCriterion(models.Model):
    _name = "sale.proposal.bid.criterion"
    _description = "Bid/No-Bid Criterion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True, help="What a high score means.")
    sequence = fields.Integer(default=10)
    weight = fields.Float(default=1.0, required=True)
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)

    # === SQL CONSTRAINTS === #
    _weight_positive = models.Constraint(
        "CHECK(weight > 0)", "A criterion's weight must be positive."
    )
