"""Every public method our addons define, called over JSON-RPC by portal users and sales reps.

The methods are found by introspection: functions defined in our addons' classes (on our models
and on the core models we extend), without `_` prefix or `@api.private`, and not overriding a
method Odoo itself defines (create, write, action_confirm... are Odoo's API, checked by the
security matrix). Each is called through `/web/dataset/call_kw` on a record of customer A:

- by portal A (who may read customer A's complaints, proposals and contracts) and by the rep
  (customer A's salesperson): refused (AccessError or UserError), unless SAFE names the method for
  that role with the reason;
- by portal B and by another rep, who may not read most of those records: AccessError on a record
  the caller may not read; on one they may read (the customer, a product, the answer library), a
  refusal unless SAFE names it.

A success, or any other error (a traceback), fails the test.
"""

import inspect

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .security_world import OUR_MODULES, build_world

# a 1x1 PNG
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC"
)
REFUSALS = {"odoo.exceptions.AccessError", "odoo.exceptions.UserError"}
VALIDATION = "odoo.exceptions.ValidationError"

SMART_BUTTON = "a smart button: the action listing records the caller may read anyway"
ASK_ADMIN = "reps ask the sales admin about their customers, orders and complaints"
REP_OWNS = "reps draft and follow their own proposals and contracts"
PORTAL_PAGE = "the URL of the customer's own portal page, which they are sent anyway"

# (model, method): {role: why the role may call it}. Any other call must be refused.
SAFE = {
    # smart buttons on documents the caller may read
    ("account.move", "action_view_complaints"): {"rep": SMART_BUTTON},
    ("crm.lead", "action_view_sale_proposals"): {"rep": SMART_BUTTON},
    ("product.template", "action_view_complaints"): {
        "rep": SMART_BUTTON,
        "rep_other": SMART_BUTTON + " (every employee reads products)",
    },
    ("res.partner", "action_view_complaints"): {
        "portal_a": SMART_BUTTON + " (the customer's own complaints)",
        "rep": SMART_BUTTON,
        "rep_other": SMART_BUTTON + " (every employee reads customers)",
    },
    ("res.partner", "action_view_sale_contracts"): {
        "portal_a": SMART_BUTTON + " (the customer's own contracts)",
        "rep": SMART_BUTTON,
        "rep_other": SMART_BUTTON + " (every employee reads customers)",
    },
    ("res.partner", "action_view_sales_admin_requests"): {
        "rep": SMART_BUTTON,
        "rep_other": SMART_BUTTON + " (every employee reads customers)",
    },
    ("res.partner", "action_sales_admin_request_new"): {"rep": ASK_ADMIN, "rep_other": ASK_ADMIN},
    ("sale.order", "action_view_complaints"): {
        "portal_a": SMART_BUTTON + " (the customer's own order)",
        "rep": SMART_BUTTON,
    },
    ("sale.order", "action_view_sale_contracts"): {
        "portal_a": SMART_BUTTON + " (the customer's own order)",
        "rep": SMART_BUTTON,
    },
    ("sale.order", "action_view_sales_admin_requests"): {"rep": SMART_BUTTON},
    ("sale.order", "action_sales_admin_request_new"): {"rep": ASK_ADMIN},
    ("sale.complaint", "action_view_credit_notes"): {
        "portal_a": SMART_BUTTON + " (the customer's own credit notes)",
        "rep": SMART_BUTTON,
    },
    ("sale.complaint", "action_view_replacements"): {
        "portal_a": SMART_BUTTON + " (the customer's own quotations)",
        "rep": SMART_BUTTON,
    },
    ("sale.complaint", "action_view_sales_admin_requests"): {"rep": SMART_BUTTON},
    ("sale.complaint", "action_sales_admin_request_new"): {"rep": ASK_ADMIN},
    ("sale.admin.request", "action_open_source"): {
        "rep": "opens the order the rep's own request is about, which the rep may read"
    },
    ("sale.admin.request", "action_send_request"): {
        "rep": "tells the rep who received the rep's own request, which the rep may read"
    },
    # the rep's own orders
    ("sale.order", "action_sales_admin_create_contract"): {"rep": REP_OWNS},
    ("sale.order", "action_sales_admin_recheck"): {
        "rep": "recomputes the order's checklist from its data; the rep may write the order"
    },
    ("sale.order", "action_sales_admin_send_payment_link"): {
        "rep": "Odoo lets reps make payment links for their orders; this e-mails it"
    },
    ("sale.order", "action_sales_admin_send_reminder"): {
        "rep": "schedules a to-do for the order's admin on the rep's own order"
    },
    # the rep's own proposals and contracts
    ("sale.proposal", "action_cancel"): {"rep": REP_OWNS},
    ("sale.proposal", "action_reset_draft"): {"rep": REP_OWNS},
    ("sale.proposal", "action_submit"): {"rep": REP_OWNS},
    ("sale.proposal", "action_open_quotation"): {
        "portal_a": "the id of the quotation the customer sees in the portal",
        "rep": REP_OWNS,
    },
    ("sale.proposal", "action_preview_portal"): {"portal_a": PORTAL_PAGE, "rep": REP_OWNS},
    ("sale.proposal.line", "action_open"): {"rep": REP_OWNS},
    ("sale.proposal.import", "action_read_columns"): {"rep": REP_OWNS},
    ("sale.proposal.answer", "action_view_usage"): {
        "rep": "the answer library is shared by the company's reps",
        "rep_other": "the answer library is shared by the company's reps",
    },
    ("sale.contract", "action_preview"): {"portal_a": PORTAL_PAGE, "rep": REP_OWNS},
    ("sale.contract", "action_reset_draft"): {"rep": REP_OWNS},
    ("sale.contract", "action_submit"): {"rep": REP_OWNS},
}


