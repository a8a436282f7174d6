"""Faults on Odoo's multi-process server: the report cron and the SLA and escalation crons run
concurrently in two cron workers, the worker making a report is killed with SIGKILL in the middle
of a run, the master starts a new one, and nothing is lost or done twice.

Runs from setup/test.sh (it exports the template database, configuration and odoo-bin); takes
about a minute, on a database of its own that is dropped at the end."""

import os
import signal
import time
from datetime import date, timedelta

import psutil
import pytest
from dateutil.relativedelta import relativedelta

from tests.multiworker import OdooServer, missing_environment, wait_until

pytestmark = pytest.mark.skipif(
    bool(missing_environment()), reason="needs setup/test.sh's SALES_ADMIN_* variables"
)

REPORT_CRON = "sales_admin_reporting.ir_cron_sale_admin_report_run"
SLA_CRON = "sales_admin_base.ir_cron_sale_complaint_sla"
ESCALATION_CRON = "sales_admin_base.ir_cron_sale_admin_request_escalate"
CATCH_UP_MONTHS = 4  # each new definition has this many monthly periods to make at once
COMPLAINTS = 10
REQUESTS = 4
STALE_MINUTES = 1


def _ref(server, xmlid):
    module, name = xmlid.split(".")
    rows = server.sql(
        "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", [module, name]
    )
    return rows[0][0]


def _prepare(server):
    """Report definitions with months to catch up, one run left "running" by a dead worker long
    ago, complaints past their SLA in a category that escalates, and overdue rep requests."""
    call = server.call
    company_id = 1
    manager = call("admin", "res.users", "search", [("login", "=", "smanager")])[0]
    adviser = call(
        "admin", "res.partner", "create", {"name": "Outside adviser", "email": "adv@example.com"}
    )
    call("admin", "res.users", "write", [manager], {"email": "smanager@example.com"})
    first = date.today().replace(day=1) - relativedelta(months=CATCH_UP_MONTHS)
    definitions = call(
        "admin",
        "sale.admin.report.definition",
        "create",
        [
            {
                "name": f"Fault test report {index}",
                "company_id": company_id,
                "periodicity": "monthly",
                "run_day": 1,
                "date_start": first.isoformat(),
                "tz": "UTC",
                "skip_empty": False,
                "recipient_user_ids": [(6, 0, [manager])],
                "recipient_partner_ids": [(6, 0, [adviser])],
            }
            for index in range(3)
        ],
    )
    # a run left "running" by a worker that died long ago (before the stale timeout)
    stale_run = call(
        "admin",
        "sale.admin.report.run",
        "create",
        {
            "definition_id": definitions[0],
            "date_from": first.isoformat(),
            "date_to": (first + relativedelta(months=1, days=-1)).isoformat(),
        },
    )
    server.sql(
        "UPDATE sale_admin_report_run SET state = 'running', "
        "date_started = now() AT TIME ZONE 'UTC' - interval '10 minutes' WHERE id = %s",
        [stale_run],
    )
    call(
        "admin",
        "ir.config_parameter",
        "set_param",
        "sales_admin_reporting.stale_run_minutes",
        str(STALE_MINUTES),
    )

    # escalation levels with someone to decide
    levels = call("admin", "sale.admin.escalation.level", "search", [])
    call("admin", "sale.admin.escalation.level", "write", levels, {"user_id": manager})
    category = call(
        "admin",
        "sale.complaint.category",
        "create",
        {"name": "Fault test: escalates", "escalate_on_breach": True},
    )
    sadmin = call("admin", "res.users", "search", [("login", "=", "sadmin")])[0]
    customer = call(
        "admin", "res.partner", "create", {"name": "Fault test customer", "sales_admin_id": sadmin}
    )
    complaints = call(
        "admin",
        "sale.complaint",
        "create",
        [
            {"subject": f"Broken {index}", "partner_id": customer, "category_id": category}
            for index in range(COMPLAINTS)
        ],
    )
    # received a month ago: both SLA deadlines passed, flags not refreshed yet
    server.sql(
        "UPDATE sale_complaint SET "
        "date_open = date_open - interval '30 days', "
        "date_response_risk = now() AT TIME ZONE 'UTC' - interval '21 days', "
        "date_response_deadline = now() AT TIME ZONE 'UTC' - interval '20 days', "
        "date_resolution_risk = now() AT TIME ZONE 'UTC' - interval '11 days', "
        "date_resolution_deadline = now() AT TIME ZONE 'UTC' - interval '10 days' "
        "WHERE id = ANY(%s)",
        [complaints],
    )
    assert server.sql(
        "SELECT count(*) FROM sale_complaint WHERE id = ANY(%s) AND sla_policy_id IS NOT NULL "
        "AND NOT sla_breached AND NOT response_breached",
        [complaints],
    )[0][0] == len(complaints), "the complaints need an SLA policy and unrefreshed flags"

    request_type = _ref(server, "sales_admin_base.sale_admin_request_type_customer_issue")
    requests = call(
        "admin",
        "sale.admin.request",
        "create",
        [
            {"subject": f"Please check {index}", "type_id": request_type}
            for index in range(REQUESTS)
        ],
    )
    server.sql(
        "UPDATE sale_admin_request SET date_level_deadline = now() AT TIME ZONE 'UTC' - interval '1 day' "
        "WHERE id = ANY(%s)",
        [requests],
    )
    return definitions, stale_run, complaints, requests


