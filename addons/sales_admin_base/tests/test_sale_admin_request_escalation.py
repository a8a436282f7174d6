from datetime import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from odoo.addons.base.models import ir_cron

from .common_requests import SaleAdminRequestCommon
from .lang_common import LATVIAN, load_latvian

ESCALATION_ACTIVITY = "sales_admin_base.mail_activity_type_sale_admin_escalation"


@tagged("post_install", "-at_install")
class TestSaleAdminRequestEscalation(SaleAdminRequestCommon):
    def _escalation_activities(self, request):
        activity_type = self.env.ref(ESCALATION_ACTIVITY)
        return request.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def _run_auto_escalation(self):
        self.env["sale.admin.request.escalation"]._escalate_overdue(
            self.env["sale.admin.request"].search([])
        )

    def test_escalating_without_summary_is_refused(self):
        request = self._request(self.rep, source=self.order)
        with self.assertRaisesRegex(UserError, "Write a summary"):
            request.with_user(self.admin2)._escalate("   ")
        self.assertEqual(request.state, "new")
        self.assertFalse(request.escalation_ids)

    def test_escalation_wizard_goes_to_the_next_level_with_an_activity(self):
        request = self._request(self.rep, source=self.order)
        action = request.with_user(self.admin2).action_open_escalate_wizard()
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.admin2).with_context(**action["context"])
        )
        self.assertEqual(wizard_form.next_level_id, self.level_manager)
        wizard_form.summary = "Customer wants 60 days payment terms"
        wizard_form.proposed_decision = "Accept for orders above 10k"
        wizard_form.save().action_escalate()

        self.assertEqual(request.state, "escalated")
        self.assertEqual(request.escalation_level_id, self.level_manager)
        self.assertEqual(request.waiting_user_id, self.manager)
        self.assertTrue(request.is_escalated)
        escalation = request.escalation_ids
        self.assertEqual(escalation.user_id, self.manager)
        self.assertEqual(escalation.escalated_by_id, self.admin2)
        self.assertEqual(escalation.proposed_decision, "Accept for orders above 10k")
        self.assertFalse(escalation.is_automatic)
        self.assertEqual(self._escalation_activities(request).user_id, self.manager)
        self.assertIn(self.manager.partner_id, request.message_partner_ids)

    def test_the_escalation_to_do_is_written_in_the_managers_language(self):
        load_latvian(self.env)
        self.manager.lang = LATVIAN
        request = self._request(self.rep, source=self.order)
        request.with_user(self.admin2).with_context(lang="en_US")._escalate("Needs a decision")
        activity = self._escalation_activities(request)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.summary, f"Pieņemt lēmumu: {request.subject}")

    def test_escalating_beyond_the_last_level_is_refused(self):
        request = self._request(self.rep)
        request.with_user(self.admin1)._escalate("Needs the manager")
        request.with_user(self.manager)._escalate("Needs the head of sales")
        self.assertEqual(request.escalation_level_id, self.level_head)
        self.assertFalse(request.next_level_id)
        with self.assertRaisesRegex(UserError, "last escalation level"):
            request.with_user(self.head)._escalate("And further?")
        self.assertEqual(len(request.escalation_ids), 2)

    def test_a_rep_cannot_escalate(self):
        request = self._request(self.rep)
        with self.assertRaises(AccessError):
            request.with_user(self.rep).action_open_escalate_wizard()

    def test_auto_escalation_counts_working_hours_across_the_weekend(self):
        # Friday 14:00: the admin level has 4 working hours: 2 on Friday, 2 on Monday morning
        with freeze_time("2026-03-06 14:00:00"):
            request = self._request(self.rep, source=self.order)
        self.assertEqual(request.escalation_level_id, self.level_admin)
        self.assertEqual(request.date_level_deadline, datetime(2026, 3, 9, 10, 0))

        with freeze_time("2026-03-07 18:00:00"):  # Saturday: 28 calendar hours, 2 working hours
            self._run_auto_escalation()
        self.assertEqual(request.state, "new")
        with freeze_time("2026-03-09 09:59:00"):
            self._run_auto_escalation()
        self.assertEqual(request.state, "new")

        with freeze_time("2026-03-09 10:01:00"):
            self._run_auto_escalation()
        self.assertEqual(request.state, "escalated")
        self.assertEqual(request.escalation_level_id, self.level_manager)
        self.assertTrue(request.escalation_ids.is_automatic)
        self.assertIn("did not respond within 4", request.escalation_ids.summary)
        activity = self._escalation_activities(request)
        self.assertEqual(activity.user_id, self.manager)
        # the manager's 8 working hours run from Monday 10:01 to Tuesday 10:01
        self.assertEqual(request.date_level_deadline, datetime(2026, 3, 10, 10, 1))
        self.assertEqual(str(activity.date_deadline), "2026-03-10")

        with freeze_time("2026-03-10 10:02:00"):
            self._run_auto_escalation()
        self.assertEqual(request.escalation_level_id, self.level_head)
        self.assertEqual(self._escalation_activities(request).user_id, self.head)
        self.assertEqual(len(request.escalation_ids), 2)

        with freeze_time("2026-03-20 10:00:00"):  # the last level has nobody to pass it to
            self._run_auto_escalation()
        self.assertEqual(request.escalation_level_id, self.level_head)
        self.assertEqual(len(request.escalation_ids), 2)

    def test_an_answered_request_does_not_escalate_automatically(self):
        with freeze_time("2026-03-06 14:00:00"):
            request = self._request(self.rep)
        with freeze_time("2026-03-06 15:00:00"):
            request.with_user(self.admin1).action_start()
        with freeze_time("2026-03-16 10:00:00"):
            self._run_auto_escalation()
        self.assertEqual(request.state, "in_progress")
        self.assertFalse(request.escalation_ids)

    def test_decision_is_posted_on_the_request_to_the_requester_and_on_the_source(self):
        request = self._request(self.rep, source=self.order)
        request.with_user(self.admin2)._escalate("Discount above policy", "Accept 10%")
        action = request.with_user(self.manager).action_open_decide_wizard()
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        )
        self.assertEqual(wizard_form.summary, "Discount above policy")
        wizard_form.decision = "Accept 10% for this order only"
        wizard_form.save().action_decide()

        self.assertEqual(request.state, "in_progress")
        self.assertEqual(request.decision, "Accept 10% for this order only")
        self.assertFalse(request.waiting_user_id)
        self.assertEqual(request.escalation_ids.decided_by_id, self.manager)
        self.assertFalse(self._escalation_activities(request), "the decision activity is done")

        message = request.message_ids.filtered(lambda m: "Accept 10% for this order" in m.body)
        self.assertEqual(len(message), 1)
        self.assertIn(self.rep.partner_id, message.partner_ids, "the requester is notified")
        self.assertEqual(message.author_id, self.manager.partner_id)
        source_note = self.order.message_ids.filtered(
            lambda m: "Accept 10% for this order only" in m.body
        )
        self.assertEqual(len(source_note), 1)
        self.assertEqual(source_note.author_id, self.manager.partner_id)

    def test_deciding_without_a_decision_is_refused(self):
        request = self._request(self.rep, source=self.order)
        request.with_user(self.admin2)._escalate("Discount above policy")
        with self.assertRaisesRegex(UserError, "Write the decision"):
            request.with_user(self.manager)._record_decision("  ")
        self.assertEqual(request.state, "escalated")

    def test_only_the_waiting_manager_or_a_sales_admin_manager_decides(self):
        request = self._request(self.rep, source=self.order)
        request.with_user(self.admin2)._escalate("Discount above policy")
        with self.assertRaises(AccessError):
            request.with_user(self.head).action_open_decide_wizard()
        with self.assertRaises(AccessError):
            request.with_user(self.admin1).action_open_decide_wizard()

    def test_source_escalates_automatically_when_its_type_allows_it(self):
        request = self.order._sales_admin_escalate("Complaint SLA breached: no answer in 48h")
        self.assertEqual(request.source_reference, self.order)
        self.assertEqual(request.type_id, self.type_issue)
        self.assertEqual(request.state, "escalated")
        self.assertTrue(request.escalation_ids.is_automatic)
        # a second breach finds the request already with management: nothing new is raised
        again = self.order._sales_admin_escalate("Still no answer")
        self.assertEqual(again, request)
        self.assertEqual(len(request.escalation_ids), 1)

        self.type_issue.auto_escalate = False
        self.assertFalse(self.customer._sales_admin_escalate("SLA breached"))

    def test_source_escalation_reuses_the_open_request_of_the_source(self):
        open_request = self._request(self.rep, source=self.order)
        request = self.order._sales_admin_escalate("SLA breached", request_type=self.type_issue)
        self.assertEqual(request, open_request)
        self.assertEqual(request.state, "escalated")
        self.assertEqual(request.escalation_ids.summary, "SLA breached")

    def test_the_overdue_cron_takes_the_longest_overdue_first_and_stops_when_time_is_up(self):
        with freeze_time("2026-03-09 09:00:00"):  # Monday
            later = self._request(self.rep, subject="Later")
        with freeze_time("2026-03-09 08:00:00"):
            earlier = self._request(self.rep, subject="Earlier")
        cron = self.env.ref("sales_admin_base.ir_cron_sale_admin_request_escalate")
        cron.code = "model._cron_escalate_overdue(batch_size=1)"
        # the scheduler gives the job one run and no time: the first batch spends the budget
        with (
            freeze_time("2026-03-09 15:00:00"),
            patch.object(ir_cron, "MIN_RUNS_PER_JOB", 1),
            patch.object(ir_cron, "MIN_TIME_PER_JOB", 0),
            self.enter_registry_test_mode(),
        ):
            cron.method_direct_trigger()
        self.assertEqual((earlier.state, later.state), ("escalated", "new"))
        progress = self.env["ir.cron.progress"].search([("cron_id", "=", cron.id)])
        self.assertEqual((progress.done, progress.remaining), (1, 1))
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "what is left runs at once",
        )

        with freeze_time("2026-03-09 15:00:00"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(later.state, "escalated")
