"""Our addons leave Odoo's books alone: on a database of their own (cloned from setup/test.sh's
template, with demo sales and accounting data and our records), uninstalling them keeps every
order, invoice and payment with its amounts, removes our tables, columns, menus and crons without
an error in the log; reinstalling works; upgrading twice in a row changes nothing the second time.
Uninstalling the proposals addon alone leaves the report working without its proposal sheet, and
installing it again brings the sheet back.

Runs only under setup/test.sh, which tells it the template database, the Odoo configuration, the
filestore and odoo-bin (SALES_ADMIN_* variables)."""

import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
import pytest

ADDONS = (
    "sales_admin_base",
    "sales_admin_proposals",
    "sales_admin_reporting",
    "sales_admin_proposals_crm",
    "sales_admin_stock",
    "sales_admin_reporting_proposals",
)
ENV_VARS = (
    "SALES_ADMIN_TEMPLATE_DB",
    "SALES_ADMIN_ODOO_CONF",
    "SALES_ADMIN_FILESTORE",
    "SALES_ADMIN_ODOO_BIN",
)
MISSING = [name for name in ENV_VARS if not os.environ.get(name)]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"needs a template database from setup/test.sh ({', '.join(MISSING)} not set)",
)
LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) |^Traceback ", re.MULTILINE)
JSON_MARK = "@@SNAPSHOT@@"
SHEETS_MARK = "@@SHEETS@@"

# Our records on top of the demo: orders confirmed, invoiced and paid (phone payments on an invoice,
# on an order with an invoice and as an advance, and Odoo's own payment wizard), a complaint with a
# credit note, a proposal, a contract and a report run.
POPULATE = """
from dateutil.relativedelta import relativedelta
from odoo import Command, fields

admin = env.ref("base.user_admin")
admin.group_ids = [
    Command.link(env.ref("sales_admin_base.group_sales_admin_manager").id),
    Command.link(env.ref("account.group_account_manager").id),
]
env = env(user=admin, context=dict(env.context, tracking_disable=True))
company = env.company
partner = env["res.partner"].create({"name": "Uninstall Check Ltd", "is_company": True,
                                     "email": "uninstall@example.com"})
product = env["product.product"].create(
    {"name": "Uninstall check chair", "list_price": 120.0, "invoice_policy": "order"}
)
orders = env["sale.order"]
for qty in (1, 3, 5, 7):
    order = env["sale.order"].create({
        "partner_id": partner.id, "require_signature": False, "require_payment": False,
        "order_line": [Command.create({"product_id": product.id, "product_uom_qty": qty})],
    })
    order.action_confirm()
    orders |= order
invoices = env["account.move"]
for order in orders[:3]:
    invoice = order._create_invoices()
    invoice.action_post()
    invoices |= invoice
journal = env["account.journal"].search(
    [*env["account.journal"]._check_company_domain(company), ("type", "=", "bank")], limit=1
)
Phone = env["sale.admin.phone.payment"]
Phone.create({"invoice_id": invoices[0].id, "journal_id": journal.id}).action_take_payment()
Phone.create({"order_id": orders[1].id, "journal_id": journal.id, "amount": 100.0,
              "reference": "PO-77"}).action_take_payment()
Phone.create({"order_id": orders[3].id, "journal_id": journal.id, "amount": 50.0}
             ).action_take_payment()
env["account.payment.register"].with_context(
    active_model="account.move", active_ids=invoices[2].ids
).create({"journal_id": journal.id})._create_payments()

complaint = env["sale.complaint"].create({
    "subject": "Chair arrived scratched", "partner_id": partner.id,
    "sale_order_ids": [Command.link(orders[2].id)], "invoice_ids": [Command.link(invoices[2].id)],
})
wizard = env["sale.complaint.remedy"].create(
    {"complaint_id": complaint.id, "remedy_type": "credit_note", "credit_type": "compensation"}
)
wizard.line_ids.quantity = 1
wizard.action_apply()
assert complaint.credit_note_ids.state == "posted", complaint.credit_note_ids.state

quotation = env["sale.order"].create({
    "partner_id": partner.id,
    "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 2})],
})
env["sale.proposal"].create({"title": "Chairs for the new office", "partner_id": partner.id,
                             "order_id": quotation.id})
env["sale.contract"]._create_from_orders(orders[0])

definition = env.ref("sales_admin_reporting.definition_monthly",
                     raise_if_not_found=False) or env["sale.admin.report.definition"].search([], limit=1)
first = fields.Date.today().replace(day=1) - relativedelta(months=2)
env["sale.admin.report.generate"].create({
    "definition_id": definition.id, "date_from": first,
    "date_to": first + relativedelta(months=1, days=-1),
}).action_generate()
env.cr.commit()
print("populated", orders.ids, invoices.ids)
"""

