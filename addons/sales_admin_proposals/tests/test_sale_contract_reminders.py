from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .contract_common import SIGNATURE_PNG, SaleContractCommon


@tagged("post_install", "-at_install")
class TestSaleContractReminders(SaleContractCommon):
    def _active_contract(self, date_start, date_end, notice_days=30):
        with freeze_time(date_start):
            contract = self._draft_contract(self._create_order(self.customer))
            contract.write(
                {"date_start": date_start, "date_end": date_end, "renewal_notice_days": notice_days}
            )
            contract.action_submit()
            contract.with_context(mark_contract_as_sent=True).message_post(body="Please sign.")
            contract.sudo()._sign("Liga Legal", SIGNATURE_PNG)
            contract.action_countersign()
        return contract

    def _reminders(self, contract, text):
        return contract.activity_ids.filtered(lambda activity: text in (activity.summary or ""))

    def test_renewal_reminder_is_scheduled_once_when_the_notice_period_starts(self):
        contract = self._active_contract(date(2026, 1, 1), date(2026, 12, 31), notice_days=30)
        with freeze_time("2025-11-30"):
            contract._process_due_reminders()
        with freeze_time("2026-11-30"):
            contract._process_due_reminders()
        self.assertFalse(self._reminders(contract, "prepare the renewal"), "too early")

        with freeze_time("2026-12-01"):
            contract._process_due_reminders()
            contract._process_due_reminders()
        reminder = self._reminders(contract, "prepare the renewal")
        self.assertEqual(len(reminder), 1, "scheduled once")
        self.assertEqual(reminder.user_id, self.admin, "for the contract's sales admin")
        self.assertEqual(contract.state, "active")

    def test_contract_past_its_end_date_expires_with_a_reminder(self):
        contract = self._active_contract(date(2026, 1, 1), date(2026, 6, 30), notice_days=0)
        with freeze_time("2026-06-30"):
            contract._process_due_reminders()
        self.assertEqual(contract.state, "active", "still valid on its last day")
        with freeze_time("2026-07-01"):
            contract._process_due_reminders()
        self.assertEqual(contract.state, "expired")
        self.assertEqual(len(self._reminders(contract, "expired on")), 1)

    def test_the_reminder_cron_handles_every_due_contract(self):
        contracts = self._active_contract(
            date(2026, 1, 1), date(2026, 3, 31)
        ) | self._active_contract(date(2026, 1, 1), date(2026, 3, 31))
        cron = self.env.ref("sales_admin_proposals.ir_cron_sale_contract_reminders")
        cron.code = "model._cron_send_reminders(batch_size=1)"
        with freeze_time("2026-04-02"), self.enter_registry_test_mode():
            cron.method_direct_trigger()
        self.assertEqual(set(contracts.mapped("state")), {"expired"})
        self.assertEqual(len(self._reminders(contracts, "expired on")), 2)

    def test_draft_contracts_get_no_reminders(self):
        contract = self._draft_contract()
        contract.write({"date_start": date(2026, 1, 1), "date_end": date(2026, 1, 31)})
        with freeze_time("2026-02-15"):
            contract._process_due_reminders()
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.activity_ids)
