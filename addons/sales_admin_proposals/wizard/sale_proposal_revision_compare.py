from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleProposalRevisionCompare(models.TransientModel):
    _name = "sale.proposal.revision.compare"
    _description = "Compare Proposal Revisions"

    proposal_id = fields.Many2one("sale.proposal", required=True, ondelete="cascade")
    old_revision_id = fields.Many2one(
        "sale.proposal.revision", required=True, domain="[('proposal_id', '=', proposal_id)]"
    )
    new_revision_id = fields.Many2one(
        "sale.proposal.revision", required=True, domain="[('proposal_id', '=', proposal_id)]"
    )
    diff = fields.Html(compute="_compute_diff", sanitize=False, string="Changes")

    # === COMPUTE METHODS === #
    @api.depends("old_revision_id", "new_revision_id")
    def _compute_diff(self):
        for wizard in self:
            if wizard.old_revision_id and wizard.new_revision_id:
                if wizard.old_revision_id.proposal_id != wizard.new_revision_id.proposal_id:
                    raise UserError(self.env._("Compare two revisions of the same proposal."))
                wizard.diff = wizard.old_revision_id._diff_with(wizard.new_revision_id)
            else:
                wizard.diff = False

    # === CRUD METHODS === #
    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        proposal = self.env["sale.proposal"].browse(values.get("proposal_id"))
        revisions = proposal.revision_ids.sorted("number")
        if len(revisions) >= 2:
            values.setdefault("old_revision_id", revisions[-2].id)
            values.setdefault("new_revision_id", revisions[-1].id)
        return values
