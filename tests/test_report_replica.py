"""Where a report run computes its figures.

With a read replica in Odoo's configuration (db_replica_host / db_replica_port), the figures of a
report run are computed on a read-only cursor on it, while the run, its file and its log are
written on the primary. A replica that cannot be reached, or lags further behind than
`sales_admin_reporting.replica_max_lag_seconds` allows, sends the work back to the primary and the
run's chatter says why; `computed_on` tells where the figures came from. So does a standby that
has replayed the primary's commits only up to a moment before the end of a period that is over.

TestReportReplicaFallback always runs (a replica on a closed port, and no replica at all).
TestReportOnReplica needs the local standby: SALES_ADMIN_REPLICA=1 setup/test.sh
tests/test_report_replica.py. It reads the standby's and the primary's pg_stat_statements to see
where the report's SELECTs ran, and stops or pauses the standby with setup/standby.sh.
"""

import os
import socket
import threading
import time
import unittest
from contextlib import closing
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, sql_db
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL, config

from .test_replica_setup import connect, fetch, standby, wait_for

PERIOD = ("2026-11-01", "2026-11-30")
RUN_LOGGER = "odoo.addons.sales_admin_reporting.models.sale_admin_report_run"
FALLBACK = "The figures were computed on the primary database"


def closed_port():
    """A loopback TCP port nothing listens on."""
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ReplicaReportCase(TransactionCase):
    """A report definition of the main company (it exists on the standby too: the run's figures
    are computed there, while everything this test transaction creates is only on the primary)
    and a Sales Admin manager who makes its reports with the Generate button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.manager = new_test_user(
            cls.env,
            "replica_report_manager",
            groups="sales_admin_base.group_sales_admin_manager,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.definition = cls.env["sale.admin.report.definition"].create(
            {
                "name": "Replica test report",
                "company_id": cls.company.id,
                "periodicity": "monthly",
                "run_day": 2,
                "date_start": "2026-01-01",
                "tz": "UTC",
                "skip_empty": False,
                "send_email": False,
            }
        )

    def _generate(self):
        """The manager makes the period's report with the Generate button; the run, as read on
        the primary (this test's transaction)."""
        wizard = (
            self.env["sale.admin.report.generate"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.company.ids)
            .create(
                {
                    "definition_id": self.definition.id,
                    "date_from": PERIOD[0],
                    "date_to": PERIOD[1],
                }
            )
        )
        action = wizard.action_generate()
        # a period made again: a notification, then the run's form
        action = action.get("params", {}).get("next", action)
        return self.env["sale.admin.report.run"].browse(action["res_id"])

    def _fallback_notes(self, run):
        return [message.body for message in run.message_ids if FALLBACK in (message.body or "")]


@tagged("post_install", "-at_install")
class TestReportReplicaFallback(ReplicaReportCase):
    def test_without_a_replica_the_report_runs_on_the_primary_without_asking_for_one(self):
        requested = []
        cursor = self.registry.cursor

        def spy(readonly=False):
            requested.append(readonly)
            return cursor(readonly=readonly)

        with (
            patch.dict(config.options, {"db_replica_host": None, "db_replica_port": None}),
            patch.object(self.registry, "cursor", spy),
        ):
            run = self._generate()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.attachment_id)
        self.assertEqual(run.computed_on, "primary")
        self.assertNotIn(True, requested, "no read-only cursor is asked for without a replica")
        self.assertEqual(self._fallback_notes(run), [], "nothing fell back: nothing to say")

    def test_a_replica_that_cannot_be_reached_sends_the_report_to_the_primary_and_says_so(self):
        port = closed_port()
        with patch.dict(config.options, {"db_replica_host": "127.0.0.1", "db_replica_port": port}):
            replica = sql_db.db_connect(self.env.cr.dbname, readonly=True)
        with (
            patch.dict(config.options, {"db_replica_host": "127.0.0.1", "db_replica_port": port}),
            patch.object(self.registry, "_db_readonly", replica),
            patch.object(self.registry, "_db_readonly_failed_time", None),
            self.assertLogs(RUN_LOGGER, "WARNING") as logs,
        ):
            run = self._generate()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.attachment_id)
        self.assertEqual(run.computed_on, "primary")
        [note] = self._fallback_notes(run)
        self.assertIn("the read replica could not be reached", note)
        self.assertIn("the read replica could not be reached", logs.output[0])


