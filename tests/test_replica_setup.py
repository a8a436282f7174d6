"""With SALES_ADMIN_REPLICA=1, setup/test.sh runs the tests next to a real streaming standby of the
private PostgreSQL cluster, and Odoo's configuration names it (db_replica_host/db_replica_port).

These tests prove that the standby replicates the test database (what the primary commits shows
up there, what it has not committed does not), that Odoo 19's `registry.cursor(readonly=True)`
reads from it (seen in the standby's pg_stat_statements, not assumed), that a paused standby lags
while Odoo keeps reading from it (Odoo checks reachability, not lag), and that a stopped standby
sends read-only cursors back to the primary. setup/standby.sh makes the standby stop or lag.
"""

import os
import subprocess
import time
import unittest
import uuid
from contextlib import closing
from pathlib import Path

import psycopg2

from odoo import sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent


def standby(*args):
    """Runs setup/standby.sh (stop, start, pause, resume, wait, ...)."""
    subprocess.run(
        ["bash", str(REPO / "setup" / "standby.sh"), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )


def connect(dbname, readonly=False):
    """An autocommit connection to the primary, or to the replica when `readonly`, with the
    parameters Odoo itself uses (odoo.sql_db.connection_info_for)."""
    _db, info = sql_db.connection_info_for(dbname, readonly=readonly)
    connection = psycopg2.connect(**info)
    connection.autocommit = True
    return connection


def fetch(connection, query, params=()):
    with connection.cursor() as cr:
        cr.execute(query, params)
        return cr.fetchall()


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@tagged("post_install", "-at_install")
@unittest.skipUnless(
    os.environ.get("SALES_ADMIN_REPLICA") == "1",
    "needs the local standby: run SALES_ADMIN_REPLICA=1 setup/test.sh tests/test_replica_setup.py",
)
class TestReplicaSetup(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dbname = cls.env.cr.dbname
        # the test database was cloned on the primary just before pytest started
        standby("wait")
        with closing(connect(cls.dbname)) as primary:
            fetch(
                primary,
                "CREATE TABLE IF NOT EXISTS sales_admin_replica_probe (id serial PRIMARY KEY, marker text); "
                "SELECT 1",
            )
        cls.addClassCleanup(cls._drop_probe_table)

    @classmethod
    def _drop_probe_table(cls):
        with closing(connect(cls.dbname)) as primary:
            fetch(primary, "DROP TABLE IF EXISTS sales_admin_replica_probe; SELECT 1")

    def _commit_marker(self):
        """A row inserted on the primary in a transaction of its own, committed."""
        marker = uuid.uuid4().hex
        with closing(connect(self.dbname)) as primary:
            fetch(
                primary,
                "INSERT INTO sales_admin_replica_probe (marker) VALUES (%s) RETURNING id",
                [marker],
            )
        return marker

    def _on_standby(self, marker):
        with closing(connect(self.dbname, readonly=True)) as replica:
            [(count,)] = fetch(
                replica,
                "SELECT count(*) FROM sales_admin_replica_probe WHERE marker = %s",
                [marker],
            )
        return count == 1

    def _statement_calls(self, readonly):
        """Calls of the probe statement in the test database, from the pg_stat_statements of the
        primary or of the standby (its view is in the "postgres" database)."""
        with closing(connect("postgres", readonly=readonly)) as connection:
            [(calls,)] = fetch(
                connection,
                """
                SELECT COALESCE(SUM(s.calls), 0)
                  FROM pg_stat_statements s
                  JOIN pg_database d ON d.oid = s.dbid
                 WHERE d.datname = %s AND s.query LIKE %s
                """,
                [self.dbname, "SELECT count(*) FROM sales_admin_replica_probe WHERE id > $1%"],
            )
        return int(calls)

    def _server_of(self, cr):
        cr.execute("SELECT pg_is_in_recovery(), current_setting('port')::int, current_database()")
        return cr.fetchone()

    # ------------------------------------------------------------------ tests
    def test_the_standbys_reports_do_not_hold_back_the_primarys_cleanup(self):
        """The standby sends no feedback (its queries never keep old row versions alive on the
        primary), and its replay waits for a conflicting report query up to the lag a report
        accepts by default (300 s) before cancelling it; the primary's slot holds no xmin."""
        with closing(connect("postgres", readonly=True)) as replica:
            settings = dict(
                fetch(
                    replica,
                    "SELECT name, current_setting(name) FROM pg_settings"
                    " WHERE name IN ('hot_standby_feedback', 'max_standby_streaming_delay')",
                )
            )
        self.assertEqual(
            settings, {"hot_standby_feedback": "off", "max_standby_streaming_delay": "5min"}
        )
        with closing(connect("postgres")) as primary:
            [(xmin,)] = fetch(
                primary,
                "SELECT xmin FROM pg_replication_slots WHERE slot_name = 'sales_admin_standby'",
            )
        self.assertIsNone(xmin)

    def test_odoo_is_configured_with_a_streaming_standby_of_the_test_database(self):
        self.assertEqual(config["db_replica_host"], "127.0.0.1")
        self.assertNotEqual(int(config["db_replica_port"]), int(config["db_port"]))
        self.assertIsNotNone(self.registry._db_readonly, "Odoo opened no read-only pool")
        with closing(connect(self.dbname, readonly=True)) as replica:
            [(in_recovery, port, dbname)] = fetch(
                replica,
                "SELECT pg_is_in_recovery(), current_setting('port')::int, current_database()",
            )
        self.assertEqual(
            (in_recovery, port, dbname), (True, int(config["db_replica_port"]), self.dbname)
        )
        with closing(connect(self.dbname)) as primary:
            [(in_recovery,)] = fetch(primary, "SELECT pg_is_in_recovery()")
            streaming = fetch(
                primary,
                "SELECT r.state, s.slot_type FROM pg_stat_replication r"
                " JOIN pg_replication_slots s ON s.active_pid = r.pid",
            )
        self.assertFalse(in_recovery)
        self.assertEqual(streaming, [("streaming", "physical")])

    def test_a_committed_row_reaches_the_standby_and_an_uncommitted_one_does_not(self):
        uncommitted = uuid.uuid4().hex
        with closing(connect(self.dbname)) as primary:
            primary.autocommit = False
            fetch(
                primary,
                "INSERT INTO sales_admin_replica_probe (marker) VALUES (%s) RETURNING id",
                [uncommitted],
            )
            committed = self._commit_marker()
            self.assertTrue(wait_for(lambda: self._on_standby(committed)), "never replicated")
            self.assertFalse(self._on_standby(uncommitted))
            primary.rollback()

    def test_a_readonly_cursor_of_the_registry_reads_from_the_standby(self):
        standby_before, primary_before = self._statement_calls(True), self._statement_calls(False)
        with self.registry.cursor(readonly=True) as cr:
            self.assertEqual(
                self._server_of(cr), (True, int(config["db_replica_port"]), self.dbname)
            )
            for _i in range(5):
                cr.execute("SELECT count(*) FROM sales_admin_replica_probe WHERE id > %s", [0])
        self.assertEqual(self._statement_calls(True) - standby_before, 5)
        self.assertEqual(self._statement_calls(False) - primary_before, 0)
        with self.registry.cursor() as cr:
            self.assertEqual(self._server_of(cr), (False, int(config["db_port"]), self.dbname))

    def test_a_paused_standby_lags_and_odoo_still_reads_from_it(self):
        standby("pause")
        self.addCleanup(standby, "resume")
        with closing(connect("postgres", readonly=True)) as replica:
            self.assertTrue(
                wait_for(
                    lambda: fetch(replica, "SELECT pg_get_wal_replay_pause_state()")[0][0]
                    == "paused"
                )
            )
        marker = self._commit_marker()
        time.sleep(1)
        self.assertFalse(self._on_standby(marker))
        with closing(connect("postgres")) as primary:
            [(behind,)] = fetch(
                primary,
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication",
            )
        self.assertGreater(behind, 0)
        # Odoo only checks that the replica answers: the report must check the lag itself
        with self.registry.cursor(readonly=True) as cr:
            self.assertTrue(self._server_of(cr)[0])
            cr.execute("SELECT count(*) FROM sales_admin_replica_probe WHERE marker = %s", [marker])
            self.assertEqual(cr.fetchone()[0], 0)
        standby("resume")
        self.assertTrue(wait_for(lambda: self._on_standby(marker)), "not replayed after resume")

    def test_a_stopped_standby_sends_readonly_cursors_to_the_primary(self):
        standby("stop")
        self.addCleanup(standby, "start")
        # Odoo avoids a failed replica for 20 minutes; the next tests must try it again
        self.addCleanup(setattr, self.registry, "_db_readonly_failed_time", None)
        with (
            self.assertLogs("odoo.registry", "WARNING") as logs,
            self.registry.cursor(readonly=True) as cr,
        ):
            self.assertEqual(self._server_of(cr), (False, int(config["db_port"]), self.dbname))
        self.assertIn("Failed to open a readonly cursor", logs.output[0])
