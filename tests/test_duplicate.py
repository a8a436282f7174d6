"""Duplicate, as each role finds it in the action menu: every record of every model our addons add
(and the orders and customers they extend) is duplicated by every role that may read it and create
its like. A copy either works, with the workflow left behind (a new reference, the first state, no
signature, no escalation), or is refused in the user's words for the records only a workflow
makes; never an access error about a field nobody typed, nor a database error."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .security_world import build_world

# records a workflow makes (generating a report, escalating a request, editing a clause, scoring a
# proposal) or a fixed catalogue: a duplicate is refused with the reason
REFUSED = {
    "sale.admin.report.file",
    "sale.admin.report.recommendation",
    "sale.admin.report.run",
    "sale.admin.report.section",
    "sale.admin.request.escalation",
    "sale.contract.clause.version",
    "sale.proposal.bid.score",
}


@tagged("post_install", "-at_install")
class TestDuplicate(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.world = build_world(cls.env)
        cls.records = {
            **cls.world.records,
            "sale.order": cls.world.order,
            "res.partner": cls.world.customer_a,
        }

    def _duplicate(self, record, user):
        """What duplicating `record` as `user` gives, rolled back: the model and id of the copy,
        or the UserError that refuses it. An AccessError (a UserError too, for Odoo) is no
        refusal in words: it fails the test with its traceback."""
        try:
            with self.env.cr.savepoint() as savepoint:
                copy = record.with_user(user).copy()
                copy.flush_recordset()
                made = (copy._name, copy.id)
                savepoint.close(rollback=True)
        except AccessError:
            raise
        except UserError as error:
            return error
        return made

    def test_every_role_duplicates_what_it_may_create_or_is_told_why(self):
        problems, tried = [], set()
        for model, record in sorted(self.records.items()):
            for role, user in sorted(self.world.roles.items()):
                mine = record.with_user(user)
                if not (mine.has_access("read") and mine.browse().has_access("create")):
                    continue
                tried.add(model)
                # anything else than a copy or a UserError (an AccessError about a protected
                # field, an IntegrityError) fails the test with its traceback
                outcome = self._duplicate(record, user)
                refused = isinstance(outcome, UserError)
                if refused != (model in REFUSED):
                    problems.append(f"{role} duplicates {model}: {outcome}")
                elif not refused and (outcome[0] != model or outcome[1] == record.id):
                    problems.append(f"{role} duplicates {model}: got {outcome}")
        self.assertFalse(problems, "\n".join(problems))
        # every refused model is tried by someone, so the list cannot outlive its reasons
        self.assertLessEqual(REFUSED, tried)

    def test_an_admin_duplicates_a_reps_request_and_raises_the_copy(self):
        request = self.records["sale.admin.request"]
        self.assertTrue(request.is_escalated)
        copy = request.with_user(self.world.admin).copy()
        self.assertEqual(copy.requester_id, self.world.admin)
        self.assertEqual(copy.state, "new")
        self.assertFalse(copy.escalation_ids)
        self.assertFalse(copy.is_escalated)
        self.assertNotEqual(copy.name, request.name)
        self.assertEqual(
            (copy.res_model, copy.res_id, copy.type_id, copy.subject),
            (request.res_model, request.res_id, request.type_id, request.subject),
        )

    def test_a_duplicate_of_a_won_proposal_is_a_new_draft(self):
        proposal = self.records["sale.proposal"]
        won = self.env["sale.proposal.reason"].create({"name": "Price", "reason_type": "won"})
        proposal.write({"state": "accepted", "won_reason_id": won.id})
        copy = proposal.with_user(self.world.admin).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.won_reason_id)
        self.assertFalse(copy.order_id)
        self.assertEqual(copy.partner_id, proposal.partner_id)

    def test_a_duplicate_of_a_named_catalogue_entry_is_named_as_a_copy(self):
        manager = self.world.manager
        for model in (
            "sale.complaint.root.cause",
            "sale.proposal.answer.tag",
            "sale.contract.clause",
        ):
            original = self.records[model]
            copy = original.with_user(manager).copy()
            self.assertEqual(copy.name, f"{original.name} (copy)", model)
            named = original.with_user(manager).copy({"name": f"{original.name}, second"})
            self.assertEqual(named.name, f"{original.name}, second", model)

    def test_a_report_run_refuses_duplication_in_words(self):
        run = self.records["sale.admin.report.run"]
        with self.assertRaisesRegex(UserError, "generate it again"):
            run.with_user(self.world.manager).copy()
