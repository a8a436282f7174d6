from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportDelivery(ReportingCommon):
    def _run(self):
        return self._process_run()

    def _mails(self, run):
        return self.env["mail.mail"].search([("model", "=", run._name), ("res_id", "=", run.id)])

    def test_the_report_is_mailed_with_its_file_and_a_summary(self):
        run = self._run()
        mail = self._mails(run)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.manager.partner_id)
        self.assertEqual(mail.attachment_ids, run.attachment_id)
        self.assertIn("Revenue", mail.body_html)
        self.assertEqual(
            mail.state, "outgoing", "queued: a mail server that is down delays, never loses it"
        )
        self.assertEqual(run.recipient_partner_ids, self.manager.partner_id)

    def test_a_user_who_may_not_read_all_sales_is_not_sent_the_report(self):
        rep = new_test_user(
            self.env,
            "rep_own_docs",
            email="rep@example.com",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        main = self.env.ref("base.main_company")
        outsider = new_test_user(
            self.env,
            "rep_other_company",
            email="other@example.com",
            groups="sales_admin_base.group_sales_admin_manager",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )
        self.definition.recipient_user_ids = [Command.set((self.manager | rep | outsider).ids)]
        run = self._run()
        self.assertEqual(self._mails(run).recipient_ids, self.manager.partner_id)
        self.assertIn("may not read all sales documents", run.problems)
        self.assertIn("no access to this company", run.problems)

    def test_without_recipients_the_run_is_made_and_the_problem_shown(self):
        nobody = self.env["res.partner"].create({"name": "No mail"})
        self.definition.write(
            {
                "recipient_user_ids": [Command.clear()],
                "recipient_partner_ids": [Command.set(nobody.ids)],
            }
        )
        run = self._run()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.attachment_id)
        self.assertFalse(self._mails(run))
        self.assertIn("no e-mail address", run.problems)
        self.assertIn("nothing was sent", run.problems)

    def test_resend_sends_once_more(self):
        run = self._run()
        run.with_user(self.manager).action_resend()
        self.assertEqual(len(self._mails(run)), 2)

    def _two_recipients(self):
        head_office = self.env["res.partner"].create(
            {"name": "Head office", "email": "head@office.example.com"}
        )
        self.definition.recipient_partner_ids = [Command.set(head_office.ids)]
        run = self._run()
        return run, run.mail_ids.filtered(lambda m: m.recipient_ids == head_office)

    def test_each_recipient_gets_a_mail_of_their_own_kept_on_the_run(self):
        run, to_head_office = self._two_recipients()
        self.assertEqual(run.mail_ids, self._mails(run))
        self.assertEqual(len(run.mail_ids), 2)
        self.assertEqual(
            run.mail_ids.recipient_ids, self.manager.partner_id | to_head_office.recipient_ids
        )
        for mail in run.mail_ids:
            self.assertEqual(len(mail.recipient_ids), 1)
            self.assertEqual(mail.attachment_ids, run.attachment_id)
        self.assertEqual(run.delivery_state, "pending")

    def test_the_delivery_state_follows_the_mails(self):
        run, to_head_office = self._two_recipients()
        to_manager = run.mail_ids - to_head_office
        Run = self.env["sale.admin.report.run"]
        undelivered = [("delivery_state", "in", ("partial", "failed"))]
        to_manager.write({"state": "sent"})
        self.assertEqual(run.delivery_state, "pending")
        to_head_office.write({"state": "exception", "failure_type": "unknown"})
        self.assertEqual(run.delivery_state, "partial")
        self.assertIn(run, Run.search(undelivered), "the list's Undelivered filter finds it")
        to_manager.write({"state": "exception", "failure_type": "mail_email_invalid"})
        self.assertEqual(run.delivery_state, "failed")
        run.mail_ids.write({"state": "exception", "failure_type": "mail_smtp"})
        self.assertEqual(run.delivery_state, "pending", "the server was down: sent again later")
        run.mail_ids.write({"state": "sent", "failure_type": False})
        self.assertEqual(run.delivery_state, "sent")
        self.assertNotIn(run, Run.search(undelivered))

    def test_managers_read_the_runs_mails_and_sales_admins_their_delivery_state(self):
        run, to_head_office = self._two_recipients()
        to_head_office.write(
            {"state": "exception", "failure_type": "unknown", "failure_reason": "550 unknown"}
        )
        as_manager = run.with_user(self.manager)
        self.assertEqual(as_manager.mail_ids, run.mail_ids)
        self.assertEqual(sorted(as_manager.mail_ids.mapped("state")), ["exception", "outgoing"])
        self.assertIn("550", as_manager.mail_ids.filtered("failure_reason").failure_reason)
        self.assertTrue(as_manager.get_views([(False, "form")]))
        sales_admin = self._new_user(
            "report_sales_admin",
            groups="sales_admin_base.group_sales_admin_user",
            company=self.company,
        )
        self.assertEqual(run.with_user(sales_admin).delivery_state, "partial")
        with self.assertRaises(AccessError):
            run.with_user(sales_admin).read(["mail_ids"])
        with self.assertRaises(AccessError):
            self.env["mail.mail"].with_user(sales_admin).search([])

    def test_a_manager_reads_no_mail_of_another_company_or_outside_the_reports(self):
        run, _to_head_office = self._two_recipients()
        other_mail = self.env["mail.mail"].create(
            {"subject": "Someone's invoice", "email_to": "x@example.com"}
        )
        main = self.env.ref("base.main_company")
        other_manager = self._new_user(
            "report_manager_main",
            groups="sales_admin_base.group_sales_admin_manager",
            company=main,
        )
        Mail = self.env["mail.mail"]
        self.assertEqual(Mail.with_user(self.manager).search([]), run.mail_ids)
        in_main = Mail.with_context(allowed_company_ids=main.ids)
        self.assertFalse(in_main.with_user(other_manager).search([("id", "in", run.mail_ids.ids)]))
        self.assertNotIn(other_mail, Mail.with_user(self.manager).search([]))
        system_admin = self.env.ref("base.user_admin")
        self.assertTrue(system_admin.has_group("sales_admin_base.group_sales_admin_manager"))
        self.assertIn(other_mail, in_main.with_user(system_admin).search([]), "all, as before")

    def test_retry_puts_the_failed_mails_back_in_the_queue(self):
        run, to_head_office = self._two_recipients()
        to_manager = run.mail_ids - to_head_office
        to_manager.write({"state": "sent"})
        to_head_office.write({"state": "exception", "failure_type": "unknown"})
        sales_admin = self._new_user(
            "report_sales_admin",
            groups="sales_admin_base.group_sales_admin_user",
            company=self.company,
        )
        self.assertIs(run.with_user(sales_admin).action_retry_failed_mails(), True)
        self.assertEqual(to_head_office.state, "outgoing")
        self.assertEqual(to_manager.state, "sent", "a sent mail is not sent twice")
        self.assertEqual(run.delivery_state, "pending")
        with self.assertRaises(UserError):
            run.with_user(self.manager).action_retry_failed_mails()

    def test_only_sales_admins_retry_a_runs_mails(self):
        run, to_head_office = self._two_recipients()
        to_head_office.write({"state": "exception", "failure_type": "unknown"})
        rep = self._new_user("report_rep", role="rep", company=self.company)
        with self.assertRaises(AccessError):
            run.with_user(rep).action_retry_failed_mails()
        self.assertEqual(to_head_office.state, "exception")

    def test_the_cron_requeues_the_mails_that_found_the_server_down_only(self):
        run, to_head_office = self._two_recipients()
        to_manager = run.mail_ids - to_head_office
        to_manager.write({"state": "exception", "failure_type": "mail_smtp"})
        to_head_office.write({"state": "exception", "failure_type": "unknown"})
        self.assertEqual(self.env["sale.admin.report.run"]._requeue_mails_now(), to_manager)
        self.assertEqual(to_manager.state, "outgoing")
        self.assertEqual(to_head_office.state, "exception", "a refused address waits for Retry")

    def test_sending_again_replaces_the_failed_mail_of_a_recipient(self):
        run, to_head_office = self._two_recipients()
        to_head_office.write({"state": "exception", "failure_type": "unknown"})
        run.with_user(self.manager).action_resend()
        self.assertEqual(to_head_office.state, "cancel")
        self.assertEqual(len(run.mail_ids), 4)
        self.assertEqual(run.delivery_state, "pending")

    def test_a_sales_admin_of_another_company_sees_no_run(self):
        run = self._run()
        main = self.env.ref("base.main_company")
        other = new_test_user(
            self.env,
            "rep_admin_b",
            groups="sales_admin_base.group_sales_admin_manager",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )
        self.assertNotIn(self.company, other.company_ids)
        Run = (
            self.env["sale.admin.report.run"]
            .with_user(other)
            .with_context(allowed_company_ids=main.ids)
        )
        self.assertFalse(Run.search([("id", "=", run.id)]))
        with self.assertRaises(AccessError):
            run.with_user(other).with_context(allowed_company_ids=main.ids).read(["checksum"])
        self.assertFalse(
            self.env["sale.admin.report.definition"]
            .with_user(other)
            .with_context(allowed_company_ids=main.ids)
            .search([("id", "=", self.definition.id)])
        )


@tagged("post_install", "-at_install")
class TestReportRunsTour(HttpCase):
    def test_manager_opens_the_run_history_and_downloads_a_file(self):
        run = self.env["sale.admin.report.run"].search(
            [("definition_id", "=", self.env.ref("sales_admin_reporting.definition_monthly").id)],
            limit=1,
        )
        self.assertEqual(run.state, "done", "the demo data makes last month's run")
        self.authenticate("smanager", "smanager")
        response = self.url_open(f"/web/content/{run.attachment_id.id}?download=true")
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.start_tour("/odoo", "sales_admin_report_runs", login="smanager")
