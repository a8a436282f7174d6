from odoo import api, fields, models

from .sale_proposal_bid_criterion import MAX_BID_SCORE


class SaleProposalBidScore(models.Model):
    _name = "sale.proposal.bid.score"
    _description = "Bid/No-Bid Score"
    # the company follows the document: stored for the record rules, never typed
    _inherit = ["sale.admin.protected.mixin"]
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

    # === SQL CONSTRAINTS === #
    _score_range = models.Constraint(
        f"CHECK(score >= 0 AND score <= {MAX_BID_SCORE})",
        f"A score goes from 0 to {MAX_BID_SCORE}.",
    )
    _criterion_once = models.UniqueIndex(
        "(proposal_id, criterion_id)", "Each criterion is scored once per proposal."
    )

    # === COMPUTE METHODS === #
    @api.depends("criterion_id")
    def _compute_weight(self):
        for score in self:
            score.weight = score.criterion_id.weight

    # === CRUD METHODS === #
    def _copy_refusal(self):
        return self.env._(
            "Each criterion is scored once per proposal: change the score instead of "
            "duplicating it."
        )