@tagged("post_install", "-at_install")
@unittest.skipUnless(
    os.environ.get("SALES_ADMIN_REPLICA") == "1",
    "needs the local standby: run SALES_ADMIN_REPLICA=1 setup/test.sh tests/test_report_replica.py",
)
class TestReportOnReplica(ReplicaReportCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        standby("wait")

    def setUp(self):
        super().setUp()
        # Odoo avoids a replica that failed for 20 minutes: each test tries it again
        self.patch(self.registry, "_db_readonly_failed_time", None)

    def _report_selects(self, readonly):
        """Calls of statements reading the order lines in the test database, from the
        pg_stat_statements of the standby (`readonly`) or of the primary. Every report reads
        them (sales, customers, rankings); nothing else that a run does touches them."""
        with closing(connect("postgres", readonly=readonly)) as connection:
            [(calls,)] = fetch(
                connection,
                """
                SELECT COALESCE(SUM(s.calls), 0)
                  FROM pg_stat_statements s
                  JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = %s AND s.query ILIKE %s AND s.query ILIKE %s
                """,
                [self.env.cr.dbname, "%select%", "%sale_order_line%"],
            )
        return int(calls)

    def _run_on_standby(self, run):
        with closing(connect(self.env.cr.dbname, readonly=True)) as replica:
            [(count,)] = fetch(
                replica, "SELECT count(*) FROM sale_admin_report_run WHERE id = %s", [run.id]
            )
        return count

    def test_the_figures_are_read_on_the_standby_and_the_run_is_written_on_the_primary(self):
        standby_before, primary_before = self._report_selects(True), self._report_selects(False)
        run = self._generate()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.computed_on, "replica")
        self.assertEqual(self._fallback_notes(run), [])
        self.assertGreater(self._report_selects(True) - standby_before, 0)
        self.assertEqual(
            self._report_selects(False) - primary_before, 0, "the primary read no order line"
        )
        # the run, its file and its state are written in the primary's transaction only
        self.env.cr.execute(
            "SELECT state, computed_on, attachment_id IS NOT NULL"
            " FROM sale_admin_report_run WHERE id = %s",
            [run.id],
        )
        self.assertEqual(self.env.cr.fetchall(), [("done", "replica", True)])
        self.assertEqual(self._run_on_standby(run), 0)

    def test_a_stopped_standby_sends_the_report_to_the_primary_and_the_run_says_so(self):
        standby("stop")
        self.addCleanup(standby, "start")
        primary_before = self._report_selects(False)
        with self.assertLogs(RUN_LOGGER, "WARNING"):
            run = self._generate()
        self.assertEqual(run.state, "done")
        self.assertTrue(run.attachment_id)
        self.assertEqual(run.computed_on, "primary")
        [note] = self._fallback_notes(run)
        self.assertIn("the read replica could not be reached", note)
        self.assertGreater(self._report_selects(False) - primary_before, 0)

    def test_a_standby_lagging_past_the_allowed_delay_sends_the_report_to_the_primary(self):
        # something committed on the primary that the paused standby receives but does not replay
        self._pause_behind(self._commit_on_primary)
        # a few seconds behind is within the default delay: the standby still computes
        run = self._generate()
        self.assertEqual(run.computed_on, "replica")
        self.assertEqual(self._fallback_notes(run), [])

        self.env["ir.config_parameter"].set_param(
            "sales_admin_reporting.replica_max_lag_seconds", "0"
        )
        primary_before = self._report_selects(False)
        with self.assertLogs(RUN_LOGGER, "WARNING"):
            run = self._generate()
        self.assertEqual((run.state, run.version, run.computed_on), ("done", 2, "primary"))
        [note] = self._fallback_notes(run)
        self.assertRegex(note, r"the read replica is [\d.]+ seconds behind, more than the 0")
        self.assertGreater(self._report_selects(False) - primary_before, 0)

    def _wait_paused_behind(self, replica):
        """Waits until the standby (the connection `replica`) has paused its replay and received
        WAL it has not replayed."""
        self.assertTrue(
            wait_for(
                lambda: fetch(
                    replica,
                    "SELECT pg_get_wal_replay_pause_state() = 'paused'"
                    " AND pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn()",
                )[0][0]
            ),
            "the standby did not pause, or received nothing new",
        )

    def _pause_behind(self, commit, max_lag=None):
        """Pauses the standby's replay (resumed when the test ends), allows `max_lag` seconds of
        lag (when given), calls `commit` (a transaction committed on the primary) and waits until
        the standby has received it without replaying it."""
        if max_lag is not None:
            self.env["ir.config_parameter"].set_param(
                "sales_admin_reporting.replica_max_lag_seconds", str(max_lag)
            )
        standby("pause")
        self.addCleanup(standby, "resume")
        commit()
        with closing(connect("postgres", readonly=True)) as replica:
            self._wait_paused_behind(replica)

    def _commit_on_primary(self):
        """A transaction of its own committed on the primary, which the standby then receives."""
        with closing(connect(self.env.cr.dbname)) as primary:
            fetch(primary, "SELECT txid_current()")

    def test_a_standby_behind_the_end_of_a_period_that_is_over_sends_the_report_to_the_primary(
        self,
    ):
        # a day of lag is allowed: only the period's end can send the report to the primary
        self._pause_behind(self._commit_on_primary, max_lag=86400)
        with closing(connect("postgres", readonly=True)) as replica:
            [(replayed, now)] = fetch(
                replica,
                "SELECT pg_last_xact_replay_timestamp() AT TIME ZONE 'UTC',"
                " clock_timestamp() AT TIME ZONE 'UTC'",
            )
        self.assertIsNotNone(replayed, "the standby has replayed no transaction")
        # Periods end at a local midnight. The moment the period ends here lies between the
        # standby's last replayed commit and a commit it has not replayed, as when the standby
        # fell behind before a midnight: the primary has data of the period the standby lacks.
        # Only the end is set (`_period_end`); what the rule compares it with is the standby's.
        end = replayed.replace(microsecond=0) + timedelta(seconds=1)
        time.sleep(max((end - now).total_seconds(), 0.0) + 0.1)
        self._commit_on_primary()

        # the paused standby holds November's data: it computes November's report
        run = self._generate()
        self.assertEqual(run.computed_on, "replica")
        self.assertEqual(self._fallback_notes(run), [])

        # the same standby, once the period ended after its last replayed commit: the primary
        Run = type(self.env["sale.admin.report.run"])
        self.patch(Run, "_period_end", lambda run: end)
        standby_before, primary_before = self._report_selects(True), self._report_selects(False)
        with self.assertLogs(RUN_LOGGER, "WARNING") as logs:
            run = self._generate()
        self.assertEqual((run.state, run.version, run.computed_on), ("done", 2, "primary"))
        [note] = self._fallback_notes(run)
        self.assertIn(
            f"the read replica holds the data up to {replayed.replace(microsecond=0)} (UTC) only,"
            f" before the end of the period ({end} UTC)",
            note,
        )
        self.assertNotIn("seconds behind", note)
        self.assertIn("before the end of the period", logs.output[0])
        self.assertGreater(self._report_selects(False) - primary_before, 0)
        self.assertEqual(self._report_selects(True) - standby_before, 0, "the standby read nothing")

        # caught up, the same standby computes the same period's report again
        standby("resume")
        standby("wait")
        standby_before, primary_before = self._report_selects(True), self._report_selects(False)
        run = self._generate()
        self.assertEqual((run.version, run.computed_on), (3, "replica"), self._fallback_notes(run))
        self.assertEqual(len(self._fallback_notes(run)), 1, "no new fallback note")
        self.assertGreater(self._report_selects(True) - standby_before, 0)
        self.assertEqual(self._report_selects(False) - primary_before, 0)

    def _commit_complaint_on_primary(self):
        """A complaint of the period committed on the primary by a connection of its own (so
        that the standby can replay it), deleted again, committed too, when the test ends."""
        with closing(connect(self.env.cr.dbname)) as primary:
            [(complaint_id,)] = fetch(
                primary,
                """
                INSERT INTO sale_complaint (name, subject, company_id, channel, priority,
                                            date_open, partner_id, commercial_partner_id, active)
                VALUES ('REPLICA/1', 'Committed while the standby was paused', %s, 'email', '0',
                        '2026-11-15 10:00:00', %s, %s, true)
                RETURNING id
                """,
                [self.company.id, self.company.partner_id.id, self.company.partner_id.id],
            )

        def delete():
            with closing(connect(self.env.cr.dbname)) as primary:
                fetch(
                    primary, "DELETE FROM sale_complaint WHERE id = %s RETURNING id", [complaint_id]
                )

        self.addCleanup(delete)
        return complaint_id

    def test_a_standby_a_moment_behind_is_waited_for_and_computes_what_was_committed(self):
        """A standby that has not replayed the primary's last commit yet is given a moment to:
        the report is then computed on it, with every transaction committed on the primary
        before the report began, although no lag at all is allowed."""
        run = self._generate()
        self.assertEqual(run.computed_on, "replica")
        before = run._report_figures()["kpis"]["complaints_opened"]
        self._pause_behind(self._commit_complaint_on_primary, max_lag=0)
        # replay resumes half a second after the report has started to check the standby
        resume = threading.Timer(0.5, standby, ["resume"])
        resume.start()
        try:
            data = run._report_figures()
        finally:
            resume.join()
        self.assertEqual(run.computed_on, "replica", self._fallback_notes(run))
        self.assertEqual(self._fallback_notes(run), [])
        self.assertEqual(
            data["kpis"]["complaints_opened"],
            before + 1,
            "the complaint committed before the report began is counted",
        )

    def _create_table_on_both(self, table):
        """A table of its own committed on the primary and replayed on the standby (dropped again,
        if it still exists, when the test ends)."""
        with closing(connect(self.env.cr.dbname)) as primary:
            fetch(primary, f"CREATE TABLE {table} (id int); SELECT 1")

        def drop():
            with closing(connect(self.env.cr.dbname)) as primary:
                fetch(primary, f"DROP TABLE IF EXISTS {table}; SELECT 1")

        self.addCleanup(drop)
        standby("wait")

    def test_a_report_cancelled_by_the_standby_for_its_replay_is_made_on_the_primary(self):
        """A standby cancels a query that holds its replay up for longer than it may wait
        (max_standby_streaming_delay: 300 s as set up, 1 s here). The report whose query it
        cancelled is then made on the primary, and the run says why."""
        standby("conflict-wait", "1")
        self.addCleanup(standby, "conflict-wait", "300")
        probe = "sales_admin_replay_conflict_probe"
        self._create_table_on_both(probe)
        Run = type(self.env["sale.admin.report.run"])
        compute = Run._compute_report_data
        on_standby = []

        def held_up_by_the_replay(run, env=None):
            if env is not None and env.cr.readonly:
                on_standby.append(run.id)
                # the report holds a lock on a table until its transaction ends...
                env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(probe)))
                # ... which the primary drops: replaying the drop must wait for the report...
                with closing(connect(self.env.cr.dbname)) as primary:
                    fetch(primary, f"DROP TABLE {probe}; SELECT 1")
                # ... while a query of the report runs longer than the replay may wait
                env.cr.execute(SQL("SELECT pg_sleep(20)"))
            return compute(run, env)

        self.patch(Run, "_compute_report_data", held_up_by_the_replay)
        primary_before = self._report_selects(False)
        started = time.monotonic()
        with (
            self.assertLogs(RUN_LOGGER, "WARNING") as logs,
            self.assertLogs("odoo.sql_db", "ERROR") as query_errors,
        ):
            run = self._generate()
        self.assertEqual(len(on_standby), 1, "the report was started on the standby")
        self.assertLess(time.monotonic() - started, 20, "the standby cancelled the report's query")
        self.assertIn("conflict with recovery", query_errors.output[0])
        self.assertEqual((run.state, run.computed_on), ("done", "primary"))
        self.assertTrue(run.attachment_id)
        [note] = self._fallback_notes(run)
        self.assertIn("the read replica failed while computing them", note)
        self.assertIn("conflict with recovery", note)
        self.assertIn("failed while computing them", logs.output[0])
        self.assertGreater(self._report_selects(False) - primary_before, 0)
        # the standby goes on replaying once the report's query is gone
        standby("wait")
