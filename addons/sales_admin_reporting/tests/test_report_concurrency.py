"""Two workers at once, on real, separate database connections (outside the test transaction)."""
# pylint: disable=invalid-commit
# (the commits below are on separate connections that play two cron workers, never on the test's own)

import threading

import psycopg2

from odoo.sql_db import db_connect
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestReportConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.db = db_connect(self.env.cr.dbname)
        with self.db.cursor() as cr:
            cr.execute(
                """INSERT INTO sale_admin_report_definition
                       (name, company_id, periodicity, run_day, date_start, tz, active, send_email, skip_empty)
                   VALUES ('{"en_US": "Concurrency"}', %s, 'monthly', 1, '2026-01-01', 'UTC', false, false, false)
                   RETURNING id""",
                [self.env.company.id],
            )
            self.definition_id = cr.fetchone()[0]
            cr.commit()

        def cleanup():
            with self.db.cursor() as cr:
                cr.execute(
                    "DELETE FROM sale_admin_report_definition WHERE id = %s", [self.definition_id]
                )
                cr.commit()

        self.addCleanup(cleanup)

    def _insert_run(self, cr):
        cr.execute(
            """INSERT INTO sale_admin_report_run (definition_id, company_id, date_from, date_to, kind, state)
               VALUES (%s, %s, '2026-01-01', '2026-01-31', 'scheduled', 'pending') RETURNING id""",
            [self.definition_id, self.env.company.id],
        )
        return cr.fetchone()[0]

    def test_two_workers_creating_the_same_period_make_one_run(self):
        outcome = {}
        with self.db.cursor() as first:
            self._insert_run(first)  # not committed yet: the second worker must wait for it

            def second_worker():
                with self.db.cursor() as second:
                    try:
                        self._insert_run(second)
                        second.commit()
                        outcome["second"] = "inserted"
                    except psycopg2.errors.UniqueViolation:
                        second.rollback()
                        outcome["second"] = "refused"

            thread = threading.Thread(target=second_worker)
            thread.start()
            thread.join(timeout=1)
            self.assertTrue(thread.is_alive(), "the second insert waits for the first transaction")
            first.commit()
            thread.join(timeout=30)
        self.assertEqual(outcome["second"], "refused")
        with self.db.cursor() as cr:
            cr.execute(
                "SELECT COUNT(*) FROM sale_admin_report_run WHERE definition_id = %s",
                [self.definition_id],
            )
            self.assertEqual(cr.fetchone()[0], 1)

    def test_a_run_claimed_by_one_worker_is_skipped_by_the_other(self):
        with self.db.cursor() as cr:
            run_id = self._insert_run(cr)
            cr.commit()
        claim = "SELECT id FROM sale_admin_report_run WHERE id = %s AND state != 'done' FOR UPDATE SKIP LOCKED"
        with self.db.cursor() as first, self.db.cursor() as second:
            first.execute(claim, [run_id])
            self.assertEqual(first.fetchall(), [(run_id,)])
            second.execute(claim, [run_id])
            self.assertEqual(
                second.fetchall(), [], "the other worker does not wait, it skips the run"
            )
            first.rollback()
            second.execute(claim, [run_id])
            self.assertEqual(
                second.fetchall(), [(run_id,)], "once released, the run can be claimed"
            )
            second.rollback()