# Makes the demo monthly report for the period starting `months` ago and prints its sheets' names.
REPORT_SHEETS = """
import io, json
import openpyxl
from dateutil.relativedelta import relativedelta
from odoo import Command, fields

admin = env.ref("base.user_admin")
admin.group_ids = [Command.link(env.ref("sales_admin_base.group_sales_admin_manager").id)]
env = env(user=admin)
definition = env.ref("sales_admin_reporting.definition_monthly")
first = fields.Date.today().replace(day=1) - relativedelta(months=%d)
action = env["sale.admin.report.generate"].create({
    "definition_id": definition.id, "date_from": first,
    "date_to": first + relativedelta(months=1, days=-1),
}).action_generate()
# a period already reported is made again, the run opened after a notification saying so
action = action["params"]["next"] if action["type"] == "ir.actions.client" else action
run = env["sale.admin.report.run"].browse(action["res_id"])
assert run.state == "done", run.error
env.cr.commit()
print("@@SHEETS@@" + json.dumps(openpyxl.load_workbook(io.BytesIO(run.attachment_id.raw)).sheetnames))
"""

UNINSTALL = """
modules = env["ir.module.module"].search([("name", "in", %r)])
assert len(modules) == %d, modules.mapped("name")
modules.button_immediate_uninstall()
"""

# Everything our modules own (their ir.model.data and each record's row), every view's arch, every
# cron, and how many records each of our models holds.
SNAPSHOT = """
import json
ours = %r
cr = env.cr
cr.execute("SELECT module, name, model, res_id, noupdate FROM ir_model_data "
           "WHERE module = ANY(%%s) ORDER BY module, name", [ours])
data = cr.fetchall()
rows = {}
by_model = {}
for _module, _name, model, res_id, _noupdate in data:
    by_model.setdefault(model, []).append(res_id)
for model, ids in sorted(by_model.items()):
    if model not in env or env[model]._abstract or not env[model]._auto:
        continue
    cr.execute(
        f'SELECT id, to_jsonb(t) - ARRAY[%%s, %%s] FROM "{env[model]._table}" t '
        "WHERE id = ANY(%%s) ORDER BY id",
        ["write_date", "write_uid", ids],
    )
    rows[model] = {str(rid): row for rid, row in cr.fetchall()}
cr.execute("SELECT id, md5(arch_db::text), active FROM ir_ui_view ORDER BY id")
views = cr.fetchall()
cr.execute("SELECT id, to_jsonb(c) - ARRAY['write_date', 'write_uid'] FROM ir_cron c ORDER BY id")
crons = cr.fetchall()
cr.execute("SELECT DISTINCT m.model FROM ir_model m JOIN ir_model_data d "
           "ON d.model = 'ir.model' AND d.res_id = m.id WHERE d.module = ANY(%%s)", [ours])
counts = {}
for (model,) in cr.fetchall():
    if model in env and not env[model]._abstract and env[model]._auto:
        cr.execute(f'SELECT count(*) FROM "{env[model]._table}"')
        counts[model] = cr.fetchone()[0]
print("@@SNAPSHOT@@" + json.dumps(
    {"data": data, "rows": rows, "views": views, "crons": crons, "counts": counts}, default=str
))
"""

# Orders, invoices and payments that do not belong to our modules' own (demo) data, with their
# amounts: uninstalling must keep each of them as it is.
BOOKS = {
    "orders": "SELECT id, name, state, amount_untaxed, amount_total, invoice_status "
    "FROM sale_order WHERE id NOT IN (SELECT res_id FROM ir_model_data "
    "WHERE model = 'sale.order' AND module = ANY(%s)) ORDER BY id",
    "order_lines": "SELECT count(*), sum(price_total), sum(qty_invoiced) FROM sale_order_line "
    "WHERE order_id NOT IN (SELECT res_id FROM ir_model_data "
    "WHERE model = 'sale.order' AND module = ANY(%s))",
    "moves": "SELECT id, name, move_type, state, amount_total, amount_residual, payment_state "
    "FROM account_move ORDER BY id",
    "move_lines": "SELECT count(*), sum(debit), sum(credit), sum(amount_residual), "
    "count(*) FILTER (WHERE reconciled) FROM account_move_line",
    "payments": "SELECT id, amount, state, payment_type, partner_id, move_id "
    "FROM account_payment ORDER BY id",
    "reconciliations": "SELECT count(*), sum(amount) FROM account_partial_reconcile",
}