def _expected_periods(server, definitions):
    """(definition, date_from) of every period due: the same rule as the model, read over RPC."""
    today = date.today()
    expected = set()
    for definition in definitions:
        start = date.fromisoformat(
            server.call(
                "admin", "sale.admin.report.definition", "read", [definition], ["date_start"]
            )[0]["date_start"]
        )
        while start + relativedelta(months=1) <= today:  # run day 1: the day after the period
            expected.add((definition, start))
            start += relativedelta(months=1)
    return expected


def _trigger(server, *xmlids):
    ids = [_ref(server, xmlid) for xmlid in xmlids]
    server.sql(
        "UPDATE ir_cron SET active = true, nextcall = now() AT TIME ZONE 'UTC' - interval '1 minute' "
        "WHERE id = ANY(%s)",
        [ids],
    )
    server.wake_crons()


def _report_backend(server):
    """The PostgreSQL backend of a transaction that holds a report run claimed (FOR UPDATE)."""
    rows = server.sql(
        "SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
        "JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE c.relname = 'sale_admin_report_run' AND l.mode = 'RowShareLock' "
        "AND l.granted AND a.datname = %s",
        [server.db],
    )
    return rows[0][0] if rows else None


def _done_runs(server, definitions):
    return server.sql(
        "SELECT count(*) FROM sale_admin_report_run WHERE definition_id = ANY(%s) "
        "AND state = 'done'",
        [definitions],
    )[0][0]


def _assert_once(server, definitions, expected, stale_run):
    """Exactly one run per definition and period, all done, and one e-mail per recipient."""
    runs = server.sql(
        "SELECT id, definition_id, date_from, state FROM sale_admin_report_run "
        "WHERE definition_id = ANY(%s)",
        [definitions],
    )
    assert sorted((row[1], row[2]) for row in runs) == sorted(expected)
    assert {row[3] for row in runs} == {"done"}
    assert stale_run in {row[0] for row in runs}, "the stale run was retried, not duplicated"
    assert not server.sql("SELECT id FROM sale_admin_report_run WHERE state = 'running'")

    # one e-mail per recipient per run
    mails = server.sql(
        "SELECT msg.res_id, r.res_partner_id, count(*) FROM mail_mail m "
        "JOIN mail_message msg ON msg.id = m.mail_message_id "
        "JOIN mail_mail_res_partner_rel r ON r.mail_mail_id = m.id "
        "WHERE msg.model = 'sale.admin.report.run' AND msg.res_id = ANY(%s) "
        "GROUP BY msg.res_id, r.res_partner_id",
        [[row[0] for row in runs]],
    )
    assert all(count == 1 for _run, _partner, count in mails), mails
    per_run = {}
    for run, _partner, _count in mails:
        per_run[run] = per_run.get(run, 0) + 1
    assert per_run == {row[0]: 2 for row in runs}, "manager and adviser, once each"


