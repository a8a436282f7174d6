"""Overhead of our addons on Odoo's own sales flow: the same orders created, confirmed, invoiced
and paid, order by order, in a database with our addons (a clone of setup/test.sh's template) and
in one with exactly the same Odoo modules and demo data but without ours (built once by this
benchmark with odoo-bin and kept as a template, ``sa_bench_core_<hash>``), in the same run.
Prints both times and query counts per step, their ratios, and the queries our addons add to one
order. Targets: at most 1.10x the time and 1.05x the queries.

Size: SALES_ADMIN_BENCH_ORDERS (default 1,000); SALES_ADMIN_BENCH_ROUNDS (default 2) runs
alternate core and ours and keep each one's fastest time:

    SALES_ADMIN_VENV=/work/main/.venv bash setup/test.sh tests/benchmarks/bench_overhead.py \\
        -o python_files='bench_*.py' -s
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import psycopg2
import pytest

from tests.multiworker import OdooServer, missing_environment

pytestmark = pytest.mark.skipif(
    bool(missing_environment()), reason="needs setup/test.sh's SALES_ADMIN_* variables"
)

ORDERS = int(os.environ.get("SALES_ADMIN_BENCH_ORDERS", "1000"))
ROUNDS = int(os.environ.get("SALES_ADMIN_BENCH_ROUNDS", "2"))
OURS = (
    "sales_admin_base",
    "sales_admin_proposals",
    "sales_admin_proposals_crm",
    "sales_admin_reporting",
    "sales_admin_stock",
    "sales_admin_reporting_proposals",
)
TARGET_TIME, TARGET_QUERIES = 1.10, 1.05
FLOW = Path(__file__).with_name("overhead_flow.py")


def _sql(db, query, params=None):
    conn = psycopg2.connect(dbname=db)
    try:
        conn.autocommit = True
        with conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None
    finally:
        conn.close()


def _core_template():
    """A database with the template's Odoo modules and demo data but none of ours (built once)."""
    template = os.environ["SALES_ADMIN_TEMPLATE_DB"]
    modules = [
        name
        for (name,) in _sql(
            template,
            "SELECT name FROM ir_module_module WHERE state = 'installed' ORDER BY name",
        )
        if name not in OURS
    ]
    odoo_bin = os.environ["SALES_ADMIN_ODOO_BIN"]
    key = hashlib.sha256(f"{odoo_bin}\n{','.join(modules)}".encode()).hexdigest()[:12]
    core = f"sa_bench_core_{key}"
    if _sql("postgres", "SELECT 1 FROM pg_database WHERE datname = %s", [core]):
        return core, modules
    building = f"{core}_build_{os.getpid()}"
    print(f"\nbuilding {core} ({len(modules)} Odoo modules with demo data, once)")
    conf_holder = OdooServer("overhead_build", template=template)
    conf_holder.write_conf()
    try:
        subprocess.run(
            [
                *conf_holder.odoo_bin,
                "-c",
                str(conf_holder.conf),
                "-d",
                building,
                "-i",
                ",".join(modules),
                "--with-demo",
                "--stop-after-init",
                "--log-level=warn",
                "--no-http",
            ],
            check=True,
            timeout=1800,
        )
    finally:
        shutil.rmtree(conf_holder.workdir, ignore_errors=True)
    filestore = conf_holder.filestore
    _sql("postgres", f'ALTER DATABASE "{building}" RENAME TO "{core}"')
    if (filestore / building).is_dir():
        shutil.move(filestore / building, filestore / core)
    return core, modules


def _run_flow(server):
    result = subprocess.run(
        [sys.executable, str(FLOW), str(server.conf), server.db, str(ORDERS)],
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("OVERHEAD-RESULT ")]
    assert result.returncode == 0 and lines, result.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("OVERHEAD-RESULT "))


def test_bench_overhead_on_core_sales_flow():
    core_template, modules = _core_template()
    installed = {
        name
        for (name,) in _sql(
            core_template, "SELECT name FROM ir_module_module WHERE state = 'installed'"
        )
    }
    assert installed == set(modules), "the core database has exactly the template's Odoo modules"
    results = {"core": [], "ours": []}
    for _round in range(ROUNDS):
        for label, template in (("core", core_template), ("ours", None)):
            with OdooServer(f"overhead_{label}", template=template) as server:
                results[label].append(_run_flow(server))

    def best(label):
        runs = results[label]
        seconds = {step: min(run["seconds"][step] for run in runs) for step in runs[0]["seconds"]}
        return seconds, runs[0]["queries"], runs[0]["sample_queries"]

    core_s, core_q, core_sample = best("core")
    ours_s, ours_q, ours_sample = best("ours")
    for label, runs in results.items():
        counts = [run["queries"] for run in runs]
        assert all(count == counts[0] for count in counts), f"{label}: query counts differ by run"
    print(
        f"\nOverhead on Odoo's sales flow, {ORDERS} orders (create, confirm, invoice and post, "
        f"register payment; each step its own transaction), best of {ROUNDS} run(s) each, "
        f"{os.cpu_count()} CPU(s):"
    )
    print(
        f"  {'step':<18} {'core s':>8} {'ours s':>8} {'ratio':>6}   {'core q':>8} {'ours q':>8} {'ratio':>6}  q/order"
    )
    for step in core_s:
        print(
            f"  {step:<18} {core_s[step]:8.1f} {ours_s[step]:8.1f} {ours_s[step] / core_s[step]:6.3f}"
            f"   {core_q[step]:8d} {ours_q[step]:8d} {ours_q[step] / core_q[step]:6.3f}"
            f"  +{(ours_q[step] - core_q[step]) / ORDERS:.1f}"
        )
    total_core_s, total_ours_s = sum(core_s.values()), sum(ours_s.values())
    total_core_q, total_ours_q = sum(core_q.values()), sum(ours_q.values())
    time_ratio, query_ratio = total_ours_s / total_core_s, total_ours_q / total_core_q
    print(
        f"  {'total':<18} {total_core_s:8.1f} {total_ours_s:8.1f} {time_ratio:6.3f}"
        f"   {total_core_q:8d} {total_ours_q:8d} {query_ratio:6.3f}"
        f"  (targets {TARGET_TIME}x time, {TARGET_QUERIES}x queries)"
    )
    print("  queries our addons add to one order, by step:")
    for step, queries in ours_sample.items():
        extra = Counter(queries) - Counter(core_sample.get(step, []))
        missing = Counter(core_sample.get(step, [])) - Counter(queries)
        print(f"  [{step}] +{sum(extra.values())} -{sum(missing.values())}")
        for query, count in extra.most_common():
            print(f"    +{count} {query[:200]}")
        for query, count in missing.most_common():
            print(f"    -{count} {query[:200]}")
