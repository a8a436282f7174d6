from odoo import fields, models


class SaleProposalReason(models.Model):
    _name = "sale.proposal.reason"
    _description = "Proposal Won/Lost Reason"
    _order = "reason_type, sequence, id"

    name = fields.Char(required=True, translate=True)
    reason_type = fields.Selection(
        [("won", "Won"), ("lost", "Lost")], required=True, default="lost"
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
