from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SIGNATURE, SaleProposalCommon


@tagged("post_install", "-at_install")
class TestSaleProposalAnswerLibrary(SaleProposalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["sale.proposal.answer"].search([]).active = False
        answer = cls.env["sale.proposal.answer"]
        cls.delivery = answer.create(
            {
                "name": "Delivery time",
                "question": "What is your delivery time for office furniture?",
                "body": "<p>Ten <b>working</b> days.</p>",
            }
        )
        cls.installation = answer.create(
            {
                "name": "Installation",
                "question": "Do you install the furniture on site?",
                "body": "<p>Yes, our own team installs it.</p>",
            }
        )
        cls.warranty = answer.create(
            {
                "name": "Warranty",
                "question": "What warranty do you offer on furniture?",
                "body": "<p>Two years.</p>",
            }
        )
        cls.unrelated = answer.create(
            {
                "name": "Data protection",
                "question": "How do you protect personal data?",
                "body": "<p>GDPR compliant.</p>",
            }
        )

    def _line(self, question, proposal=None):
        proposal = proposal or self._create_proposal()
        return self.env["sale.proposal.line"].create(
            {"proposal_id": proposal.id, "question": question}
        )

    def test_suggestions_rank_the_closest_answer_first(self):
        suggestions = self.env["sale.proposal.answer"]._suggest(
            "What is the delivery time of the furniture?"
        )
        self.assertEqual(suggestions[0][0], self.delivery)
        scores = [score for _answer, score in suggestions]
        self.assertEqual(scores, sorted(scores, reverse=True))
        self.assertNotIn(self.unrelated, [answer for answer, _score in suggestions])
        line = self._line("Which warranty do you offer?")
        self.assertEqual(line.suggested_answer_ids[:1], self.warranty)

    def test_suggestions_skip_archived_and_other_company_answers(self):
        self.delivery.active = False
        other_company = self.env["res.company"].create({"name": "Answer Other Co"})
        self.env["sale.proposal.answer"].create(
            {
                "name": "Delivery time",
                "question": "What is your delivery time for office furniture?",
                "body": "<p>Elsewhere.</p>",
                "company_id": other_company.id,
            }
        )
        suggestions = self.env["sale.proposal.answer"]._suggest("What is your delivery time?")
        self.assertFalse(
            [answer for answer, _score in suggestions if answer.name == "Delivery time"]
        )

    def test_suggestions_cost_one_query_whatever_the_library_size(self):
        self.env["sale.proposal.answer"].create(
            [
                {
                    "name": f"Answer {n}",
                    "question": f"Question {n} about delivery",
                    "body": "<p>x</p>",
                }
                for n in range(50)
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(3):  # threshold, trigram query, access check of the results
            self.env["sale.proposal.answer"]._suggest("What is your delivery time?")

    def test_inserting_copies_the_text_and_records_the_use(self):
        line = self._line("What is your delivery time?")
        self.delivery.with_context(proposal_line_id=line.id).with_user(
            self.rep
        ).action_insert_into_line()
        self.assertEqual(line.answer, "Ten *working* days.")
        self.assertEqual(line.answer_id, self.delivery)
        self.assertEqual(line.status, "done")
        self.delivery.body = "<p>Five days.</p>"
        self.assertEqual(line.answer, "Ten *working* days.", "a copy, not a link")
        self.assertEqual(self.delivery.usage_count, 1)

    def test_inserting_an_archived_answer_is_refused(self):
        line = self._line("What is your delivery time?")
        self.delivery.active = False
        with self.assertRaises(UserError):
            line._insert_answer(self.delivery)

    def test_win_rate_per_answer_counts_closed_proposals(self):
        won = self._create_proposal()
        lost = self._create_proposal(order_id=self._create_order(self.customer).id)
        pending = self._create_proposal(order_id=False)
        for proposal in won | lost | pending:
            self._line("What is your delivery time?", proposal)._insert_answer(self.delivery)
        (won | lost).action_send()
        won._sign("Ann", SIGNATURE, "10.0.0.1")
        lost._action_portal_decline("Too slow")
        self.delivery.invalidate_recordset(["usage_count", "win_rate"])
        self.assertEqual(self.delivery.usage_count, 3)
        self.assertAlmostEqual(self.delivery.win_rate, 50.0)
        self.assertEqual(self.warranty.usage_count, 0)

    def test_freshness_goes_from_fresh_to_due_to_stale(self):
        answer = self.env["sale.proposal.answer"].create(
            {
                "name": "Prices",
                "body": "<p>x</p>",
                "date_last_review": date(2026, 1, 1),
                "review_interval": 90,
            }
        )
        self.assertEqual(answer.date_next_review, date(2026, 4, 1))
        for today, freshness in (
            ("2026-03-31", "fresh"),
            ("2026-04-01", "due"),
            ("2026-04-30", "due"),
            ("2026-05-01", "stale"),
        ):
            with freeze_time(today):
                answer.invalidate_recordset(["freshness"])
                self.assertEqual(answer.freshness, freshness, today)
                found = self.env["sale.proposal.answer"].search(
                    [("freshness", "in", [freshness]), ("id", "=", answer.id)]
                )
                self.assertEqual(found, answer, today)
        with freeze_time("2026-05-01"):
            answer.action_mark_reviewed()
            answer.invalidate_recordset(["freshness"])
            self.assertEqual(answer.freshness, "fresh")

    def test_review_reminders_go_once_to_the_owners_of_due_answers(self):
        due = self.env["sale.proposal.answer"].create(
            {
                "name": "Old answer",
                "body": "<p>x</p>",
                "user_id": self.sales_admin.id,
                "date_last_review": date(2020, 1, 1),
            }
        )
        answers = due | self.delivery
        reminded = answers._remind_due_reviews()
        self.assertIn(due, reminded)
        self.assertNotIn(self.delivery, reminded)
        self.assertEqual(due.activity_ids.user_id, self.sales_admin)
        self.assertNotIn(due, answers._remind_due_reviews())

    def test_line_answer_edit_marks_it_drafted(self):
        line = self._line("Anything else?")
        line.answer = "Nothing."
        self.assertEqual(line.status, "draft")
        line.answer = False
        self.assertEqual(line.status, "todo")

    def test_lines_of_a_closed_proposal_cannot_change(self):
        proposal = self._create_proposal(line_ids=[Command.create({"question": "Who?"})])
        proposal.action_cancel()
        with self.assertRaises(UserError):
            proposal.line_ids.answer = "Us."
