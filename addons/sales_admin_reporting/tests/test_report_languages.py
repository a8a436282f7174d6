import io
from contextlib import contextmanager
from datetime import date
from unittest.mock import patch

import openpyxl

from odoo import Command
from odoo.sql_db import Cursor
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, format_date

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportLanguages(ReportingCommon):
    """Each recipient gets the file and summary in their language; the run keeps every file."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("lv_LV")
        cls.env["ir.module.module"]._load_module_terms(
            ["sales_admin_reporting"], ["lv_LV"], overwrite=True
        )
        cls.latvian = new_test_user(
            cls.env,
            "rep_manager_lv",
            email="lv@example.com",
            lang="lv_LV",
            groups="sales_admin_base.group_sales_admin_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        # a language that is not installed: falls back to English
        cls.outsider = cls.env["res.partner"].create(
            {"name": "Adviser", "email": "adviser@example.com"}
        )
        # (written in SQL: the ORM only accepts installed languages)
        cls.env.execute_query(
            SQL("UPDATE res_partner SET lang = 'de_DE' WHERE id = %s", cls.outsider.id)
        )
        cls.outsider.invalidate_recordset(["lang"])
        cls.definition.write(
            {
                "recipient_user_ids": [Command.set((cls.manager | cls.latvian).ids)],
                "recipient_partner_ids": [Command.set(cls.outsider.ids)],
            }
        )
        cls._order(cls.customer_a, 2, "2026-01-10")

    def _run(self):
        run = self._process_run()
        self.assertEqual(run.state, "done", run.error)
        return run

    def _mail_to(self, run, partner):
        return self.env["mail.mail"].search(
            [
                ("model", "=", run._name),
                ("res_id", "=", run.id),
                ("recipient_ids", "in", partner.id),
            ]
        )

    @contextmanager
    def _queries(self):
        """The text of every query the block runs (they run as usual)."""
        queries = []
        execute = Cursor.execute

        def logged(cursor, query, params=None, log_exceptions=True):
            queries.append(str(query.code if isinstance(query, SQL) else query))
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, "execute", logged):
            yield queries

    def _workbook(self, attachment):
        return openpyxl.load_workbook(io.BytesIO(attachment.raw), data_only=True)

    def test_each_recipient_gets_a_mail_of_their_own_in_their_language(self):
        run = self._run()
        self.assertEqual(sorted(run.file_ids.mapped("lang")), ["en_US", "lv_LV"])
        english = run.file_ids.filtered(lambda f: f.lang == "en_US")
        latvian = run.file_ids.filtered(lambda f: f.lang == "lv_LV")
        self.assertEqual(run.attachment_id, english.attachment_id, "main file: company language")
        self.assertNotEqual(english.checksum, latvian.checksum)
        self.assertEqual(len(latvian.checksum), 64)

        mail_en = self._mail_to(run, self.manager.partner_id)
        mail_lv = self._mail_to(run, self.latvian.partner_id)
        mail_outsider = self._mail_to(run, self.outsider)
        self.assertEqual(run.mail_ids, mail_en | mail_lv | mail_outsider, "one mail per recipient")
        for mail in run.mail_ids:
            self.assertEqual(len(mail.recipient_ids), 1)
        self.assertEqual(
            mail_outsider.attachment_ids,
            english.attachment_id,
            "a language that is not installed falls back to English",
        )
        self.assertEqual(mail_en.attachment_ids, english.attachment_id)
        self.assertEqual(mail_lv.attachment_ids, latvian.attachment_id)
        self.assertIn("Indicator", mail_en.body_html)
        self.assertIn("Rādītājs", mail_lv.body_html)
        self.assertNotIn("Indicator", mail_lv.body_html)

        en_book = self._workbook(mail_en.attachment_ids)
        lv_book = self._workbook(mail_lv.attachment_ids)
        self.assertIn("Summary", en_book.sheetnames)
        self.assertIn("Complaints", en_book.sheetnames)
        self.assertIn("Kopsavilkums", lv_book.sheetnames)
        self.assertIn("Sūdzības", lv_book.sheetnames)
        self.assertNotIn("Summary", lv_book.sheetnames)
        self.assertEqual(len(en_book.sheetnames), len(lv_book.sheetnames))
        en_headers = [cell.value for cell in en_book["Summary"][3]]
        lv_headers = [cell.value for cell in lv_book["Kopsavilkums"][3]]
        self.assertEqual(en_headers[:2], ["Indicator", "This period"])
        self.assertEqual(lv_headers[:2], ["Rādītājs", "Šis periods"])
        en_values = [row[1] for row in en_book["Summary"].iter_rows(min_row=4, values_only=True)]
        lv_values = [
            row[1] for row in lv_book["Kopsavilkums"].iter_rows(min_row=4, values_only=True)
        ]
        self.assertEqual(en_values, lv_values, "the same numbers in both languages")

    def test_resend_reuses_the_files_of_each_language(self):
        run = self._run()
        files = run.file_ids
        run.with_user(self.manager).action_resend()
        self.assertEqual(run.file_ids, files)
        self.assertEqual(len(self._mail_to(run, self.latvian.partner_id)), 2)

    def test_a_second_language_costs_no_extra_kpi_query(self):
        def sales_figures(queries):  # revenue of each period and the sales rankings
            return [query for query in queries if "AS customer_id" in query]

        with self._queries() as one_computation:
            self.env["sale.admin.report.kpi"]._report_data(
                self.company, date(2026, 1, 1), date(2026, 1, 31)
            )
        with self._queries() as run_queries:
            run = self._run()
        self.assertEqual(sorted(run.file_ids.mapped("lang")), ["en_US", "lv_LV"])
        self.assertTrue(sales_figures(one_computation))
        self.assertEqual(
            len(sales_figures(run_queries)),
            len(sales_figures(one_computation)),
            "the files of both languages come from one computation of the figures",
        )

    def _latvian_names(self):
        self.definition.with_context(lang="lv_LV").name = "Ikmēneša testa pārskats"
        rule = self.env["sale.admin.report.rule"].create(
            {
                "name": "Orders were taken",
                "company_id": self.company.id,
                "metric": "orders",
                "comparison": "previous",
                "operator": "above",
                "threshold": 0,
                "message": "{value} orders were confirmed.",
                "activity_user_id": self.latvian.id,
            }
        )
        rule.with_context(lang="lv_LV").write(
            {"name": "Pasūtījumi saņemti", "message": "Apstiprināti {value} pasūtījumi."}
        )
        return rule

    def test_the_run_reads_in_the_readers_language_whoever_made_it(self):
        self._latvian_names()
        run = self._run()  # made by the cron, in English
        lv_env = self.env(context={"lang": "lv_LV"})
        # as the web client reads: as the user, in the user's language
        as_latvian = run.with_user(self.latvian).with_context(lang=self.latvian.lang)
        as_english = run.with_user(self.manager).with_context(lang=self.manager.lang)
        self.assertEqual(
            as_latvian.name,
            f"Ikmēneša testa pārskats {format_date(lv_env, run.date_from)} - "
            f"{format_date(lv_env, run.date_to)}",
        )
        self.assertIn("01.01.2026", as_latvian.name)
        self.assertEqual(as_english.name, "Monthly test report 01/01/2026 - 01/31/2026")
        self.assertEqual(
            self.env["sale.admin.report.run"]
            .with_user(self.latvian)
            .with_context(lang="lv_LV")
            .name_search("Ikmēneša testa", limit=5)[0][0],
            run.id,
            "runs are found by their report's name",
        )

        [recommendation] = as_latvian.recommendation_ids.filtered(
            lambda rec: rec.rule_id.metric == "orders"
        )
        self.assertEqual(recommendation.message, "Apstiprināti 1 pasūtījumi.")
        self.assertEqual(
            recommendation.with_user(self.manager).with_context(lang="en_US").message,
            "1 orders were confirmed.",
        )
        activity = run.activity_ids.filtered(lambda a: a.user_id == self.latvian)
        self.assertEqual(activity.summary, "Pasūtījumi saņemti", "the to-do of a Latvian user")
        self.assertIn("Apstiprināti 1 pasūtījumi.", activity.note)

    def test_a_run_made_by_a_latvian_user_reads_in_english_for_an_english_one(self):
        self._latvian_names()
        run = self.env["sale.admin.report.run"].create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        run.with_user(self.latvian).with_context(lang="lv_LV").action_regenerate()
        self.assertEqual(run.state, "done", run.error)
        as_english = run.with_user(self.manager).with_context(lang="en_US")
        self.assertTrue(as_english.name.startswith("Monthly test report"))
        self.assertIn("1 orders were confirmed.", as_english.recommendation_ids.mapped("message"))

    def test_the_summary_on_the_run_is_in_the_readers_language(self):
        run = self._run()
        latvian = run.with_user(self.latvian).with_context(lang="lv_LV").reader_summary_html
        english = run.with_user(self.manager).with_context(lang="en_US").reader_summary_html
        self.assertIn("Rādītājs", latvian)
        self.assertNotIn("Indicator", latvian)
        self.assertIn("Indicator", english)

    def test_download_gives_the_file_in_the_readers_language(self):
        run = self._run()
        latvian = run.file_ids.filtered(lambda f: f.lang == "lv_LV")
        action = run.with_user(self.latvian).with_context(lang="lv_LV").action_download()
        self.assertEqual(action["url"], f"/web/content/{latvian.attachment_id.id}?download=true")
        action = run.with_user(self.manager).action_download()
        self.assertEqual(action["url"], f"/web/content/{run.attachment_id.id}?download=true")
