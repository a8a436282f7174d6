"""Load on Odoo's multi-process server: concurrent web clients open the complaint list and the
order desk (ours) next to Odoo's own quotation list (core), on a database with many complaints and
orders made by bulk SQL. Prints p50/p95 latency and throughput of each list and ours/core.

Sizes: SALES_ADMIN_BENCH_RECORDS (complaints and orders, default 100,000), SALES_ADMIN_BENCH_CLIENTS
(default 20), SALES_ADMIN_BENCH_SECONDS (default 60), SALES_ADMIN_BENCH_WORKERS (default 4):

    SALES_ADMIN_VENV=/work/main/.venv bash setup/test.sh tests/benchmarks/bench_load.py \\
        -o python_files='bench_*.py' -s

Loopback only; the server is stopped and its database dropped at the end.

test_bench_orders_next_to_a_report: SALES_ADMIN_BENCH_CLIENTS clients create and confirm orders
(JSON-RPC, as the sales admin) on a database holding the report benchmark's dataset
(bench_report.py, BENCH_SIZE, default large), first with no report running, then while a sales
admin makes the quarterly report with the Generate button's code in a process of its own, as an
Odoo cron worker makes the scheduled reports at month end (SALES_ADMIN_BENCH_REPORT_BY=button:
through the button, in one of the server's HTTP workers), and Odoo's read replica computes it,
then with no report again, then while it is made again on the primary (the standby stopped: the
run falls back), then with no report a last time; the report is made again and again while the
orders are. Prints the orders' p50/p95 of the five phases side by side, and how long the reports
took. Needs the local standby (SALES_ADMIN_REPLICA=1); each phase lasts
SALES_ADMIN_BENCH_SECONDS. The standby runs on this machine's CPUs, where a standby on a
machine of its own would take none of them: its query processes are put in a CPU control group of
their own that gets only the CPU nobody else wants (SALES_ADMIN_BENCH_STANDBY_CPU=idle, the default;
"shared" to let them compete), its replay keeps its share. The Odoo server and the report maker
(which stands for one of its cron workers) share one group: the maker's Python takes what the
orders' workers would have. Needs root and cgroup v1's cpu controller (/sys/fs/cgroup/cpu), else
says so and runs without. Prints the CPU seconds each party used in each phase, and what the
primary's sessions waited for while the report ran on the replica. The phases follow
SALES_ADMIN_BENCH_WARM_UP seconds of orders (default 20, not measured: the workers load the
registry); each report phase lies between two phases without a report and its p95 is compared with
that of their orders taken together, so that neither what the database grew nor the time of the
run favours it (the orders of one run speed up from phase to phase by up to 20%)."""

import ast
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import closing, suppress
from datetime import date
from pathlib import Path

import psycopg2
import pytest
import requests
from lxml import etree

from odoo.tools.safe_eval import safe_eval

from tests.benchmarks import bench_report
from tests.multiworker import OdooServer, missing_environment

pytestmark = pytest.mark.skipif(
    bool(missing_environment()), reason="needs setup/test.sh's SALES_ADMIN_* variables"
)

RECORDS = int(os.environ.get("SALES_ADMIN_BENCH_RECORDS", "100000"))
CLIENTS = int(os.environ.get("SALES_ADMIN_BENCH_CLIENTS", "20"))
SECONDS = float(os.environ.get("SALES_ADMIN_BENCH_SECONDS", "60"))
# the CPU of the local standby's queries while the orders are made ("idle": only what nobody else
# wants, as a standby on a machine of its own takes none of the primary's side; "shared": it
# competes for it like any process)
STANDBY_CPU = os.environ.get("SALES_ADMIN_BENCH_STANDBY_CPU", "idle")
CGROUP_CPU = Path("/sys/fs/cgroup/cpu")  # cgroup v1's cpu controller
# who makes the reports: "process", a process of its own as Odoo's cron workers are (the month-end
# scheduled reports), or "button", the Generate button in one of the server's HTTP workers
REPORT_BY = os.environ.get("SALES_ADMIN_BENCH_REPORT_BY", "process")
WORKERS = int(os.environ.get("SALES_ADMIN_BENCH_WORKERS", "4"))
# seconds of orders before the measured phases (the workers' first requests load the registry)
WARM_UP = float(os.environ.get("SALES_ADMIN_BENCH_WARM_UP", "20"))
LOGIN = "sadmin"  # the sales admin: salesperson and responsible admin of the generated orders
TARGET_P95_RATIO = 1.2

