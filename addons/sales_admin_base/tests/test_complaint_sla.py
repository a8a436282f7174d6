from datetime import datetime

from freezegun import freeze_time

from odoo.fields import Domain
from odoo.tests import tagged

from .complaint_common import ComplaintCommon

FRIDAY_3PM = datetime(2026, 11, 27, 15, 0)  # 2 working hours left in the week
MONDAY_8AM = datetime(2026, 11, 30, 8, 0)


@tagged("post_install", "-at_install")
class TestComplaintSla(ComplaintCommon):
    def _run_sla_cron(self):
        """Run the scheduled action as the scheduler does, inside the test transaction."""
        with self.enter_registry_test_mode():
            self.env.ref("sales_admin_base.ir_cron_sale_complaint_sla").method_direct_trigger()

    def test_deadlines_skip_the_weekend(self):
        with freeze_time(FRIDAY_3PM):
            complaint = self._complaint()
        self.assertEqual(complaint.sla_policy_id, self.sla)
        # 4 h: Friday 15-17, Monday 8-10
        self.assertEqual(complaint.date_response_deadline, datetime(2026, 11, 30, 10, 0))
        # 16 h: Friday 2 h, Monday 8 h, Tuesday 8-12 and 13-15
        self.assertEqual(complaint.date_resolution_deadline, datetime(2026, 12, 1, 15, 0))
        # 80 % of 16 h = 12.8 h: Tuesday 8:00 + 2.8 h
        self.assertEqual(complaint.date_resolution_risk, datetime(2026, 12, 1, 10, 48))
        self.assertEqual(complaint.sla_status, "on_track")

    def test_most_specific_policy_wins_by_sequence(self):
        urgent = self.env["sale.complaint.sla"].create(
            {
                "name": "Urgent",
                "sequence": 1,
                "priority": "2",
                "calendar_id": self.calendar.id,
                "response_hours": 1,
                "resolution_hours": 8,
            }
        )
        self.assertEqual(self._complaint(priority="2").sla_policy_id, urgent)
        self.assertEqual(self._complaint(priority="0").sla_policy_id, self.sla)

    def test_first_response_is_the_first_message_to_the_customer(self):
        with freeze_time(FRIDAY_3PM):
            complaint = self._complaint()
            complaint.with_user(self.admin).message_post(
                body="Internal thought", message_type="comment", subtype_xmlid="mail.mt_note"
            )
        self.assertFalse(complaint.date_first_response, "an internal note is no response")
        with freeze_time(datetime(2026, 11, 30, 9, 0)):
            complaint.with_user(self.admin).message_post(
                body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(complaint.date_first_response, datetime(2026, 11, 30, 9, 0))
        self.assertEqual(complaint.first_response_hours, 3.0)
        self.assertFalse(complaint.response_breached)

    def test_waiting_on_customer_pauses_the_clock(self):
        with freeze_time(MONDAY_8AM):
            complaint = self._complaint()
        self.assertEqual(complaint.date_resolution_deadline, datetime(2026, 12, 1, 17, 0))
        with freeze_time(datetime(2026, 11, 30, 10, 0)):
            complaint.stage_id = self._stage("sale_complaint_stage_waiting")
        self.assertEqual(complaint.sla_status, "paused")
        with freeze_time(datetime(2026, 12, 3, 9, 0)):
            # past the original deadline, but the clock stands still while we wait
            complaint._refresh_sla_status()
            self.assertFalse(complaint.sla_breached)
        with freeze_time(datetime(2026, 12, 1, 10, 0)):
            complaint.message_post(
                body="Here is the photo",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                author_id=self.customer.id,
            )
        # the customer's answer resumes it: Mon 10-12, 13-17 and Tue 8-10 were paused (8 h)
        self.assertEqual(complaint.stage_id, self._stage("sale_complaint_stage_new"))
        self.assertEqual(complaint.paused_hours, 8.0)
        self.assertEqual(complaint.date_resolution_deadline, datetime(2026, 12, 2, 17, 0))

    def test_cron_flags_at_risk_then_breach_with_one_activity(self):
        with freeze_time(MONDAY_8AM):
            complaint = self._complaint()
        with freeze_time(datetime(2026, 11, 30, 11, 30)):  # 3.5 h of 4 h used for the response
            self._run_sla_cron()
        complaint.invalidate_recordset()
        self.assertTrue(complaint.sla_at_risk)
        self.assertEqual(complaint.sla_status, "at_risk")
        self.assertFalse(complaint.activity_ids)
        with freeze_time(datetime(2026, 11, 30, 14, 0)):
            self._run_sla_cron()
            self._run_sla_cron()  # a second run changes nothing
        complaint.invalidate_recordset()
        self.assertTrue(complaint.response_breached)
        self.assertFalse(complaint.resolution_breached)
        self.assertEqual(complaint.sla_status, "breached")
        self.assertEqual(len(complaint.activity_ids), 1)
        self.assertEqual(complaint.activity_ids.user_id, self.admin)
        with freeze_time(datetime(2026, 12, 3, 9, 0)):
            self._run_sla_cron()
        complaint.invalidate_recordset()
        self.assertTrue(complaint.resolution_breached)
        self.assertEqual(len(complaint.activity_ids), 1, "one activity per complaint, on breach")

    def test_closed_in_time_is_met(self):
        with freeze_time(MONDAY_8AM):
            complaint = self._complaint(resolution="<p>Done</p>", no_financial_remedy=True)
            complaint.with_user(self.admin).message_post(
                body="Hello", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time(datetime(2026, 11, 30, 15, 0)):
            complaint.action_close()
        with freeze_time(datetime(2026, 12, 10, 9, 0)):
            self.assertFalse(
                self.env["sale.complaint"].search(
                    self.env["sale.complaint"]._sla_refresh_domain()
                    & Domain("id", "=", complaint.id)
                )
            )
        self.assertEqual(complaint.sla_status, "met")

    def _breaching_complaints(self, count):
        with freeze_time(MONDAY_8AM):
            complaints = self.env["sale.complaint"].create(
                [{"subject": f"Breach {i}", "partner_id": self.customer.id} for i in range(count)]
            )
            complaints.flush_recordset()
        return complaints

    def test_sla_cron_queries_do_not_grow_with_the_complaints(self):
        # a warm-up run pays the one-off costs (ir.model lookups, caches)
        self._breaching_complaints(1)
        with freeze_time(datetime(2026, 12, 10, 9, 0)):
            self._run_sla_cron()
        for count in (5, 40):
            complaints = self._breaching_complaints(count)
            self.env.flush_all()
            with freeze_time(datetime(2026, 12, 10, 9, 0)), self.assertQueryCount(__system__=33):
                self._run_sla_cron()
            complaints.invalidate_recordset()
            self.assertTrue(all(complaints.mapped("sla_breached")))
            self.assertEqual(len(complaints.activity_ids), count)

    def test_breach_escalates_to_management_when_the_category_says_so(self):
        Request = self.env["sale.admin.request"]
        with freeze_time(MONDAY_8AM):
            quiet = self._complaint()
            angry = self.env["sale.complaint.category"].create(
                {"name": "Angry", "escalate_on_breach": True}
            )
            loud = self._complaint(category_id=angry.id)
        with freeze_time(datetime(2026, 11, 30, 14, 0)):
            self._run_sla_cron()
            self._run_sla_cron()  # no second escalation
        escalated = Request.search([("res_model", "=", "sale.complaint"), ("res_id", "=", loud.id)])
        self.assertEqual(len(escalated), 1)
        self.assertEqual(escalated.state, "escalated")
        self.assertIn(loud.name, escalated.escalation_ids.summary)
        self.assertEqual(loud.sales_admin_request_count, 1)
        self.assertFalse(
            Request.search([("res_model", "=", "sale.complaint"), ("res_id", "=", quiet.id)])
        )
