from datetime import date
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ReportingCommon


@tagged("post_install", "-at_install")
class TestReportScheduling(ReportingCommon):
    def _runs(self):
        return self.env["sale.admin.report.run"].search(
            [("definition_id", "=", self.definition.id)], order="date_from"
        )

    @freeze_time("2026-04-05 10:00:00")
    def test_missed_monthly_periods_are_caught_up(self):
        self.env["sale.admin.report.run"]._create_due_runs()
        self.assertEqual(
            [(run.date_from, run.date_to) for run in self._runs()],
            [
                (date(2026, 1, 1), date(2026, 1, 31)),
                (date(2026, 2, 1), date(2026, 2, 28)),
                (date(2026, 3, 1), date(2026, 3, 31)),
            ],
        )

    @freeze_time("2026-04-01 10:00:00")
    def test_a_period_is_not_due_before_its_run_day(self):
        # March ends on the 31st; run day 2 means the report is made on April 2nd
        self.env["sale.admin.report.run"]._create_due_runs()
        self.assertEqual(self._runs()[-1:].date_to, date(2026, 2, 28))

    @freeze_time("2026-07-10 10:00:00")
    def test_quarterly_periods(self):
        self.definition.write(
            {"periodicity": "quarterly", "date_start": "2025-11-15", "run_day": 5}
        )
        self.env["sale.admin.report.run"]._create_due_runs()
        # Q4 2025 started before the start date: the first full quarter is Q1 2026
        self.assertEqual(
            [(run.date_from, run.date_to) for run in self._runs()],
            [(date(2026, 1, 1), date(2026, 3, 31)), (date(2026, 4, 1), date(2026, 6, 30))],
        )

    @freeze_time("2026-04-05 10:00:00")
    def test_creating_due_runs_twice_makes_no_duplicate(self):
        Run = self.env["sale.admin.report.run"]
        Run._create_due_runs()
        Run._create_due_runs()
        self.assertEqual(len(self._runs()), 3)

    @freeze_time("2026-04-05 10:00:00")
    def test_the_database_refuses_a_second_run_of_the_same_period(self):
        Run = self.env["sale.admin.report.run"]
        Run._create_due_runs()
        self.assertFalse(
            Run._create_unique(self.definition, date(2026, 1, 1), date(2026, 1, 31), "on_demand")
        )
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            Run.create(
                {
                    "definition_id": self.definition.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-01-31",
                }
            )

    def test_a_run_locked_by_another_worker_is_not_claimed(self):
        run = self.env["sale.admin.report.run"].create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        self.env.flush_all()
        self.assertEqual(self.env["sale.admin.report.run"]._claim(run.id), run)
        run.state = "done"
        self.env.flush_all()
        self.assertIsNone(
            self.env["sale.admin.report.run"]._claim(run.id), "a done run is never redone"
        )

    @freeze_time("2026-04-05 10:00:00")
    def test_a_failing_run_does_not_stop_the_others_and_is_retried_a_bounded_number_of_times(self):
        Run = self.env["sale.admin.report.run"]
        Run._create_due_runs()
        january, february, march = self._runs()
        original = type(Run)._generate

        def generate(run):
            if run == february:
                raise UserError(run.env._("database of numbers on fire"))
            return original(run)

        with (
            patch.object(type(Run), "_generate", generate),
            mute_logger("odoo.addons.sales_admin_reporting.models.sale_admin_report_run"),
        ):
            Run._run_due_reports_now()
            self.assertEqual(
                (january.state, february.state, march.state), ("done", "failed", "done")
            )
            self.assertIn("on fire", february.error)
            Run._run_due_reports_now()
            Run._run_due_reports_now()
            self.assertEqual(february.attempts, 3)
            self.assertNotIn(february.id, Run._runs_to_process(), "no fourth attempt")
        february.action_regenerate()
        self.assertEqual(february.state, "done")

    @freeze_time("2026-04-05 10:00:00")
    def test_a_run_left_running_by_a_dead_worker_is_retried(self):
        Run = self.env["sale.admin.report.run"]
        run = Run.create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        run.write({"state": "running", "date_started": "2026-04-05 09:00:00"})
        self.assertIn(run.id, Run._runs_to_process())
        run.date_started = "2026-04-05 09:55:00"
        self.assertNotIn(
            run.id, Run._runs_to_process(), "a run started five minutes ago is still working"
        )

    @freeze_time("2026-04-05 10:00:00")
    def test_the_stale_timeout_is_a_system_parameter(self):
        Run = self.env["sale.admin.report.run"]
        run = Run.create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-01-01",
                "date_to": "2026-01-31",
            }
        )
        run.write({"state": "running", "date_started": "2026-04-05 09:55:00"})
        Param = self.env["ir.config_parameter"]
        Param.set_param("sales_admin_reporting.stale_run_minutes", "2")
        self.assertIn(run.id, Run._runs_to_process())
        Param.set_param("sales_admin_reporting.stale_run_minutes", "10")
        self.assertNotIn(run.id, Run._runs_to_process())
        Param.set_param("sales_admin_reporting.stale_run_minutes", "soon")
        self.assertNotIn(run.id, Run._runs_to_process(), "a wrong value falls back to 30 minutes")

    @freeze_time("2026-04-05 10:00:00")
    def test_skip_empty_periods(self):
        self.definition.skip_empty = True
        runs = self.env["sale.admin.report.run"]._run_due_reports_now()
        self.assertEqual(set(runs.mapped("state")), {"skipped"})
        self.assertFalse(runs.attachment_id)

    @freeze_time("2026-04-05 10:00:00")
    def test_generate_now_rejects_bad_periods(self):
        Wizard = self.env["sale.admin.report.generate"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "cannot end before it starts"):
            Wizard.create(
                {
                    "definition_id": self.definition.id,
                    "date_from": "2026-03-10",
                    "date_to": "2026-03-01",
                }
            ).action_generate()
        with self.assertRaisesRegex(UserError, "has not started yet"):
            Wizard.create(
                {
                    "definition_id": self.definition.id,
                    "date_from": "2026-05-01",
                    "date_to": "2026-05-31",
                }
            ).action_generate()
        with self.assertRaises(ValidationError):
            self.env["sale.admin.report.run"].create(
                {
                    "definition_id": self.definition.id,
                    "date_from": "2026-06-01",
                    "date_to": "2026-06-30",
                }
            )
        self.assertFalse(self._runs())

    @freeze_time("2026-04-05 10:00:00")
    def test_generate_now_for_any_range_and_again_returns_the_same_run(self):
        Wizard = self.env["sale.admin.report.generate"].with_user(self.manager)
        action = Wizard.create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-02-10",
                "date_to": "2026-03-20",
            }
        ).action_generate()
        run = self.env["sale.admin.report.run"].browse(action["res_id"])
        self.assertEqual((run.state, run.kind), ("done", "on_demand"))
        again = Wizard.create(
            {
                "definition_id": self.definition.id,
                "date_from": "2026-02-10",
                "date_to": "2026-03-20",
            }
        ).action_generate()
        self.assertEqual(again["params"]["next"]["res_id"], run.id)
