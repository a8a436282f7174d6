import io

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ReportingCommon

JANUARY = ("2026-01-01", "2026-01-31")


@tagged("post_install", "-at_install")
class TestReportRoles(ReportingCommon):
    """Sales Admins and the head of sales make, regenerate and send their company's reports, with
    the whole company's figures whatever their own rights; reps and other companies' admins do
    not. The users have exactly the groups of the demo users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login,
                groups=groups,
                email=f"{login}@example.com",
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
            )

        cls.sales_admin = user(  # as the demo's sadmin
            "roles_sadmin",
            "base.group_user,base.group_partner_manager,sales_admin_base.group_sales_admin_user,"
            "account.group_account_invoice",
            cls.company,
        )
        cls.head_of_sales = user(  # as the demo's smanager: no accounting right at all
            "roles_smanager",
            "base.group_user,sales_admin_base.group_sales_admin_manager,"
            "sales_team.group_sale_manager",
            cls.company,
        )
        cls.rep = user("roles_srep", "base.group_user,sales_team.group_sale_salesman", cls.company)
        cls.company2 = cls.env["res.company"].create({"name": "Report Other Co"})
        cls.admin_company2 = user(
            "roles_sadmin2",
            "base.group_user,sales_admin_base.group_sales_admin_user",
            cls.company2,
        )
        # January has sales, an invoice and a payment: the report reads account.payment
        order = cls._order(cls.customer_a, 3, "2026-01-10 10:00:00")
        invoice = order._create_invoices()
        invoice.invoice_date = "2026-01-12"
        invoice.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create({"amount": 120.0, "payment_date": "2026-01-20"}).action_create_payments()

    def _generate(self, user, period=JANUARY):
        wizard = (
            self.env["sale.admin.report.generate"]
            .with_user(user)
            .create(
                {"definition_id": self.definition.id, "date_from": period[0], "date_to": period[1]}
            )
        )
        return self.env["sale.admin.report.run"].browse(wizard.action_generate()["res_id"])

    @staticmethod
    def _cells(attachment):
        workbook = openpyxl.load_workbook(io.BytesIO(attachment.raw), data_only=True)
        return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}

    def _assert_made_by(self, user):
        run = self._generate(user)
        self.assertEqual((run.state, run.error, run.version), ("done", False, 1))
        users_file = run.attachment_id
        run._process()  # as the scheduled action does, as the superuser
        self.assertEqual(
            self._cells(users_file), self._cells(run.attachment_id), "the whole company's figures"
        )
        values = {
            value for rows in self._cells(users_file).values() for row in rows for value in row
        }
        self.assertIn(120.0, values, "the payment is counted")
        run.with_user(user).action_regenerate()
        self.assertEqual((run.state, run.error, run.version), ("done", False, 3))
        self.assertTrue(run.with_user(user).action_resend())
        return run

    def test_the_sales_admin_makes_regenerates_and_sends_the_companys_report(self):
        self._assert_made_by(self.sales_admin)

    def test_the_head_of_sales_without_accounting_rights_makes_the_whole_report(self):
        self.assertFalse(
            self.env["account.payment"].with_user(self.head_of_sales).has_access("read")
        )
        self._assert_made_by(self.head_of_sales)

    def test_a_rep_makes_no_report(self):
        with self.assertRaises(AccessError):
            self._generate(self.rep)
        run = self._generate(self.sales_admin)
        with self.assertRaises(AccessError):
            run.with_user(self.rep).action_regenerate()
        with self.assertRaises(AccessError):
            run.with_user(self.rep).action_resend()
        self.assertEqual(run.version, 1)

    def test_another_companys_admin_makes_no_report_of_this_company(self):
        admin2 = self.admin_company2
        Wizard = self.env["sale.admin.report.generate"].with_user(admin2)
        Wizard = Wizard.with_context(allowed_company_ids=self.company2.ids)
        self.assertTrue(Wizard.has_access("create"), "they make their own company's reports")
        with self.assertRaises(AccessError):
            Wizard.create(
                {
                    "definition_id": self.definition.id,
                    "date_from": JANUARY[0],
                    "date_to": JANUARY[1],
                }
            )
        run = self._generate(self.sales_admin).with_user(admin2)
        run = run.with_context(allowed_company_ids=self.company2.ids)
        with self.assertRaises(AccessError):
            run.action_regenerate()
        with self.assertRaises(AccessError):
            run.action_resend()

    def test_generate_now_on_a_reported_period_says_so_and_makes_a_new_version(self):
        run = self._generate(self.sales_admin)
        first_file = run.attachment_id
        wizard = (
            self.env["sale.admin.report.generate"]
            .with_user(self.sales_admin)
            .create(
                {
                    "definition_id": self.definition.id,
                    "date_from": JANUARY[0],
                    "date_to": JANUARY[1],
                }
            )
        )
        self.assertEqual(wizard.existing_run_id, run, "the wizard says the period was reported")
        self.assertEqual(wizard.existing_run_version, 1)
        action = wizard.action_generate()
        self.assertEqual(action["tag"], "display_notification", "and says so once made again")
        self.assertIn("version 2", action["params"]["message"])
        self.assertEqual(action["params"]["next"]["res_id"], run.id)
        self.assertEqual((run.state, run.version), ("done", 2))
        self.assertNotEqual(run.attachment_id, first_file, "a new file, not the old one")
        self.assertTrue(first_file.exists(), "the previous file is kept")
        self.assertTrue(first_file.name.endswith("_v1.xlsx"), first_file.name)
        self.assertNotIn(first_file, run.file_ids.attachment_id)
        history = run.message_ids.filtered(lambda message: first_file in message.attachment_ids)
        self.assertTrue(history, "the previous version is in the run's chatter")
        self.assertTrue(
            run.attachment_id.name.endswith("_2026-01-01_2026-01-31.xlsx"), run.attachment_id.name
        )

    def test_the_head_of_sales_keeps_the_reports_a_definition_made(self):
        """A definition with reports made is archived, not deleted: its runs (and their files)
        would go with it. Once its reports are deleted one by one, it can be."""
        run = self._generate(self.sales_admin)
        definition = self.definition.with_user(self.head_of_sales)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            definition.unlink()
        self.assertTrue(run.exists())
        definition.action_archive()
        self.assertFalse(definition.active)
        run.with_user(self.head_of_sales).unlink()
        self.assertTrue(definition.unlink())

    def test_no_role_writes_what_making_the_report_records(self):
        """The state, file, figures and to-dos of a run are the server's: refused to the head of
        sales and to the admins, on write and on create, while they still make the report."""
        run = self._generate(self.sales_admin)
        rule = self.env["sale.admin.report.rule"].search([], limit=1)
        recommendation = self.env["sale.admin.report.recommendation"].create(
            {"run_id": run.id, "rule_id": rule.id, "values": {"value": 1.0}}
        )
        forged = {
            run: {
                "state": "failed",
                "attempts": 7,
                "checksum": "0" * 64,
                "summary_html": "<p>Forged</p>",
                "attachment_id": run.file_ids[:1].attachment_id.id,
                "kind": "on_demand",
                "company_id": self.company2.id,
                "delivery_state": "sent",
            },
            run.file_ids[:1]: {"checksum": "0" * 64, "company_id": self.company2.id},
            recommendation: {
                "activity_state": "done",
                "activity_user_id": self.rep.id,
                "values": {"value": 9.0},
                "severity_order": 9,
            },
        }
        for user in (self.head_of_sales, self.manager, self.sales_admin):
            for record, values in forged.items():
                for name, value in values.items():
                    with (
                        self.subTest(user=user.login, model=record._name, field=name),
                        self.assertRaises(AccessError),
                    ):
                        record.with_user(user).write({name: value})
        with self.assertRaises(AccessError):
            self.env["sale.admin.report.run"].with_user(self.head_of_sales).create(
                {
                    "definition_id": self.definition.id,
                    "date_from": "2026-02-01",
                    "date_to": "2026-02-28",
                    "state": "done",
                }
            )
        self.assertEqual(run.state, "done")
        # a manager still makes a run in the form: the server sets how it is made
        made = (
            self.env["sale.admin.report.run"]
            .with_user(self.head_of_sales)
            .create(
                {
                    "definition_id": self.definition.id,
                    "date_from": "2026-02-01",
                    "date_to": "2026-02-28",
                }
            )
        )
        self.assertEqual(
            (made.state, made.kind, made.company_id), ("pending", "scheduled", self.company)
        )
        made.action_regenerate()
        self.assertEqual((made.state, made.version), ("done", 1))