def public_methods(env):
    """{model: sorted method names} defined by our addons and callable over RPC."""
    found = {}
    for name in env.registry:
        model_class = env.registry[name]
        mro = model_class.__mro__
        theirs = set()
        for cls in mro[1:]:
            if getattr(cls, "_module", None) not in OUR_MODULES:
                theirs.update(vars(cls))
        methods = set()
        for cls in mro:
            if getattr(cls, "_module", None) not in OUR_MODULES:
                continue
            for attr, value in vars(cls).items():
                if (
                    attr.startswith("_")
                    or not inspect.isfunction(value)
                    or getattr(value, "_api_private", False)
                    or attr in theirs
                ):
                    continue
                methods.add(attr)
        if methods and not model_class._abstract:
            found[name] = sorted(methods)
    return found


@tagged("post_install", "-at_install")
class RpcWorldCase(HttpCase):
    """The security world, with a record (or a wizard) for every model that has public methods."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        w = cls.world = build_world(cls.env)
        env = cls.env
        w.roles["rep_other"] = new_test_user(
            env, "sm_rep_other", groups="sales_team.group_sale_salesman"
        )
        records = dict(w.records)
        records["res.partner"] = w.customer_a
        records["sale.order"] = w.order
        records["product.template"] = w.product.product_tmpl_id
        records["account.move"] = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": w.customer_a.id,
                "invoice_user_id": w.rep.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": w.product.id, "quantity": 1, "price_unit": 1234.56}
                    )
                ],
            }
        )
        if "crm.lead" in env:
            records["crm.lead"] = env["crm.lead"].create(
                {"name": "Matrix lead", "partner_id": w.customer_a.id, "user_id": w.rep.id}
            )
        cls.records = records

    def _wizard(self, model, user):
        """A wizard record of `model` opened by `user` on customer A's documents."""
        w, r = self.world, self.records
        values = {
            "sale.admin.report.generate": {
                "definition_id": r["sale.admin.report.definition"].id,
                "date_from": "2025-01-01",
                "date_to": "2025-01-31",
            },
            "sale.admin.request.decide": {
                "request_id": r["sale.admin.request"].id,
                "decision": "Yes",
            },
            "sale.admin.request.escalate": {
                "request_id": r["sale.admin.request"].id,
                "summary": "Please decide",
            },
            "sale.complaint.remedy": {
                "complaint_id": r["sale.complaint"].id,
                "remedy_type": "none",
            },
            "sale.proposal.import": {
                "proposal_id": r["sale.proposal"].id,
                "file": "cXVlc3Rpb24KRGVsaXZlcnk/Cg==",
                "filename": "rfp.csv",
            },
            "sale.admin.partner.deduplicate": {"company_id": w.company.id},
            "sale.admin.order.assign": {
                "order_ids": [Command.set(w.order.ids)],
                "sales_admin_id": w.admin.id,
            },
            "sale.admin.order.hold": {
                "order_ids": [Command.set(w.order.ids)],
                "reason": "Waiting for the customer",
            },
            "sale.admin.phone.payment": {"order_id": w.order.id, "amount": 10.0},
            "sale.admin.sign.on.behalf": {
                "document_model": "sale.proposal",
                "document_id": r["sale.proposal"].id,
                "signer_name": "Anna Customer",
                "signature": SIGNATURE,
            },
        }
        Wizard = self.env[model].with_user(user).sudo()
        if model == "sale.admin.partner.deduplicate.pair":
            finder = self._wizard("sale.admin.partner.deduplicate", user)
            return Wizard.create(
                {
                    "finder_id": finder.id,
                    "left_partner_id": w.customer_a.id,
                    "right_partner_id": w.customer_b.id,
                }
            )
        return Wizard.create(values[model])

    def _record(self, model, user):
        if self.env[model]._transient:
            return self._wizard(model, user)
        self.assertIn(model, self.records, f"{model} has public methods: give it a fixture")
        return self.records[model]


