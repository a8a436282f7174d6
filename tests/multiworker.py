"""A multi-process Odoo server (``--workers``) on a database of its own, for fault tests and load
benchmarks: clones setup/test.sh's template database, serves it on a free loopback port, and
drops it again. setup/test.sh exports what it needs (SALES_ADMIN_TEMPLATE_DB, ..._ODOO_CONF,
..._FILESTORE, ..._ODOO_BIN)."""

import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import requests

ENV_VARS = (
    "SALES_ADMIN_TEMPLATE_DB",
    "SALES_ADMIN_ODOO_CONF",
    "SALES_ADMIN_FILESTORE",
    "SALES_ADMIN_ODOO_BIN",
)


def missing_environment():
    """The variables setup/test.sh sets that are missing (a test skips itself without them)."""
    return [name for name in ENV_VARS if not os.environ.get(name)]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, interval=0.2, what="condition"):
    """Poll ``predicate`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} not reached within {timeout} s")
        time.sleep(interval)


class OdooServer:
    """``with OdooServer("fault") as server:`` clones the template into ``server.db``; then
    ``server.start()`` serves it with ``workers`` HTTP workers and ``cron_threads`` cron workers."""

    def __init__(self, label, workers=2, cron_threads=2, options=None, template=None):
        self.db = f"sa_{label}_{os.getpid()}"
        self.template = template or os.environ["SALES_ADMIN_TEMPLATE_DB"]
        self.filestore = Path(os.environ["SALES_ADMIN_FILESTORE"])
        self.odoo_bin = shlex.split(os.environ["SALES_ADMIN_ODOO_BIN"])
        self.workers = workers
        self.cron_threads = cron_threads
        self.options = options or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        workdir = Path(tempfile.gettempdir()) / self.db
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.conf = workdir / "odoo.conf"
        self.log = workdir / "odoo.log"
        self.process = None
        self._sql = None

    # ------------------------------------------------------------------ database
    def __enter__(self):
        self.drop()
        subprocess.run(["createdb", "-T", self.template, self.db], check=True)
        source = self.filestore / self.template
        if source.is_dir():
            shutil.copytree(source, self.filestore / self.db)
        self.write_conf()
        return self

    def __exit__(self, *exc):
        try:
            self.stop()
        finally:
            if self._sql is not None:
                self._sql.close()
                self._sql = None
            self.drop()
            if not exc[0] and not os.environ.get("SALES_ADMIN_KEEP_LOG"):
                shutil.rmtree(self.workdir, ignore_errors=True)

    def drop(self):
        conn = psycopg2.connect(dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                    [self.db],
                )
                cr.execute(f'DROP DATABASE IF EXISTS "{self.db}"')
        finally:
            conn.close()
        shutil.rmtree(self.filestore / self.db, ignore_errors=True)

    def sql(self, query, params=None):
        """Run ``query`` in autocommit on the server's database; rows when it returns some."""
        if self._sql is None or self._sql.closed:
            self._sql = psycopg2.connect(dbname=self.db)
            self._sql.autocommit = True
        with self._sql.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchall() if cr.description else None

    def wake_crons(self):
        """What ir.cron._trigger() does after its commit: cron workers LISTEN on the postgres
        database, so the notification goes there (a NOTIFY is local to one database)."""
        conn = psycopg2.connect(dbname="postgres")
        try:
            conn.autocommit = True
            with conn.cursor() as cr:
                cr.execute("SELECT pg_notify('cron_trigger', %s)", [self.db])
        finally:
            conn.close()

    def write_conf(self):
        lines = [
            line
            for line in Path(os.environ["SALES_ADMIN_ODOO_CONF"]).read_text().splitlines()
            if line.split("=")[0].strip()
            not in {"http_port", "http_interface", "db_name", "dbfilter", "workers", "logfile"}
            | set(self.options)
        ]
        options = {
            "http_port": self.port,
            "http_interface": "127.0.0.1",
            "db_name": self.db,
            "dbfilter": f"^{self.db}$",
            "workers": self.workers,
            "max_cron_threads": self.cron_threads,
            "logfile": self.log,
            "limit_time_real": 600,
            "limit_time_cpu": 600,
            **self.options,
        }
        lines += [f"{key} = {value}" for key, value in options.items()]
        self.conf.write_text("\n".join(lines) + "\n")
        self.conf.chmod(0o600)

    # ------------------------------------------------------------------ server
    def start(self, timeout=180):
        self.process = subprocess.Popen(
            [
                *self.odoo_bin,
                "-c",
                str(self.conf),
                "--log-level=warn",
                "--log-handler=odoo.addons.base.models.ir_cron:INFO",
                "--log-handler=odoo.addons.rpc.controllers.jsonrpc:ERROR",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self._healthy, timeout, 0.5, "Odoo answering /web/health")

    def _healthy(self):
        if self.process.poll() is not None:
            raise RuntimeError(f"Odoo exited with {self.process.returncode}:\n{self.log_tail()}")
        try:
            return requests.get(f"{self.url}/web/health", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def log_tail(self, lines=40):
        if not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def worker_pids(self):
        """The pids of the master's children (HTTP and cron workers)."""
        import psutil

        return {child.pid for child in psutil.Process(self.process.pid).children()}

    def odoo_pid_of_backend(self, backend_pid):
        """The Odoo process whose PostgreSQL connection is served by ``backend_pid``."""
        import psutil

        rows = self.sql("SELECT client_port FROM pg_stat_activity WHERE pid = %s", [backend_pid])
        if not rows or rows[0][0] is None:
            return None
        port = rows[0][0]
        for child in psutil.Process(self.process.pid).children():
            try:
                connections = getattr(child, "net_connections", child.connections)("tcp")
                if any(conn.laddr.port == port for conn in connections):
                    return child.pid
            except psutil.NoSuchProcess:
                continue
        return None

    # ------------------------------------------------------------------ JSON-RPC
    def call(self, login, model, method, *args, **kwargs):
        """``execute_kw`` over JSON-RPC as ``login`` (the demo passwords equal the logins)."""
        uid = self.uid(login)
        return self.jsonrpc(
            "object", "execute_kw", self.db, uid, login, model, method, list(args), kwargs
        )

    def uid(self, login):
        cache = self.__dict__.setdefault("_uids", {})
        if login not in cache:
            cache[login] = self.jsonrpc("common", "login", self.db, login, login)
        return cache[login]

    def jsonrpc(self, service, method, *args, timeout=120):
        payload = {"jsonrpc": "2.0", "method": "call", "id": 1}
        payload["params"] = {"service": service, "method": method, "args": args}
        answer = requests.post(f"{self.url}/jsonrpc", json=payload, timeout=timeout).json()
        if "error" in answer:
            raise RuntimeError(answer["error"]["data"].get("message") or answer["error"])
        return answer["result"]
