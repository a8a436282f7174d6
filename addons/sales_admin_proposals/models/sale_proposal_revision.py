import difflib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import html2plaintext


class SaleProposalRevision(models.Model):
    """What the customer received at one sending; never changed afterwards.

    Only the server makes revisions, from the proposal, when it is sent (users may read them,
    never create or write them)."""

    _name = "sale.proposal.revision"
    _description = "Proposal Revision"
    # the company follows the document: stored for the record rules, never typed
    _inherit = ["sale.admin.protected.mixin"]
    _order = "proposal_id, number desc"
    _rec_name = "number"

    proposal_id = fields.Many2one("sale.proposal", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="proposal_id.company_id", store=True, index=True)
    number = fields.Integer(required=True)
    content = fields.Html(sanitize_style=True, required=True)
    amount_total = fields.Monetary()
    currency_id = fields.Many2one("res.currency")
    diff_previous = fields.Html(
        compute="_compute_diff_previous", sanitize=False, string="Changes Since Previous"
    )

    # === SQL CONSTRAINTS === #
    _number_uniq = models.Constraint(
        "UNIQUE(proposal_id, number)", "A proposal's revision numbers are unique."
    )

    # === COMPUTE METHODS === #
    def _compute_display_name(self):
        for revision in self:
            revision.display_name = self.env._(
                "%(proposal)s rev. %(number)s",
                proposal=revision.proposal_id.name,
                number=revision.number,
            )

    @api.depends("content")
    def _compute_diff_previous(self):
        for revision in self:
            previous = revision.proposal_id.revision_ids.filtered(
                lambda r, number=revision.number: r.number == number - 1
            )
            revision.diff_previous = previous._diff_with(revision) if previous else False

    # === BUSINESS METHODS === #
    def _text_lines(self):
        self.ensure_one()
        text = html2plaintext(self.content or "")
        return [line.rstrip() for line in text.splitlines() if line.strip()]

    def _diff_with(self, newer):
        """A readable HTML diff from this revision to ``newer``: removed and added lines."""
        self.ensure_one()
        rows = []
        for line in difflib.ndiff(self._text_lines(), newer._text_lines()):
            code, text = line[:2], line[2:]
            if code == "- ":
                rows.append(Markup('<div class="text-danger"><del>- %s</del></div>') % text)
            elif code == "+ ":
                rows.append(Markup('<div class="text-success"><ins>+ %s</ins></div>') % text)
        if not rows:
            return Markup("<p>%s</p>") % self.env._("No change.")
        header = Markup("<p><strong>%s</strong></p>") % self.env._(
            "From revision %(old)s to revision %(new)s",
            old=self.number,
            new=newer.number,
        )
        return header + Markup().join(rows)