# (label, action, list view): what the menu entries open; "core" is the reference
LISTS = [
    ("complaints", "sales_admin_base.sale_complaint_action", None),
    (
        "order desk",
        "sales_admin_base.sale_order_action_desk",
        "sales_admin_base.sale_order_view_list_desk",
    ),
    ("quotations (core)", "sale.action_quotations_with_onboarding", None),
]
# fields the web client's list_activity widget reads besides the activities
ACTIVITY_WIDGET_FIELDS = (
    "activity_exception_decoration",
    "activity_exception_icon",
    "activity_state",
    "activity_summary",
    "activity_type_icon",
    "activity_type_id",
)


def _columns(server, table, exclude):
    rows = server.sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s", [table]
    )
    return [name for (name,) in rows if name not in exclude]


def _generate(server, size):
    """``size`` orders and complaints copied in SQL from a demo order and complaint, spread over
    customers, dates, states and priorities; the sales admin is salesperson and admin of all."""
    uid = server.uid(LOGIN)
    partners = [
        row[0]
        for row in server.sql(
            "SELECT id FROM res_partner WHERE active AND is_company AND customer_rank > 0 "
            "ORDER BY id"
        )
    ] or [server.sql("SELECT min(id) FROM res_partner WHERE active")[0][0]]
    varied = {
        "name": "'LOAD/' || lpad(s::text, 6, '0')",
        "partner_id": "(%(partners)s::int[])[1 + s %% %(count)s]",
        "partner_invoice_id": "(%(partners)s::int[])[1 + s %% %(count)s]",
        "partner_shipping_id": "(%(partners)s::int[])[1 + s %% %(count)s]",
        "user_id": "%(uid)s",
        "sales_admin_id": "%(uid)s",
        "state": "(ARRAY['draft', 'sent', 'sale'])[1 + s %% 3]",
        "date_order": "date_order - s * interval '7 minutes'",
        "access_token": "NULL",
    }
    _copy(server, "sale_order", "state = 'sale'", varied, size, partners, uid)
    varied = {
        "name": "'CLOAD/' || lpad(s::text, 6, '0')",
        "partner_id": "(%(partners)s::int[])[1 + s %% %(count)s]",
        "commercial_partner_id": "(%(partners)s::int[])[1 + s %% %(count)s]",
        "sales_admin_id": "%(uid)s",
        "priority": "(ARRAY['0', '0', '1', '2', '3'])[1 + s %% 5]",
        "is_closed": "s %% 5 = 0",
        "date_open": "date_open - s * interval '7 minutes'",
        "access_token": "NULL",
    }
    _copy(server, "sale_complaint", "NOT is_closed", varied, size, partners, uid)
    server.sql("ANALYZE sale_order")
    server.sql("ANALYZE sale_complaint")


def _copy(server, table, where, varied, size, partners, uid):
    columns = _columns(server, table, {"id"})
    select = [varied.get(name, f'"{name}"') for name in columns]
    template = server.sql(f"SELECT min(id) FROM {table} WHERE {where}")[0][0]  # noqa: S608
    assert template, f"no demo row in {table} to copy"
    query = (
        f"INSERT INTO {table} ({', '.join(f'{chr(34)}{c}{chr(34)}' for c in columns)}) "  # noqa: S608
        f"SELECT {', '.join(select)} FROM {table}, generate_series(1, %(size)s) AS s "
        "WHERE id = %(template)s"
    )
    server.sql(
        query,
        {
            "size": size,
            "template": template,
            "partners": partners,
            "count": len(partners),
            "uid": uid,
        },
    )