class OdooDatabase:
    """A database cloned from the test template, driven through odoo-bin and psql."""

    def __init__(self):
        self.template = os.environ["SALES_ADMIN_TEMPLATE_DB"]
        self.conf = os.environ["SALES_ADMIN_ODOO_CONF"]
        self.filestore = Path(os.environ["SALES_ADMIN_FILESTORE"])
        self.odoo_bin = shlex.split(os.environ["SALES_ADMIN_ODOO_BIN"])
        self.name = f"sa_uninst_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.timings = {}
        self.logdir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))

    def create(self):
        for attempt in range(5):  # another run may be cloning the same template right now
            result = subprocess.run(
                ["createdb", "-T", self.template, self.name],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode == 0:
                break
            time.sleep(2 + attempt * 3)
        else:
            pytest.fail(f"could not clone {self.template}: {result.stderr}")
        if (self.filestore / self.template).is_dir():
            shutil.copytree(self.filestore / self.template, self.filestore / self.name)

    def drop(self):
        subprocess.run(["dropdb", "--if-exists", self.name], capture_output=True, check=False)
        shutil.rmtree(self.filestore / self.name, ignore_errors=True)

    def sql(self, query, params=()):
        with psycopg2.connect(dbname=self.name) as conn, conn.cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall()
        conn.close()
        return rows

    def odoo(self, label, *args, stdin=None):
        """Runs odoo-bin; fails the test on a non-zero exit or an ERROR/traceback in its log."""
        command = [*self.odoo_bin, *args[:1], "-c", self.conf, "-d", self.name, *args[1:]]
        command += ["--no-http", "--log-level=info"]
        start = time.monotonic()
        result = subprocess.run(
            command, input=stdin, capture_output=True, text=True, timeout=900, check=False
        )
        self.timings[label] = round(time.monotonic() - start, 1)
        log = result.stderr
        (self.logdir / f"{len(self.timings):02d} {label}.log").write_text(log)
        assert result.returncode == 0 and not LOG_PROBLEM.search(log), (
            f"{label}: odoo-bin exited with {result.returncode}; logs in {self.logdir}; "
            f"problems:\n{_problems(log)}"
        )
        return result.stdout, log

    def shell(self, label, script):
        return self.odoo(label, "shell", stdin=script)

    def update(self, label, flag):
        return self.odoo(label, "server", flag, ",".join(ADDONS), "--stop-after-init")

    def snapshot(self, label):
        stdout, _log = self.shell(label, SNAPSHOT % (list(ADDONS),))
        line = next(line for line in stdout.splitlines() if line.startswith(JSON_MARK))
        return json.loads(line[len(JSON_MARK) :])

    def books(self):
        return {
            key: self.sql(query, [list(ADDONS)] * query.count("%s")) for key, query in BOOKS.items()
        }

    def module_states(self):
        return dict(
            self.sql(
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [list(ADDONS)]
            )
        )


@pytest.fixture
def database():
    db = OdooDatabase()
    db.create()
    try:
        yield db
    finally:
        db.drop()
        print(f"uninstall/upgrade timings (s): {db.timings}")


def _our_schema(db):
    """Tables, columns, menus and crons our modules created, read before they are uninstalled."""
    ours = list(ADDONS)
    # models only our modules declare (others we merely extend are declared by Odoo too)
    models = db.sql(
        "SELECT model FROM ir_model WHERE id IN (SELECT res_id FROM ir_model_data "
        "WHERE model = 'ir.model' GROUP BY res_id HAVING bool_and(module = ANY(%s)))",
        [ours],
    )
    fields = db.sql(
        "SELECT f.model, f.name FROM ir_model_fields f JOIN ir_model_data d "
        "ON d.model = 'ir.model.fields' AND d.res_id = f.id AND d.module = ANY(%s) "
        "WHERE f.store AND f.ttype NOT IN ('one2many', 'many2many') "
        "AND f.name NOT IN ('id', 'create_uid', 'create_date', 'write_uid', 'write_date') "
        "AND f.model_id NOT IN "
        "(SELECT res_id FROM ir_model_data WHERE model = 'ir.model' GROUP BY res_id "
        "HAVING bool_and(module = ANY(%s)))",
        [ours, ours],
    )
    relations = db.sql(
        "SELECT DISTINCT r.name FROM ir_model_relation r JOIN ir_module_module m "
        "ON m.id = r.module WHERE m.name = ANY(%s)",
        [ours],
    )
    owned = "SELECT res_id FROM ir_model_data WHERE module = ANY(%s) AND model = %s"
    return {
        "tables": sorted({m.replace(".", "_") for (m,) in models} | {r for (r,) in relations}),
        "columns": sorted({(model.replace(".", "_"), name) for model, name in fields}),
        "menus": [res_id for (res_id,) in db.sql(owned, [ours, "ir.ui.menu"])],
        "crons": [res_id for (res_id,) in db.sql(owned, [ours, "ir.cron"])],
    }


def _problems(log, context=12, limit=8000):
    """The ERROR/CRITICAL lines and tracebacks of a log, with the lines after each."""
    lines = log.splitlines()
    shown = set()
    for index, line in enumerate(lines):
        if LOG_PROBLEM.match(line):
            shown.update(range(index, min(index + context, len(lines))))
    return "\n".join(lines[index] for index in sorted(shown))[:limit]


def _diff(before, after, path=""):
    """The paths where two snapshots differ, for a readable failure."""
    if isinstance(before, dict) and isinstance(after, dict):
        return [
            change
            for key in sorted(set(before) | set(after))
            for change in _diff(before.get(key), after.get(key), f"{path}/{key}")
        ]
    return [] if before == after else [f"{path}: {before!r} -> {after!r}"]


def test_uninstall_keeps_the_books_reinstall_works_and_upgrade_is_idempotent(database):
    db = database
    start = time.monotonic()
    stdout, _log = db.shell("populate", POPULATE)
    assert "populated" in stdout, stdout

    books = db.books()
    assert len(books["payments"]) >= 4 and len(books["orders"]) >= 5, books
    schema = _our_schema(db)
    assert schema["tables"] and schema["columns"] and schema["menus"] and schema["crons"], schema
    assert ("account_payment", "sales_admin_order_id") in schema["columns"]

    db.shell("uninstall", UNINSTALL % (list(ADDONS), len(ADDONS)))
    assert set(db.module_states().values()) == {"uninstalled"}, db.module_states()
    assert db.books() == books, _diff(books, db.books())
    left_tables = [
        table
        for table in schema["tables"]
        if db.sql("SELECT to_regclass(%s)", [f'"{table}"'])[0][0]
    ]
    assert not left_tables, f"tables left behind: {left_tables}"
    left_columns = [
        column
        for column in schema["columns"]
        if db.sql(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            column,
        )
    ]
    assert not left_columns, f"columns left behind: {left_columns}"
    assert not db.sql("SELECT id FROM ir_ui_menu WHERE id = ANY(%s)", [schema["menus"]])
    assert not db.sql("SELECT id FROM ir_cron WHERE id = ANY(%s)", [schema["crons"]])
    assert not db.sql(
        "SELECT model, name FROM ir_model_data WHERE module = ANY(%s) AND model IN "
        "('ir.model', 'ir.model.fields', 'ir.ui.view', 'ir.ui.menu', 'ir.cron', "
        "'ir.model.access', 'ir.rule', 'res.groups', 'ir.actions.act_window')",
        [list(ADDONS)],
    )

    db.update("reinstall", "-i")
    assert set(db.module_states().values()) == {"installed"}, db.module_states()

    db.update("first upgrade", "-u")
    first = db.snapshot("snapshot after the first upgrade")
    db.update("second upgrade", "-u")
    second = db.snapshot("snapshot after the second upgrade")
    changes = _diff(first, second)
    assert not changes, "the second upgrade changed:\n" + "\n".join(changes[:40])
    print(f"uninstall/upgrade test took {time.monotonic() - start:.0f} s")
    shutil.rmtree(db.logdir, ignore_errors=True)  # kept only when the test fails


def _report_sheets(db, label, months_ago):
    stdout, _log = db.shell(label, REPORT_SHEETS % months_ago)
    line = next(line for line in stdout.splitlines() if line.startswith(SHEETS_MARK))
    return json.loads(line[len(SHEETS_MARK) :])


def test_the_report_loses_its_proposal_sheet_with_the_proposals_addon_and_gets_it_back(database):
    db = database
    sheets = _report_sheets(db, "report with proposals", 3)
    assert "Proposals" in sheets, sheets

    db.shell("uninstall proposals", UNINSTALL % (["sales_admin_proposals"], 1))
    states = db.module_states()
    assert states["sales_admin_proposals"] == "uninstalled", states
    assert states["sales_admin_reporting_proposals"] == "uninstalled", states
    assert states["sales_admin_reporting"] == "installed", states
    without = _report_sheets(db, "report without proposals", 4)
    assert "Proposals" not in without, without
    assert without == [name for name in sheets if name != "Proposals"], without

    db.odoo("install proposals", "server", "-i", "sales_admin_proposals", "--stop-after-init")
    states = db.module_states()
    assert states["sales_admin_reporting_proposals"] == "installed", states
    assert _report_sheets(db, "report with proposals again", 5) == sheets
    shutil.rmtree(db.logdir, ignore_errors=True)  # kept only when the test fails