def _assert_escalations_once(server, complaints, requests):
    """Every complaint breached once: one to-do and one escalation each; no duplicates."""
    duplicated_activities = server.sql(
        "SELECT res_model, res_id, activity_type_id, user_id, summary, count(*) "
        "FROM mail_activity GROUP BY 1, 2, 3, 4, 5 HAVING count(*) > 1"
    )
    assert not duplicated_activities
    complaint_todos = server.sql(
        "SELECT count(*) FROM mail_activity WHERE res_model = 'sale.complaint' "
        "AND res_id = ANY(%s)",
        [complaints],
    )[0][0]
    assert complaint_todos == len(complaints)
    escalated = server.sql(
        "SELECT res_id, count(*) FROM sale_admin_request WHERE res_model = 'sale.complaint' "
        "AND res_id = ANY(%s) GROUP BY res_id",
        [complaints],
    )
    assert len(escalated) == len(complaints) and all(count == 1 for _c, count in escalated)
    assert not server.sql(
        "SELECT request_id, level_id FROM sale_admin_request_escalation "
        "GROUP BY 1, 2 HAVING count(*) > 1"
    )
    assert server.sql(
        "SELECT count(DISTINCT request_id) FROM sale_admin_request_escalation "
        "WHERE request_id = ANY(%s)",
        [requests],
    )[0][0] == len(requests)


def test_killed_report_worker_loses_nothing_and_doubles_nothing():
    with OdooServer("faults", workers=2, cron_threads=2) as server:
        # only the crons under test run, and only when the test says so
        server.sql("UPDATE ir_cron SET active = false")
        server.sql("DELETE FROM ir_cron_trigger")
        server.start()
        definitions, stale_run, complaints, requests = _prepare(server)
        expected = _expected_periods(server, definitions)
        assert len(expected) == 3 * CATCH_UP_MONTHS
        started = time.monotonic()
        _trigger(server, REPORT_CRON, SLA_CRON, ESCALATION_CRON)

        # a cron worker is making a report and at least one other run is committed already
        def mid_run():
            backend = _report_backend(server)
            if backend and _done_runs(server, definitions) >= 1:
                pid = server.odoo_pid_of_backend(backend)
                if pid and _report_backend(server) == backend:
                    return pid
            return None

        victim = wait_until(mid_run, 120, 0.05, "a report run in progress")
        workers_before = server.worker_pids()
        done_before = _done_runs(server, definitions)
        os.kill(victim, signal.SIGKILL)
        wait_until(
            lambda: not psutil.pid_exists(victim)
            or psutil.Process(victim).status() == psutil.STATUS_ZOMBIE,
            10,
            what="the worker's death",
        )
        assert done_before < len(expected), "the kill must come before the last run"

        # the master starts a new cron worker; the runs go on
        wait_until(
            lambda: len(server.worker_pids() - workers_before - {victim}) >= 1,
            60,
            0.2,
            "a new worker",
        )

        def all_done():
            states = dict(
                server.sql(
                    "SELECT state, count(*) FROM sale_admin_report_run "
                    "WHERE definition_id = ANY(%s) GROUP BY state",
                    [definitions],
                )
            )
            complaints_left = server.sql(
                "SELECT count(*) FROM sale_complaint WHERE id = ANY(%s) AND NOT sla_breached",
                [complaints],
            )[0][0]
            requests_left = server.sql(
                "SELECT count(*) FROM sale_admin_request WHERE id = ANY(%s) "
                "AND escalation_level_id IS NOT NULL AND date_level_deadline < now() AT TIME ZONE 'UTC' "
                "AND next_level_id IS NOT NULL AND state IN ('new', 'escalated')",
                [requests],
            )[0][0]
            if states.get("done", 0) == len(expected) and not complaints_left and not requests_left:
                return True
            # the killed job is due again; wake the cron workers rather than wait for their minute
            server.wake_crons()
            return False

        try:
            wait_until(all_done, 150, 1, "every run made, every SLA and escalation handled")
        except TimeoutError as error:
            raise AssertionError(f"{error}\n{server.log_tail()}") from error

        _assert_once(server, definitions, expected, stale_run)
        _assert_escalations_once(server, complaints, requests)
        assert time.monotonic() - started < timedelta(minutes=3).total_seconds()
