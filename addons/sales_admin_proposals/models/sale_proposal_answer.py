from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, html2plaintext

# An answer is "due" from its review date and "stale" once the review is this many days late.
STALE_AFTER_DAYS = 30
REMINDER_BATCH_SIZE = 200
# below this trigram similarity an answer is not worth suggesting; a higher bar also lets the
# trigram index discard more rows before they are compared one by one
MIN_SIMILARITY = 0.4


class SaleProposalAnswer(models.Model):
    """A reusable, reviewed answer to a question customers ask in their RFPs."""

    _name = "sale.proposal.answer"
    _description = "Answer Library Entry"
    # the search text and the next review date are computed from the answer, never typed
    _inherit = ["sale.admin.protected.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(string="Title", required=True, tracking=True)
    question = fields.Text(help="The question this answer replies to, as customers usually ask it.")
    body = fields.Html(string="Answer", required=True)
    search_text = fields.Text(
        compute="_compute_search_text",
        store=True,
        index="trigram",
        help="Title and question, compared with each RFP question to suggest answers.",
    )
    tag_ids = fields.Many2many("sale.proposal.answer.tag", string="Tags")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        check_company=True,
        tracking=True,
        domain=[("share", "=", False)],
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    date_last_review = fields.Date(
        string="Last Review Date", default=fields.Date.context_today, required=True, tracking=True
    )
    review_interval = fields.Integer(string="Review Every (days)", default=180, required=True)
    date_next_review = fields.Date(
        string="Next Review Date", compute="_compute_date_next_review", store=True, index=True
    )
    freshness = fields.Selection(
        [("fresh", "Fresh"), ("due", "Review Due"), ("stale", "Stale")],
        compute="_compute_freshness",
        search="_search_freshness",
    )
    line_ids = fields.One2many("sale.proposal.line", "answer_id", string="Used In")
    usage_count = fields.Integer(compute="_compute_usage", string="Uses")
    win_rate = fields.Float(compute="_compute_usage", string="Win Rate (%)")

    # === SQL CONSTRAINTS === #
    _review_interval_positive = models.Constraint(
        "CHECK(review_interval > 0)", "The review interval must be at least one day."
    )

    # === COMPUTE METHODS === #
    @api.depends("name", "question")
    def _compute_search_text(self):
        for answer in self:
            answer.search_text = "\n".join(filter(None, (answer.name, answer.question)))

    @api.depends("date_last_review", "review_interval")
    def _compute_date_next_review(self):
        for answer in self:
            answer.date_next_review = answer.date_last_review + timedelta(
                days=answer.review_interval
            )

    @api.depends("date_next_review")
    @api.depends_context("date")
    def _compute_freshness(self):
        today = fields.Date.context_today(self)
        for answer in self:
            if not answer.date_next_review or answer.date_next_review > today:
                answer.freshness = "fresh"
            elif answer.date_next_review + timedelta(days=STALE_AFTER_DAYS) > today:
                answer.freshness = "due"
            else:
                answer.freshness = "stale"

    def _search_freshness(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        stale_limit = today - timedelta(days=STALE_AFTER_DAYS)
        domains = {
            "fresh": Domain("date_next_review", ">", today),
            "due": Domain("date_next_review", "<=", today)
            & Domain("date_next_review", ">", stale_limit),
            "stale": Domain("date_next_review", "<=", stale_limit),
        }
        return Domain.OR(domains[state] for state in value if state in domains)

    def _compute_usage(self):
        line_model = self.env["sale.proposal.line"]
        used = dict(
            line_model._read_group([("answer_id", "in", self.ids)], ["answer_id"], ["__count"])
        )
        closed = line_model._read_group(
            [
                ("answer_id", "in", self.ids),
                ("proposal_id.state", "in", ("accepted", "declined", "expired")),
            ],
            ["answer_id", "proposal_id.state"],
            ["__count"],
        )
        won, lost = {}, {}
        for answer, state, count in closed:
            target = won if state == "accepted" else lost
            target[answer] = target.get(answer, 0) + count
        for answer in self:
            answer.usage_count = used.get(answer, 0)
            decided = won.get(answer, 0) + lost.get(answer, 0)
            answer.win_rate = 100.0 * won.get(answer, 0) / decided if decided else 0.0

    # === ACTION METHODS === #
    def action_mark_reviewed(self):
        self.check_access("write")
        self.write({"date_last_review": fields.Date.context_today(self)})
        self.activity_feedback(
            ["sales_admin_proposals.mail_activity_type_answer_review"],
            feedback=self.env._("Reviewed"),
        )
        return True

    def action_insert_into_line(self):
        """Copy this answer into the RFP question given in the context (the suggestion list)."""
        self.ensure_one()
        self.check_access("read")
        line = self.env["sale.proposal.line"].browse(self.env.context.get("proposal_line_id"))
        if not line.exists():
            raise UserError(self.env._("Open an RFP question to insert the answer into."))
        line.check_access("write")
        line._insert_answer(self)
        return True

    def action_view_usage(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Uses of %s", self.name),
            "res_model": "sale.proposal.line",
            "view_mode": "list,form",
            "domain": [("answer_id", "=", self.id)],
        }

    # === BUSINESS METHODS === #
    @api.model
    def _suggest(self, text, limit=5, company=None):
        """The library answers most similar to ``text`` (trigram similarity), best first.

        :return: list of (answer, score) with score between 0 and 1
        """
        text = (text or "").strip()
        if not text:
            return []
        company = company or self.env.company
        self.flush_model(["search_text", "active", "company_id"])
        self.env.execute_query(
            SQL("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", str(MIN_SIMILARITY))
        )
        # the `%` operator lets PostgreSQL use the trigram index on search_text
        rows = self.env.execute_query(
            SQL(
                """
                SELECT id, similarity(search_text, %(text)s) AS score
                  FROM sale_proposal_answer
                 WHERE active AND company_id = %(company)s AND search_text %% %(text)s
              ORDER BY score DESC, id
                 LIMIT %(limit)s
                """,
                text=text,
                company=company.id,
                limit=limit,
            )
        )
        scores = dict(rows)
        answers = self.browse([row[0] for row in rows])._filtered_access("read")
        return [(answer, scores[answer.id]) for answer in answers]

    def _plain_text(self):
        self.ensure_one()
        return html2plaintext(self.body or "").strip()

    def _check_usable(self):
        if not self.active:
            raise UserError(self.env._("The answer %s is archived.", self.name))

    @api.model
    def _due_review_domain(self):
        """Answers due or stale for review, with an owner and no review activity yet."""
        activity_type = self.env.ref("sales_admin_proposals.mail_activity_type_answer_review")
        return (
            Domain("date_next_review", "<=", fields.Date.context_today(self))
            & Domain("user_id", "!=", False)
            & Domain("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)])
        )

    def _remind_due_reviews(self):
        """Schedule a review activity for the owner of each of these answers that is due.

        :return: the answers reminded
        """
        activity_type = self.env.ref("sales_admin_proposals.mail_activity_type_answer_review")
        answers = self.filtered_domain(self._due_review_domain())
        for answer in answers:
            answer.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=answer.user_id.id,
                summary=answer.user_id._sales_admin_env()._("Review the answer %s", answer.name),
            )
        return answers

    @api.model
    def _cron_remind_due_reviews(self):
        self.env["ir.cron"]._sales_admin_process_in_batches(
            self.search(self._due_review_domain()),
            lambda answers: answers._remind_due_reviews(),
            REMINDER_BATCH_SIZE,
        )