@tagged("post_install", "-at_install")
class TestRpcSurface(RpcWorldCase):
    def _call(self, model, method, record_id):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": [[record_id]], "kwargs": {}},
            },
            timeout=60,
        )
        self.assertEqual(response.status_code, 200, f"{model}.{method}")
        payload = response.json()
        if "error" not in payload:
            return "success", ""
        data = payload["error"]["data"]
        return data["name"], data.get("message", "")

    def _check_role(self, role):
        user = self.world.roles[role]
        self.authenticate(user.login, user.login)
        problems, successes = [], []
        methods = public_methods(self.env)
        self.assertTrue(methods)
        for model, names in sorted(methods.items()):
            for method in names:
                record = self._record(model, user)
                readable = record.with_user(user).has_access("read")
                outcome, message = self._call(model, method, record.id)
                safe = SAFE.get((model, method), {}).get(role)
                if outcome == VALIDATION:
                    outcome = "odoo.exceptions.UserError"
                if outcome == "success":
                    successes.append(f"{model}.{method}")
                if safe:
                    if outcome not in REFUSALS | {"success"}:
                        problems.append(f"{model}.{method}: {outcome} {message}")
                elif (readable and outcome not in REFUSALS) or (
                    not readable and outcome != "odoo.exceptions.AccessError"
                ):
                    problems.append(f"{model}.{method}: {outcome} {message}")
        self.assertFalse(problems, f"{role} may call:\n" + "\n".join(problems))
        # the calls did reach the methods: the safe ones succeed
        self.assertEqual(bool(successes), any(role in roles for roles in SAFE.values()))

    def test_every_safe_entry_names_a_public_method(self):
        methods = public_methods(self.env)
        for model, method in SAFE:
            self.assertIn(method, methods.get(model, []), f"SAFE lists {model}.{method}")

    def test_portal_customer_on_own_documents(self):
        self._check_role("portal_a")

    def test_portal_customer_on_another_customers_documents(self):
        self._check_role("portal_b")

    def test_rep_on_own_customers_documents(self):
        self._check_role("rep")

    def test_rep_on_another_reps_documents(self):
        self._check_role("rep_other")
