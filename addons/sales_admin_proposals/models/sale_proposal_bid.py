from odoo import api, fields, models

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

    _weight_positive = models.Constraint(
        "CHECK(weight > 0)", "A criterion's weight must be positive."
    )


class SaleProposalBidScore(models.Model):
    _name = "sale.proposal.bid.score"
    _description = "Bid/No-Bid Score"
    _order = "sequence, id"
    _check_company_auto = True

    proposal_id = fields.Many2one("sale.proposal", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="proposal_id.company_id", store=True, index=True)
    criterion_id = fields.Many2one(
        "sale.proposal.bid.criterion", required=True, ondelete="restrict", check_company=True
    )
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    weight = fields.Float(compute="_compute_weight", store=True, readonly=False, precompute=True)
    score = fields.Integer(help=f"From 0 (bad fit) to {MAX_BID_SCORE} (excellent fit).")
    note = fields.Char()

    _score_range = models.Constraint(
        f"CHECK(score >= 0 AND score <= {MAX_BID_SCORE})",
        f"A score goes from 0 to {MAX_BID_SCORE}.",
    )
    _criterion_once = models.UniqueIndex(
        "(proposal_id, criterion_id)", "Each criterion is scored once per proposal."
    )

    @api.depends("criterion_id")
    def _compute_weight(self):
        for score in self:
            score.weight = score.criterion_id.weight