class WebClient:
    """What the web client sends when a list opens: web_search_read of the first page with the
    list view's fields, the action's domain and its default filters, over a logged-in session."""

    def __init__(self, server):
        self.server = server
        self.session = requests.Session()
        answer = self._post(
            "/web/session/authenticate", {"db": server.db, "login": LOGIN, "password": LOGIN}
        )
        self.uid = answer["uid"]
        self.context = {**answer["user_context"], "bin_size": True}

    def _post(self, path, params):
        response = self.session.post(
            f"{self.server.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=300,
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"]["message"])
        return answer["result"]

    def call_kw(self, model, method, args, kwargs):
        kwargs = {**kwargs, "context": {**self.context, **kwargs.get("context", {})}}
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def request_for(self, action_xmlid, view_xmlid):
        """The web_search_read call that opening ``action_xmlid`` in list view makes."""
        action = self._post("/web/action/load", {"action_id": action_xmlid})
        model = action["res_model"]
        view_id = False
        if view_xmlid:
            module, name = view_xmlid.split(".")
            view_id = self.server.sql(
                "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", [module, name]
            )[0][0]
        else:
            view_id = next((view for view, mode in action["views"] if mode == "list"), False)
        search_id = action["search_view_id"] and action["search_view_id"][0]
        views = self.call_kw(
            model, "get_views", [[[view_id, "list"], [search_id, "search"]]], {"options": {}}
        )
        fields = views["models"][model]["fields"]
        action_context = ast.literal_eval(action["context"] or "{}")
        specification = self._specification(views["views"]["list"]["arch"], fields)
        domain = self._domain(action, action_context, views["views"]["search"]["arch"])
        return model, {
            "specification": specification,
            "domain": domain,
            "offset": 0,
            "limit": 80,
            "order": "",
            "count_limit": 10001,
            "context": {k: v for k, v in action_context.items() if not k.startswith("search_")},
        }

    @staticmethod
    def _specification(arch, fields):
        spec = {}
        for node in etree.fromstring(arch).iter("field"):
            name = node.get("name")
            field = fields[name]
            if field["type"] in ("many2one", "many2many", "one2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
            if node.get("widget") == "list_activity":
                spec[name] = {"fields": {}}
                for extra in ACTIVITY_WIDGET_FIELDS:
                    spec[extra] = {"fields": {"display_name": {}}} if extra.endswith("_id") else {}
        return spec

    def _domain(self, action, action_context, search_arch):
        """The action's domain and its default filters (evaluated as the web client does)."""
        evaluation = {"uid": self.uid, "context": self.context}
        domain = ast.literal_eval(action["domain"] or "[]")
        defaults = {
            k[len("search_default_") :] for k in action_context if k.startswith("search_default_")
        }
        for node in etree.fromstring(search_arch).iter("filter"):
            if node.get("name") in defaults and node.get("domain"):
                domain = [*domain, *safe_eval(node.get("domain"), evaluation)]
        return domain


def _load(server, requests_by_list, seconds, clients):
    """``clients`` threads, each opening the lists in turn for ``seconds``; latencies per list."""
    latencies = defaultdict(list)
    errors = []
    lock = threading.Lock()
    labels = list(requests_by_list)
    web_clients = [WebClient(server) for _index in range(clients)]  # logged in before the clock
    ready = threading.Barrier(clients + 1)
    deadline = []

    def run(index):
        client = web_clients[index]
        turn = index
        ready.wait()
        while time.monotonic() < deadline[0]:
            label = labels[turn % len(labels)]
            turn += 1
            model, kwargs = requests_by_list[label]
            start = time.perf_counter()
            try:
                client.call_kw(model, "web_search_read", [], kwargs)
            except Exception as error:  # counted and reported below
                with lock:
                    errors.append(f"{label}: {error}")
                continue
            with lock:
                latencies[label].append(time.perf_counter() - start)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    deadline.append(started + seconds)
    ready.wait()
    for thread in threads:
        thread.join()
    return latencies, errors, time.monotonic() - started


def _percentile(values, share):
    return statistics.quantiles(values, n=100, method="inclusive")[share - 1]


def test_bench_list_load():
    with OdooServer("load", workers=WORKERS, cron_threads=0) as server:
        server.sql("UPDATE ir_cron SET active = false")
        server.start()
        generation = time.monotonic()
        _generate(server, RECORDS)
        generation = time.monotonic() - generation
        client = WebClient(server)
        requests_by_list = {
            label: client.request_for(action, view) for label, action, view in LISTS
        }
        for label, (model, kwargs) in requests_by_list.items():
            first = client.call_kw(model, "web_search_read", [], kwargs)
            assert first["records"], f"{label}: the list is empty"
            assert first["length"] > 1000, f"{label}: only {first['length']} records"
        latencies, errors, elapsed = _load(server, requests_by_list, SECONDS, CLIENTS)

        print(
            f"\nLoad: {CLIENTS} clients for {elapsed:.0f} s on {WORKERS} HTTP workers, "
            f"{RECORDS:,} complaints and {RECORDS:,} orders (made in {generation:.0f} s), "
            f"{os.cpu_count()} CPU(s)"
        )
        figures = {}
        for label in requests_by_list:
            values = latencies[label]
            assert values, f"{label}: no request answered"
            figures[label] = (
                _percentile(values, 50),
                _percentile(values, 95),
                len(values) / elapsed,
            )
            p50, p95, rate = figures[label]
            print(
                f"  {label:<18} {len(values):>5} requests  p50 {p50 * 1000:6.0f} ms  "
                f"p95 {p95 * 1000:6.0f} ms  {rate:5.1f} requests/s"
            )
        core = figures["quotations (core)"]
        ratios = {}
        for label in ("complaints", "order desk"):
            p50, p95, rate = figures[label]
            ratios[label] = p95 / core[1]
            print(
                f"  {label} / core: p50 {p50 / core[0]:.2f}x  p95 {p95 / core[1]:.2f}x  "
                f"throughput {rate / core[2]:.2f}x  (target p95 <= {TARGET_P95_RATIO}x)"
            )
        if errors:
            print(f"  {len(errors)} errors, first: {errors[0]}")
        assert not errors


# ---------------------------------------------------------------------- orders next to a report
REPORT_SIZE = os.environ.get("BENCH_SIZE", "large")
REPORT_PERIOD = (date(2025, 10, 1), date(2025, 12, 31))  # the dataset's last quarter
TARGET_REPLICA_P95_RATIO = 1.1
REPO = Path(__file__).resolve().parents[2]
STANDBY = REPO / "setup" / "standby.sh"


def _standby(*args):
    subprocess.run(["bash", str(STANDBY), *args], check=True, capture_output=True, timeout=900)


class CpuGroups:
    """Two CPU control groups for the benchmark's parties, under cgroup v1's cpu controller:
    "app" for the Odoo server and the report maker (a cron worker of that server), "standby"
    for the standby's query processes, which get the CPU only when no other process wants it
    (cpu.idle) as the standby of a machine of its own takes none of the primary's side.

    Process groups are needed where nice values are not enough: Linux groups the processes of a
    session (sched_autogroup, on by default) and shares the CPUs between those groups, whatever
    their nice; PostgreSQL starts every backend and parallel worker in a session of its own, so
    each of the report's query processes got as much CPU as the whole Odoo server. Usable only as
    root with the cpu controller; `reason` says why not otherwise."""

    def __init__(self):
        self.groups = {}
        self.reason = None
        if not (CGROUP_CPU / "cgroup.procs").exists():
            self.reason = f"no cgroup v1 cpu controller at {CGROUP_CPU}"
        elif not os.access(CGROUP_CPU, os.W_OK):
            self.reason = "CPU control groups need root"

    def __enter__(self):
        if self.reason:
            return self
        for name in ("app", "standby"):
            path = CGROUP_CPU / f"sales_admin_bench_{os.getpid()}_{name}"
            path.mkdir(exist_ok=True)
            self.groups[name] = path
        idle = self.groups["standby"] / "cpu.idle"
        if STANDBY_CPU == "idle":
            if idle.exists():
                idle.write_text("1")
            else:  # kernels before 5.15: the smallest share there is
                (self.groups["standby"] / "cpu.shares").write_text("2")
        return self

    def __exit__(self, *exc):
        for path in self.groups.values():
            # a process born in the group while it is emptied: emptied again
            for _attempt in range(10):
                for pid in (path / "cgroup.procs").read_text().split():
                    self.move(CGROUP_CPU, int(pid))
                with suppress(OSError):
                    path.rmdir()
                    break
        return False

    @staticmethod
    def move(path, pid):
        """Moves process `pid` (all its threads) into the group at `path`; its children to come
        are born there."""
        with suppress(ProcessLookupError):  # gone meanwhile
            (path / "cgroup.procs").write_text(str(pid))

    def join(self, name, pid):
        if name in self.groups:
            self.move(self.groups[name], pid)

    def place_standby(self):
        """The standby's postmaster and all its processes but its replay (startup and WAL
        receiver, which a standby does whatever it serves) into the "standby" group: the
        backends and parallel workers it starts from now on are born there. Returns a
        description of what was done, for the printed figures."""
        if self.reason:
            return f"the standby competes for the CPUs ({self.reason})"
        if STANDBY_CPU != "idle":
            return "the standby competes for the CPUs (SALES_ADMIN_BENCH_STANDBY_CPU=shared)"
        from odoo import sql_db

        _db, info = sql_db.connection_info_for("postgres", readonly=True)
        with closing(psycopg2.connect(**info)) as connection, connection.cursor() as cr:
            cr.execute(
                "SELECT pg_backend_pid(), array_agg(pid) FILTER (WHERE backend_type IN "
                "('startup', 'walreceiver')) FROM pg_stat_activity"
            )
            [(backend, replay)] = cr.fetchall()
            # the parent of this very connection's process: a process that cannot be gone
            postmaster = _parent(backend)
        assert postmaster > 1 and b"postgres" in Path(f"/proc/{postmaster}/cmdline").read_bytes()
        replay = set(replay or ())
        children = [
            pid for pid, (parent, _cpu) in _cpu_by_process().items() if parent == postmaster
        ]
        for pid in [postmaster, *children]:
            if pid in replay:
                self.move(CGROUP_CPU, pid)
            else:
                self.join("standby", pid)
        return (
            "the standby's queries get only the CPU nobody else wants (a CPU control group, "
            "cpu.idle; its replay keeps its share)"
        )


def _postmaster(readonly):
    """The pid of the primary's (readonly False) or the standby's postmaster."""
    from odoo import sql_db

    _db, info = sql_db.connection_info_for("postgres", readonly=readonly)
    with closing(psycopg2.connect(**info)) as connection, connection.cursor() as cr:
        cr.execute("SELECT pg_backend_pid()")
        [(backend,)] = cr.fetchall()
        # read while the connection, and so its process, lives
        return _parent(backend)


def _cpu_by_process():
    """{pid: (parent pid, CPU seconds)} of every process: its own CPU time and that of its
    children gone (a PostgreSQL parallel worker's goes to its postmaster when it ends)."""
    ticks = os.sysconf("SC_CLK_TCK")
    processes = {}
    for pid in _all_pids():
        if fields := _stat(pid):
            processes[pid] = (int(fields[1]), sum(int(value) for value in fields[11:15]) / ticks)
    return processes


class CpuMeter:
    """CPU seconds of the benchmark's parties during a phase, each the process tree of one
    process: the Odoo server (its HTTP workers), the primary, the standby, and this process with
    what else it starts (the load generator and a report maker)."""

    def __init__(self, server):
        self.roots = {
            server.process.pid: "Odoo server",
            _postmaster(False): "primary",
            os.getpid(): "load generator and report maker",
        }

    def _used(self):
        processes = _cpu_by_process()
        used = dict.fromkeys(self.roots.values(), 0.0)
        # the whole machine's busy time, to see what the parties leave out
        ticks = os.sysconf("SC_CLK_TCK")
        cpu_line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        # user nice system idle iowait irq softirq steal: busy is all but idle and iowait
        used["machine"] = sum(int(v) for i, v in enumerate(cpu_line[:8]) if i not in (3, 4)) / ticks
        for pid, (_parent_pid, seconds) in processes.items():
            ancestor = pid
            while ancestor not in self.roots and ancestor in processes and ancestor > 1:
                ancestor = processes[ancestor][0]
            if ancestor not in self.roots:
                continue
            label = self.roots[ancestor]
            used[label] += seconds
            if label in ("primary", "standby"):
                # what the database's processes do: sessions, autovacuum, WAL sender...
                kind = f"{label}: {_postgres_kind(pid, pid == ancestor)}"
                used[kind] = used.get(kind, 0.0) + seconds
        return used

    def __enter__(self):
        with suppress(psycopg2.Error, OSError):  # unless stopped for this phase
            self.roots[_postmaster(True)] = "standby"
        self.before = self._used()
        self.used = {}
        return self

    def __exit__(self, *exc):
        after = self._used()
        self.used = {label: after[label] - self.before.get(label, 0.0) for label in after}
        return False

    def __str__(self):
        return ", ".join(
            f"{label} {seconds:.0f}"
            for label, seconds in self.used.items()
            if ":" not in label or seconds >= 0.5
        )


def _postgres_kind(pid, postmaster):
    """What a PostgreSQL process is, from its title: "sessions" for the backends serving
    clients, else its kind (autovacuum worker, walsender...); the postmaster's own figure holds
    its processes that ended (parallel workers, autovacuum workers, closed sessions)."""
    if postmaster:
        return "ended processes"
    try:
        title = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return "ended processes"
    title = title.removeprefix("postgres: ").strip()
    for kind in (
        "autovacuum worker",
        "walsender",
        "parallel worker",
        "walwriter",
        "checkpointer",
        "background writer",
        "startup",
        "walreceiver",
        "autovacuum launcher",
    ):
        if title.startswith(kind):
            return kind
    return "sessions"


class WaitSampler:
    """What the primary's sessions wait for during a phase: pg_stat_activity sampled every
    quarter of a second, each waiting session counted by its wait event, its query and (when it
    waits for a lock) the query of the session that holds it."""

    def __init__(self, server):
        self.server = server
        self.counts = defaultdict(int)
        self.samples = 0

    def _sample(self, stop):
        from odoo import sql_db

        _db, info = sql_db.connection_info_for(self.server.db, readonly=False)
        with closing(psycopg2.connect(**info)) as connection:
            connection.autocommit = True
            with connection.cursor() as cr:
                while not stop.wait(0.25):
                    cr.execute(
                        """
                        SELECT a.wait_event_type || ':' || a.wait_event,
                               left(regexp_replace(a.query, '[[:space:]]+', ' ', 'g'), 90),
                               left(regexp_replace(b.query, '[[:space:]]+', ' ', 'g'), 90)
                          FROM pg_stat_activity a
                          LEFT JOIN pg_stat_activity b ON b.pid = (pg_blocking_pids(a.pid))[1]
                         WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                           AND a.state = 'active' AND a.wait_event_type IS NOT NULL
                        """
                    )
                    self.samples += 1
                    for row in cr.fetchall():
                        self.counts[row] += 1

    def __enter__(self):
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, args=(self.stop,), daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        return False

    def top(self, count=4):
        """The `count` most frequent waits: (share of the samples, event, query, blocker)."""
        ranked = sorted(self.counts.items(), key=lambda item: -item[1])[:count]
        return [(seen / max(self.samples, 1), *key) for key, seen in ranked]


def _stat(pid):
    """The fields of /proc/<pid>/stat after the command (state, ppid, pgrp, session... utime at
    index 11, then stime, cutime and cstime), None when the process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def _parent(pid):
    """The parent process id of `pid` (0 when it is gone)."""
    fields = _stat(pid)
    return int(fields[1]) if fields else 0


def _all_pids():
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()]


def _prepare_orders_database(db, size):
    """The report benchmark's dataset (bulk SQL, committed), a quarterly report definition of
    the main company and customers and products for the orders; returns the latter's ids."""
    from odoo import api
    from odoo.modules.registry import Registry

    registry = Registry(db)
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            admin = env.ref("base.user_admin")
            env = env(user=admin.id, context={"allowed_company_ids": admin.company_id.ids})
            # the dataset generator of bench_report.py, on this database
            bench_report.generate_dataset(env, bench_report.SIZES[size])
            definition = env["sale.admin.report.definition"].create(
                {
                    "name": "Load benchmark report",
                    "company_id": admin.company_id.id,
                    "periodicity": "quarterly",
                    "run_day": 2,
                    "date_start": "2024-01-01",
                    "tz": "UTC",
                    "skip_empty": False,
                    "send_email": False,
                }
            )
            partners = env["res.partner"].create(
                [
                    {"name": f"Load customer {index}", "email": f"load{index}@example.com"}
                    for index in range(50)
                ]
            )
            products = env["product.product"].create(
                [
                    {
                        "name": f"Load product {index}",
                        "list_price": 10.0 + index,
                        "invoice_policy": "order",
                        "type": "consu",
                    }
                    for index in range(10)
                ]
            )
            return definition.id, partners.ids, products.ids
    finally:
        Registry.delete(db)


def _prepare_in_a_process(server, size):
    """_prepare_orders_database in a process of its own (an Odoo registry of the server's
    database cannot load inside pytest-odoo's process); returns what it returns."""
    result = subprocess.run(
        [sys.executable, __file__, str(server.conf), server.db, size],
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("LOAD-PREPARED ")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("LOAD-PREPARED "))


def _order_load(server, partners, products, clients, seconds):
    """``clients`` threads creating and confirming orders for ``seconds`` (from when they are
    all logged in); the seconds each order took (create + confirm), the errors and the elapsed
    time."""
    latencies, errors = [], []
    lock = threading.Lock()
    web_clients = [WebClient(server) for _index in range(clients)]
    ready = threading.Barrier(clients + 1)
    deadline = []

    def run(index):
        client = web_clients[index]
        turn = index
        ready.wait()
        while time.monotonic() < deadline[0]:
            turn += clients
            start = time.perf_counter()
            try:
                order = client.call_kw(
                    "sale.order",
                    "create",
                    [
                        {
                            "partner_id": partners[turn % len(partners)],
                            "order_line": [
                                (0, 0, {"product_id": products[turn % len(products)]}),
                                (0, 0, {"product_id": products[(turn + 3) % len(products)]}),
                            ],
                        }
                    ],
                    {},
                )
                client.call_kw("sale.order", "action_confirm", [[order]], {})
            except Exception as error:  # counted and reported
                with lock:
                    errors.append(str(error))
                continue
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    started = time.monotonic()
    deadline.append(started + seconds)
    ready.wait()
    for thread in threads:
        thread.join()
    return latencies, errors, time.monotonic() - started


def _make_report(server, definition_id):
    """A sales admin makes the quarterly report with the Generate button; the run's id."""
    client = WebClient(server)
    wizard = client.call_kw(
        "sale.admin.report.generate",
        "create",
        [
            {
                "definition_id": definition_id,
                "date_from": str(REPORT_PERIOD[0]),
                "date_to": str(REPORT_PERIOD[1]),
            }
        ],
        {},
    )
    action = client.call_kw("sale.admin.report.generate", "action_generate", [[wizard]], {})
    # a period made again: a notification, then the run's form
    return action.get("params", {}).get("next", action)["res_id"]


def _make_reports(db, definition_id, seconds):
    """The sales admin makes the quarterly report with the Generate button's code again and
    again (at least once) for `seconds`, in this process (as a cron worker of Odoo's would):
    {"seconds": each report's, "run": the run's id}."""
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(db)
    outcome = {"seconds": []}
    deadline = time.monotonic() + seconds
    while not outcome["seconds"] or time.monotonic() < deadline:
        started = time.monotonic()
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            admin = env["res.users"].search([("login", "=", LOGIN)])
            wizard = (
                env["sale.admin.report.generate"]
                .with_user(admin)
                .with_context(allowed_company_ids=admin.company_ids.ids)
                .create(
                    {
                        "definition_id": definition_id,
                        "date_from": str(REPORT_PERIOD[0]),
                        "date_to": str(REPORT_PERIOD[1]),
                    }
                )
            )
            action = wizard.action_generate()
            outcome["run"] = action.get("params", {}).get("next", action)["res_id"]
        outcome["seconds"].append(time.monotonic() - started)
    outcome["cpu"] = time.process_time()
    return outcome


def _orders_during_report(server, groups, definition_id, partners, products):
    """Orders made for SECONDS while a sales admin makes the report again and again (at least
    once): latencies, errors, elapsed time, the seconds of each report, and the run's state and
    computed_on. REPORT_BY "process": the reports are made in a process of their own, as Odoo's
    cron workers make the scheduled ones; "button": through the Generate button, in one of the
    server's HTTP workers, which the orders then lack while a report lasts."""
    if REPORT_BY == "process":
        maker = subprocess.Popen(
            [sys.executable, __file__, str(server.conf), server.db, "report", str(definition_id)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        # a cron worker of the Odoo server: its CPU is the server's
        groups.join("app", maker.pid)
        latencies, errors, elapsed = _order_load(server, partners, products, CLIENTS, SECONDS)
        out, err = maker.communicate(timeout=3600)
        lines = [line for line in out.splitlines() if line.startswith("LOAD-REPORTS ")]
        assert maker.returncode == 0 and lines, f"the report failed: {err[-3000:]}"
        outcome = json.loads(lines[-1].removeprefix("LOAD-REPORTS "))
        [(state, computed_on)] = server.sql(
            "SELECT state, computed_on FROM sale_admin_report_run WHERE id = %s", [outcome["run"]]
        )
        print(f"  (the report maker used {outcome['cpu']:.0f} CPU seconds)")
        return latencies, errors, elapsed, outcome["seconds"], state, computed_on
    outcome = {"seconds": []}
    stop = threading.Event()

    def report():
        while not outcome["seconds"] or not stop.is_set():
            started = time.monotonic()
            try:
                outcome["run"] = _make_report(server, definition_id)
            except Exception as error:  # reported below
                outcome["error"] = str(error)
                return
            outcome["seconds"].append(time.monotonic() - started)

    thread = threading.Thread(target=report)
    thread.start()
    latencies, errors, elapsed = _order_load(server, partners, products, CLIENTS, SECONDS)
    stop.set()
    thread.join()
    assert "error" not in outcome, f"the report failed: {outcome['error']}"
    [(state, computed_on)] = server.sql(
        "SELECT state, computed_on FROM sale_admin_report_run WHERE id = %s", [outcome["run"]]
    )
    return latencies, errors, elapsed, outcome["seconds"], state, computed_on


def _run_phases(server, groups, definition_id, partners, products):
    """The five phases: orders alone, next to reports on the replica, alone, next to reports on
    the primary (the standby stopped), alone again: each report phase between two without a
    report. Returns the phases' orders, their CPU use, what the primary waited for next to the
    replica's reports, and where the standby's CPU comes from."""
    # the Odoo server's master and workers, and the workers it starts later
    for pid in [server.process.pid, *server.worker_pids()]:
        groups.join("app", pid)
    # the standby shares this machine's CPUs: it stands for one on a machine of its own
    placement = groups.place_standby()
    # the workers load the registry and fill their caches: not measured
    _order_load(server, partners, products, CLIENTS, WARM_UP)
    phases, cpu = {}, {}

    def quiet(label):  # a phase of orders without a report
        with CpuMeter(server) as cpu[label]:
            phases[label] = (
                *_order_load(server, partners, products, CLIENTS, SECONDS),
                None,
                None,
                None,
            )

    quiet("no report")
    with CpuMeter(server) as cpu["report on the replica"], WaitSampler(server) as waits:
        phases["report on the replica"] = _orders_during_report(
            server, groups, definition_id, partners, products
        )
    # each report phase is compared with the phases just before and after it
    quiet("no report, between")
    # the standby stopped: Odoo's read-only cursor falls back, and so does the report
    _standby("stop")
    try:
        with CpuMeter(server) as cpu["report on the primary"]:
            phases["report on the primary"] = _orders_during_report(
                server, groups, definition_id, partners, products
            )
    finally:
        _standby("start")
        _standby("wait", "900")
        groups.place_standby()
    # the same as the first phase, last: what the database's growth and the time changed
    quiet("no report, again")
    return phases, cpu, waits, placement


# the phases without a report each phase is compared with: a report phase with the two around it
# (what the database grew and the time of the run then favour neither), a phase without a report
# with all three
REFERENCES = {
    "report on the replica": ("no report", "no report, between"),
    "report on the primary": ("no report, between", "no report, again"),
}
QUIET = ("no report", "no report, between", "no report, again")


def _reference_p95(phases, label):
    """The p95 of the orders of the phases without a report that `label` is compared with."""
    return _percentile(
        [value for quiet in REFERENCES.get(label, QUIET) for value in phases[quiet][0]], 95
    )


def _print_phases(phases, cpu):
    """Prints each phase's orders, latencies, reports and CPU use, each p95 against that of the
    phases without a report around it (REFERENCES); returns all the errors."""
    all_errors = []
    for label, (values, errors, elapsed, seconds, state, computed_on) in phases.items():
        assert values, f"{label}: no order was made"
        p50, p95 = _percentile(values, 50), _percentile(values, 95)
        base_p95 = _reference_p95(phases, label)
        report = (
            f"  {len(seconds)} reports, {statistics.mean(seconds):.1f} s each ({state}, "
            f"computed on the {computed_on})"
            if seconds
            else ""
        )
        print(
            f"  {label:<22} {len(values):>5} orders in {elapsed:4.0f} s  "
            f"p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
            f"p95 {p95 / base_p95:.2f}x{report}"
        )
        all_errors += errors
    print(
        "  (p95 / no report: a report phase against the p95 of the orders of the two phases "
        "without a report around it, a phase without a report against all three)"
    )
    print("  CPU seconds used in each phase, by party:")
    for label, meter in cpu.items():
        print(f"    {label:<22} {meter}")
    return all_errors


@pytest.mark.skipif(
    os.environ.get("SALES_ADMIN_REPLICA") != "1",
    reason="needs the local standby: SALES_ADMIN_REPLICA=1 setup/test.sh ...",
)
def test_bench_orders_next_to_a_report():
    with OdooServer("orders", workers=WORKERS, cron_threads=0) as server:
        server.sql("UPDATE ir_cron SET active = false")
        generation = time.monotonic()
        definition_id, partners, products = _prepare_in_a_process(server, REPORT_SIZE)
        generation = time.monotonic() - generation
        [(lines,)] = server.sql("SELECT count(*) FROM sale_order_line")
        # a live database's tables were vacuumed long ago: autovacuum would otherwise vacuum the
        # freshly written millions of rows during the phases, on the primary and in the replay
        vacuum = time.monotonic()
        server.sql("VACUUM (ANALYZE)")
        vacuum = time.monotonic() - vacuum
        catch_up = time.monotonic()
        _standby("wait", "900")
        catch_up = time.monotonic() - catch_up
        with CpuGroups() as groups:
            server.start()
            phases, cpu, waits, placement = _run_phases(
                server, groups, definition_id, partners, products
            )

        print(
            f"\nOrders next to a report: {CLIENTS} clients creating and confirming orders (2 lines "
            f"each) on {WORKERS} HTTP workers; report dataset '{REPORT_SIZE}' ({lines:,} order "
            f"lines, made in {generation:.0f} s, replayed by the standby {catch_up:.0f} s later, "
            f"vacuumed in {vacuum:.0f} s), "
            f"quarterly report {REPORT_PERIOD[0]} - {REPORT_PERIOD[1]}, {os.cpu_count()} CPU(s), "
            f"{placement}, reports made by {REPORT_BY} (SALES_ADMIN_BENCH_REPORT_BY)"
        )
        all_errors = _print_phases(phases, cpu)
        replica = phases["report on the replica"]
        primary = phases["report on the primary"]
        ratio = _percentile(replica[0], 95) / _reference_p95(phases, "report on the replica")
        print(
            f"  target: p95 with the report on the replica <= {TARGET_REPLICA_P95_RATIO}x "
            f"the p95 without a report around it: {ratio:.2f}x"
        )
        print("  what the primary's sessions waited for, report on the replica (share of samples):")
        for share, event, query, blocker in waits.top(6):
            print(f"    {share:5.2f} {event} {query!r} blocked by {blocker!r}")
        if all_errors:
            print(f"  {len(all_errors)} errors, first: {all_errors[0]}")
        assert not all_errors
        assert (replica[4], replica[5]) == ("done", "replica")
        assert (primary[4], primary[5]) == ("done", "primary")


if __name__ == "__main__":
    # python bench_load.py <odoo.conf> <database> <size>: see _prepare_in_a_process
    from odoo.tools import config

    config.parse_config(["-c", sys.argv[1], "-d", sys.argv[2], "--log-level=warn", "--no-http"])
    if sys.argv[3] == "report":
        # python bench_load.py <odoo.conf> <database> report <definition id>: _make_reports
        print("LOAD-REPORTS " + json.dumps(_make_reports(sys.argv[2], int(sys.argv[4]), SECONDS)))
    else:
        print("LOAD-PREPARED " + json.dumps(_prepare_orders_database(sys.argv[2], sys.argv[3])))
