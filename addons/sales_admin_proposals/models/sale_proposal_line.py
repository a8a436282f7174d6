from odoo import api, fields, models

SUGGESTION_LIMIT = 5


class SaleProposalLine(models.Model):
    """A question or requirement of the customer's RFP, with our answer."""

    _name = "sale.proposal.line"
    _description = "RFP Question"
    _inherit = ["sale.admin.protected.mixin"]
    _order = "proposal_id, sequence, id"
    _rec_name = "question"
    _check_company_auto = True

    # the row of the customer's file, set by the import, where the export writes the answer; the
    # company follows the proposal (stored for the record rules), never typed
    _protected_fields = ("source_row",)

    proposal_id = fields.Many2one("sale.proposal", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="proposal_id.company_id", store=True, index=True)
    proposal_state = fields.Selection(related="proposal_id.state")
    sequence = fields.Integer(default=10)
    section = fields.Char()
    question = fields.Text(required=True)
    answer = fields.Text()
    status = fields.Selection(
        [("todo", "To Answer"), ("draft", "Drafted"), ("review", "To Review"), ("done", "Done")],
        default="todo",
        required=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Assignee", check_company=True, domain=[("share", "=", False)]
    )
    answer_id = fields.Many2one(
        "sale.proposal.answer",
        string="Library Answer",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        help="The library answer this line's text was copied from.",
    )
    source_row = fields.Integer(
        readonly=True,
        copy=False,  # the row of the file of this proposal's import (a copy has no file)
        help="Row of the customer's file this question was imported from.",
    )
    suggested_answer_ids = fields.Many2many(
        "sale.proposal.answer", compute="_compute_suggested_answer_ids", string="Suggestions"
    )

    # === COMPUTE METHODS === #
    @api.depends("question")
    def _compute_suggested_answer_ids(self):
        answer_model = self.env["sale.proposal.answer"]
        for line in self:
            suggestions = answer_model._suggest(
                line.question, limit=SUGGESTION_LIMIT, company=line.company_id or None
            )
            line.suggested_answer_ids = answer_model.union(
                *(answer for answer, _score in suggestions)
            )

    # === CRUD METHODS === #
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.proposal_id._check_editable()
        lines.proposal_id._back_to_review_after_change()
        return lines

    def write(self, vals):
        if "answer" in vals and "status" not in vals:
            vals = {**vals, "status": "draft" if vals["answer"] else "todo"}
        content_changed = {"question", "answer", "section"} & vals.keys()
        if content_changed:
            self.proposal_id._check_editable()
        result = super().write(vals)
        if content_changed:
            self.proposal_id._back_to_review_after_change()
        return result

    # === ACTION METHODS === #
    def action_open(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    # === BUSINESS METHODS === #
    def _insert_answer(self, answer):
        answer.check_access("read")
        answer._check_usable()
        self.write({"answer": answer._plain_text(), "answer_id": answer.id, "status": "done"})
