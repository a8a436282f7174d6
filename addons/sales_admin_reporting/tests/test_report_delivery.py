from odoo import Command
from odoo.exceptions import AccessError
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
