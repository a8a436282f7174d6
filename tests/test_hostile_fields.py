"""Hostile users against every field our addons add, over JSON-RPC and XML-RPC.

Each stored field our addons add (to our models and to Odoo's models we extend) is in exactly one
class:

- protected: listed in the model's ``_protected_fields`` (workflow fields, and what the server's
  jobs and wizards record: report runs, RFP import settings), or a figure our addons compute and
  store (the company of a line, a search key), on any model: the model inherits the protected
  mixin (``_get_protected_fields``). Written only by the model's actions and the ORM's
  recomputation; every role is refused on create and on write, and the record is unchanged.
- FREE: typed by the people the security matrix (tests/security_matrix.py) lets write the
  record; the record rules and the model's constraints apply, HTML is sanitized.
- TECHNICAL: written by the server's jobs on records only the system may write (the report run
  of a queued mail).

The fields of wizards (transient models) are the wizards' input, checked by their actions
(tests/test_rpc_surface.py); the wizards are listed in tests/security_matrix.py.

A field or model our addons add that is in no class makes ``test_every_field_is_classified``
fail, naming it: classify it here (or protect it) when you add it.
"""

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.sales_admin_base.tests.protected_common import forged_value

from .security_matrix import WIZARDS
from .security_world import OUR_MODULES, build_world

FREE, TECHNICAL = "free", "technical"
MAGIC_FIELDS = frozenset({"id", "create_uid", "create_date", "write_uid", "write_date"})
XSS = "<img src=x onerror=alert(1)><script>alert(1)</script>"
# the roles of the issue: demo groups, world users (customer A's rep, admin and portal contact)
HOSTILE_ROLES = ("rep", "admin", "admin_manager", "accountant", "internal", "portal_a")
NON_MANAGERS = ("rep", "admin", "accountant", "internal", "portal_a")
ACCESS_ERROR = "odoo.exceptions.AccessError"
XMLRPC_ACCESS_ERROR = 4  # the fault code of an AccessError (Odoo's rpc addon)
# protected fields a caller gives on create, checked there, and never written afterwards: the
# document a request is about (a model that has requests, readable by the requester)
GIVEN_ON_CREATE = {"sale.admin.request": {"res_model", "res_id"}}
# Odoo's models we extend whose records portal users read: none of our fields on them is theirs
PORTAL_READ_EXTENDED = ("sale.order", "account.move", "res.partner")

CLASSIFICATION = {
    "account.move": {
        FREE: "complaint_ids",
    },
    "account.payment": {
        FREE: "sales_admin_order_id",
    },
    "crm.lead": {
        FREE: "sale_proposal_ids",
    },
    "mail.mail": {
        TECHNICAL: "sales_admin_report_run_id",
    },
    "res.company": {
        FREE: "sales_admin_date_customer_check sales_admin_payment_link_reminder_days sales_admin_payment_link_reminder_mode sales_admin_required_partner_fields",
    },
    "res.partner": {
        FREE: "sales_admin_id",
    },
    "sale.admin.cockpit.tile": {
        FREE: "active admin_field_ids domain list_view_id model_name name section sequence tone",
    },
    "sale.admin.escalation.level": {
        FREE: "active company_id name resource_calendar_id response_hours sequence user_id",
    },
    "sale.admin.report.definition": {
        FREE: "active company_id date_start name periodicity recipient_partner_ids recipient_user_ids run_day run_ids section_ids send_email skip_empty tz",
    },
    "sale.admin.report.file": {
        FREE: "lang run_id",
    },
    "sale.admin.report.recommendation": {
        FREE: "product_id rule_id run_id",
    },
    "sale.admin.report.rule": {
        FREE: "active activity_user_id company_id comparison message metric min_volume name operator sequence severity target threshold",
    },
    "sale.admin.report.run": {
        FREE: "date_from date_to definition_id file_ids recommendation_ids",
    },
    "sale.admin.report.section": {
        FREE: "code name sequence",
    },
    "sale.admin.request": {
        FREE: "company_id date_due date_improvement_target description escalation_ids improvement_owner_id is_process_improvement name partner_id priority resolution sales_admin_id subject type_id",
    },
    "sale.admin.request.escalation": {
        FREE: "proposed_decision summary",
    },
    "sale.admin.request.type": {
        FREE: "active auto_escalate company_id description is_customer_problem is_process_problem name resolution_days sequence",
    },
    "sale.complaint": {
        FREE: "active category_id channel color company_id corrective_action credit_note_ids description email_from invoice_ids is_unknown_customer name partner_id preventive_action priority product_ids replacement_order_ids resolution root_cause_id sale_line_ids sale_order_ids sales_admin_id stage_id subject team_id user_id",
    },
    "sale.complaint.category": {
        FREE: "active company_id description escalate_on_breach name sequence sla_policy_id user_id",
    },
    "sale.complaint.root.cause": {
        FREE: "active company_id description name sequence",
    },
    "sale.complaint.sla": {
        FREE: "active calendar_id category_ids company_id name partner_category_ids priority resolution_hours response_hours sequence",
    },
    "sale.complaint.stage": {
        FREE: "active company_id description fold is_closed is_waiting_customer name sequence team_ids",
    },
    "sale.contract": {
        FREE: "company_id date_end date_start intro line_ids name order_id origin partner_id renewal_notice_days sales_admin_id team_id template_id user_id",
    },
    "sale.contract.clause": {
        FREE: "active body category company_id mandatory name sequence version_ids",
    },
    "sale.contract.clause.version": {
        FREE: "body clause_id line_ids name number",
    },
    "sale.contract.line": {
        FREE: "body clause_id contract_id name sequence",
    },
    "sale.contract.template": {
        FREE: "active auto_create company_id contract_required duration_months intro line_ids name partner_tag_ids product_categ_ids renewal_notice_days sequence",
    },
    "sale.contract.template.line": {
        FREE: "clause_id sequence template_id",
    },
    "sale.order": {
        FREE: "complaint_ids sale_contract_ids sale_proposal_ids sales_admin_id sales_admin_payment_ids",
    },
    "sale.proposal": {
        FREE: "bid_score_ids company_id contact_id currency_id date_qa_cutoff date_submission_deadline line_ids lost_reason_id name opportunity_id order_id partner_id revision_ids rfp_file sales_admin_id section_ids team_id template_id title user_id validity_date won_reason_id",
    },
    "sale.proposal.answer": {
        FREE: "active body company_id date_last_review line_ids name question review_interval tag_ids user_id",
    },
    "sale.proposal.answer.tag": {
        FREE: "color name",
    },
    "sale.proposal.approval.rule": {
        FREE: "active approver_ids company_id max_discount min_amount min_margin name sequence",
    },
    "sale.proposal.bid.criterion": {
        FREE: "active company_id description name sequence weight",
    },
    "sale.proposal.bid.score": {
        FREE: "criterion_id note proposal_id score weight",
    },
    "sale.proposal.line": {
        FREE: "answer answer_id proposal_id question section sequence status user_id",
    },
    "sale.proposal.reason": {
        FREE: "active name reason_type sequence",
    },
    "sale.proposal.revision": {
        FREE: "amount_total content currency_id number proposal_id",
    },
    "sale.proposal.section": {
        FREE: "body kind name proposal_id sequence",
    },
    "sale.proposal.template": {
        FREE: "active company_id name section_ids sequence",
    },
    "sale.proposal.template.section": {
        FREE: "body kind name sequence template_id",
    },
}


def our_stored_fields(env):
    """{model: {field name: field}}: the stored fields our addons define, on every model."""
    found = {}
    for name in env.registry:
        Model = env[name]
        if Model._abstract or Model._transient:
            continue
        fields = {
            fname: field
            for fname, field in Model._fields.items()
            if field.store and field._module in OUR_MODULES and fname not in MAGIC_FIELDS
        }
        if fields or Model._original_module in OUR_MODULES:
            found[name] = fields
    return found


def protected_fields(Model):
    return Model._get_protected_fields() if hasattr(Model, "_get_protected_fields") else set()


@tagged("post_install", "-at_install")
class TestHostileFields(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        w = cls.world = build_world(cls.env)
        cls.records = dict(w.records)
        cls.records["sale.order"] = w.order
        cls.records["res.partner"] = w.customer_a
        cls.records["account.move"] = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": w.customer_a.id,
                "invoice_user_id": w.rep.id,
                "invoice_line_ids": [
                    Command.create({"product_id": w.product.id, "quantity": 1, "price_unit": 10})
                ],
            }
        )
        cls.records["account.move"].action_post()
        # customers read their orders and invoices on the portal as followers
        for document in (w.order, cls.records["account.move"]):
            document.message_subscribe(partner_ids=w.customer_a.ids)
        r = cls.records
        # what an ordinary create of each protected model needs, besides the forged field
        cls.create_values = {
            "sale.complaint": {"subject": "Hostile", "partner_id": w.contact_a.id},
            "sale.admin.request": {
                "subject": "Hostile",
                "type_id": r["sale.admin.request.type"].id,
            },
            "sale.admin.request.escalation": {
                "request_id": r["sale.admin.request"].id,
                "summary": "Hostile",
            },
            "sale.proposal": {"title": "Hostile", "partner_id": w.customer_a.id},
            "sale.contract": {"order_id": w.order.id, "partner_id": w.customer_a.id},
            "sale.contract.line": {"contract_id": r["sale.contract"].id, "name": "Hostile"},
            "sale.order": {"partner_id": w.customer_a.id},
            "account.move": {"move_type": "out_invoice", "partner_id": w.customer_a.id},
            "res.partner": {"name": "Hostile"},
            "sale.admin.cockpit.tile": {
                "name": "Hostile",
                "section": "orders",
                "model_name": "sale.order",
            },
            "sale.admin.report.run": {
                "definition_id": r["sale.admin.report.definition"].id,
                "date_from": "2025-02-01",
                "date_to": "2025-02-28",
            },
            "sale.admin.report.file": {"run_id": r["sale.admin.report.run"].id, "lang": "fr_FR"},
            "sale.admin.report.recommendation": {
                "run_id": r["sale.admin.report.run"].id,
                "rule_id": r["sale.admin.report.rule"].id,
            },
            "sale.contract.clause": {"name": "Hostile", "body": "<p>Hostile</p>"},
            "sale.contract.clause.version": {
                "clause_id": r["sale.contract.clause"].id,
                "number": 9,
                "name": "Hostile",
            },
            "sale.contract.template.line": {
                "template_id": r["sale.contract.template"].id,
                "clause_id": r["sale.contract.clause"].id,
            },
            "sale.proposal.answer": {"name": "Hostile"},
            "sale.proposal.bid.score": {
                "proposal_id": r["sale.proposal"].id,
                "criterion_id": r["sale.proposal.bid.criterion"].id,
            },
            "sale.proposal.line": {"proposal_id": r["sale.proposal"].id, "question": "Hostile?"},
            "sale.proposal.revision": {
                "proposal_id": r["sale.proposal"].id,
                "number": 9,
                "content": "<p>Hostile</p>",
            },
            "sale.proposal.section": {"proposal_id": r["sale.proposal"].id, "name": "Hostile"},
        }

    # ------------------------------------------------------------------ calls
    def _json(self, user, model, method, args, kwargs=None):
        """JSON-RPC (/jsonrpc, execute_kw): the error's class name, or None on success."""
        response = self.url_open(
            "/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {
                    "service": "object",
                    "method": "execute_kw",
                    "args": [
                        self.env.cr.dbname,
                        user.id,
                        user.login,
                        model,
                        method,
                        args,
                        kwargs or {},
                    ],
                },
            },
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
        payload = response.json()
        if "error" in payload:
            return payload["error"]["data"]["name"], payload
        return None, payload["result"]

    def _xml(self, user, model, method, args):
        """XML-RPC (/xmlrpc/2/object): the fault code, or None on success."""
        try:
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname, user.id, user.login, model, method, args
            )
        except xmlrpc.client.Fault as fault:
            return fault.faultCode
        return None

    # ------------------------------------------------------------------ classification
    def test_every_field_is_classified(self):
        problems = []
        ours = our_stored_fields(self.env)
        for model, fields in sorted(ours.items()):
            classes = {
                kind: set(names.split()) for kind, names in CLASSIFICATION.get(model, {}).items()
            }
            if model not in CLASSIFICATION:
                problems.append(f"model {model} is not classified")
            protected = protected_fields(self.env[model])
            listed = [name for names in classes.values() for name in names]
            for fname in sorted(fields):
                count = listed.count(fname) + (fname in protected)
                if not count:
                    problems.append(f"field {model}.{fname} is not classified")
                elif count > 1:
                    problems.append(f"field {model}.{fname} is in more than one class")
            for fname in sorted(set(listed) - set(fields)):
                problems.append(f"{model}.{fname} is classified but is not a stored field of ours")
            for fname, field in sorted(fields.items()):
                if (
                    field.compute
                    and field.readonly
                    and not field.inverse
                    and fname not in protected
                ):
                    problems.append(f"{model}.{fname} is a computed figure: protect it")
        for model in sorted(set(CLASSIFICATION) - set(ours)):
            problems.append(f"{model} is classified but adds no field of ours")
        transient = {
            name
            for name in self.env.registry
            if self.env[name]._transient and self.env[name]._original_module in OUR_MODULES
        }
        for model in sorted(transient - set(WIZARDS)):
            problems.append(f"wizard {model} is not listed in tests/security_matrix.py")
        self.assertFalse(problems, "\n".join(problems))

    # ------------------------------------------------------------------ protected fields
    def _protected_models(self):
        models = {
            model: protected_fields(self.env[model])
            for model in our_stored_fields(self.env)
            if protected_fields(self.env[model])
        }
        self.assertIn("sale.complaint", models)
        self.assertIn("sale.admin.request", models)
        for model in models:
            self.assertIn(model, self.records, f"{model} has protected fields: give it a fixture")
            self.assertIn(model, self.create_values, f"{model}: say how it is created")
        return models

    def _attempts(self, allowed, values):
        """The values to send: one field at a time when the access rights allow the operation
        (only the field protection refuses), all at once when they do not."""
        if allowed:
            return [{fname: value} for fname, value in values.items()]
        return [values]

    def _refused(self, user, model, method, args):
        """What is wrong with the answers to this call over JSON-RPC and XML-RPC (nothing when
        both refuse it with an access error)."""
        problems = []
        error, _payload = self._json(user, model, method, args)
        if error != ACCESS_ERROR:
            problems.append(f"JSON-RPC: {error}")
        code = self._xml(user, model, method, args)
        if code != XMLRPC_ACCESS_ERROR:
            problems.append(f"XML-RPC: fault {code}")
        return problems

    def test_protected_fields_are_refused_on_write_over_json_and_xml_rpc(self):
        problems = []
        for model, protected in sorted(self._protected_models().items()):
            record = self.records[model]
            values = {f: forged_value(self.env, record._fields[f]) for f in sorted(protected)}
            before = record.sudo().read(sorted(protected))
            for role in HOSTILE_ROLES:
                user = self.world.roles[role]
                allowed = record.with_user(user).has_access("write")
                for vals in self._attempts(allowed, values):
                    problems += [
                        f"{role} writes {model} {sorted(vals)}: {problem}"
                        for problem in self._refused(user, model, "write", [record.ids, vals])
                    ]
            record.invalidate_recordset()
            self.assertEqual(record.sudo().read(sorted(protected)), before, model)
        self.assertFalse(problems, "\n".join(problems))

    def test_protected_fields_are_refused_on_create_over_json_and_xml_rpc(self):
        problems = []
        for model, protected in sorted(self._protected_models().items()):
            Model = self.env[model].with_context(active_test=False)
            values = {
                f: forged_value(self.env, Model._fields[f])
                for f in sorted(protected - GIVEN_ON_CREATE.get(model, set()))
            }
            count = Model.search_count([])
            for role in HOSTILE_ROLES:
                user = self.world.roles[role]
                allowed = Model.with_user(user).has_access("create")
                for forged in self._attempts(allowed, values):
                    vals = {**self.create_values[model], **forged}
                    problems += [
                        f"{role} creates {model} with {sorted(forged)}: {problem}"
                        for problem in self._refused(user, model, "create", [[vals]])
                    ]
            if Model.search_count([]) != count:
                problems.append(f"{Model.search_count([]) - count} {model} created")
        self.assertFalse(problems, "\n".join(problems))

    def test_reps_create_no_complaint_already_handled_over_json_and_xml_rpc(self):
        """The handling fields (stage, responsible admin, resolution...) a rep writes on none of
        his complaints, he cannot give on create either, unless he repeats the server's value."""
        rep = self.world.rep
        Complaint = self.env["sale.complaint"].with_context(active_test=False)
        values = self.create_values["sale.complaint"]
        handling = sorted(Complaint._handling_fields())
        self.assertIn("stage_id", handling)
        self.assertIn("sales_admin_id", handling)
        count = Complaint.search_count([])
        # what the server sets by itself, a form sends back: it goes through
        error, ids = self._json(rep, "sale.complaint", "create", [[values]])
        self.assertIsNone(error)
        plain = Complaint.browse(ids)
        same = {name: plain._fields[name].convert_to_write(plain[name], plain) for name in handling}
        error, payload = self._json(rep, "sale.complaint", "create", [[{**values, **same}]])
        self.assertIsNone(error, f"{same}: {error and payload['error']['data']['message']}")
        problems = []
        for fname in handling:
            field = Complaint._fields[fname]
            forged = not same[fname] if field.type == "boolean" else forged_value(self.env, field)
            self.assertNotEqual(forged, same[fname], fname)
            problems += [
                f"rep creates sale.complaint with {fname}: {problem}"
                for problem in self._refused(
                    rep, "sale.complaint", "create", [[{**values, fname: forged}]]
                )
            ]
        self.assertEqual(Complaint.search_count([]) - count, 2, "only the two above")
        self.assertFalse(problems, "\n".join(problems))

    # ------------------------------------------------------------------ HTML
    def test_html_written_by_non_managers_is_stored_without_script(self):
        written, problems, refused = [], [], []
        for model, fields in sorted(our_stored_fields(self.env).items()):
            record = self.records.get(model)
            protected = protected_fields(self.env[model])
            html = [f for f, field in fields.items() if field.type == "html" and f not in protected]
            if not html:
                continue
            self.assertTrue(record, f"{model} has HTML fields: give it a fixture")
            for role in NON_MANAGERS:
                user = self.world.roles[role]
                for fname in html:
                    error, payload = self._json(user, model, "write", [record.ids, {fname: XSS}])
                    if error:
                        message = payload["error"]["data"]["message"][:120]
                        refused.append(f"{model}.{fname} by {role}: {message}")
                        continue
                    stored = (record.sudo().read([fname])[0][fname] or "").lower()
                    written.append(f"{model}.{fname} by {role}")
                    if "<script" in stored or "onerror" in stored:
                        problems.append(f"{model}.{fname} written by {role} keeps: {stored}")
        self.assertFalse(problems, "\n".join(problems))
        # the test reached the fields: reps and admins write their documents' HTML
        self.assertIn("sale.complaint.description by admin", written)
        self.assertIn("sale.admin.request.description by rep", written, "\n".join(refused))

    # ------------------------------------------------------------------ portal reads
    def test_portal_users_read_only_the_whitelisted_fields(self):
        portal = self.world.roles["portal_a"]
        readable = [
            model
            for model in sorted(our_stored_fields(self.env))
            if model in self.records
            and model not in PORTAL_READ_EXTENDED
            and self.records[model].with_user(portal).has_access("read")
        ]
        self.assertEqual(
            readable, ["sale.complaint", "sale.contract", "sale.contract.line", "sale.proposal"]
        )
        problems = []
        for model in readable:
            Model = self.env[model]
            self.assertTrue(
                hasattr(Model, "_get_portal_fields"), f"{model} is read by customers: whitelist it"
            )
            allowed = Model._get_portal_fields() | {"id"}
            record = self.records[model]
            error, described = self._json(portal, model, "fields_get", [], {"attributes": ["type"]})
            self.assertIsNone(error, model)
            if extra := set(described) - allowed:
                problems.append(f"fields_get of {model} shows {sorted(extra)}")
            error, rows = self._json(portal, model, "read", [record.ids])
            self.assertIsNone(error, model)
            if extra := set(rows[0]) - allowed:
                problems.append(f"read of {model} returns {sorted(extra)}")
            hidden = sorted(set(Model._fields) - allowed)
            error, _payload = self._json(portal, model, "read", [record.ids, hidden])
            if error != ACCESS_ERROR:
                problems.append(f"read of {model}'s internal fields: {error}")
            for fname in hidden:
                if Model.with_user(portal)._has_field_access(Model._fields[fname], "read"):
                    problems.append(f"{model}.{fname} is readable by customers")
        self.assertFalse(problems, "\n".join(problems))

    def test_portal_users_read_none_of_our_fields_on_odoo_documents(self):
        portal = self.world.roles["portal_a"]
        ours = our_stored_fields(self.env)
        problems = []
        for model in PORTAL_READ_EXTENDED:
            record = self.records[model]
            self.assertTrue(record.with_user(portal).has_access("read"), model)
            error, described = self._json(portal, model, "fields_get", [], {"attributes": ["type"]})
            self.assertIsNone(error, model)
            if shown := set(described) & set(ours[model]):
                problems.append(f"customers read {model}'s {sorted(shown)}")
        self.assertFalse(problems, "\n".join(problems))
