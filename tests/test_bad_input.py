"""Bad input catalogue: every case feeds one of our addons something a user, a script or an
attacker could send (wrong types over JSON-RPC, oversize text, HTML and script, SQL-like search
strings, negative and huge amounts, dates out of range, malformed files, deleted references).

Each case is one test method generated from the table CASES below. A case either expects an error
a user understands (its class and part of its message) or safe handling (checked by the case
itself), and the database must be unchanged afterwards: the record counts of every model the case
could touch are compared before and after, and no journal entry or payment may appear."""

import base64
import io
import zipfile
from typing import NamedTuple

from openpyxl import Workbook

from odoo import Command
from odoo.exceptions import MissingError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

SQL_LIKE = "x'; DROP TABLE sale_complaint; --"
SCRIPT = '<script>alert("pwned")</script><img src=x onerror="alert(1)">'
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
COUNTED_MODELS = (
    "account.move",
    "account.move.line",
    "account.payment",
    "res.partner",
    "sale.order",
    "sale.order.line",
    "sale.complaint",
    "sale.admin.request",
    "sale.admin.request.escalation",
    "sale.admin.escalation.level",
    "sale.admin.request.type",
    "sale.proposal",
    "sale.proposal.line",
    "sale.proposal.answer",
    "sale.proposal.bid.criterion",
    "sale.proposal.approval.rule",
    "sale.contract",
    "sale.contract.line",
    "sale.contract.clause",
    "sale.admin.report.definition",
    "sale.admin.report.run",
    "sale.admin.report.rule",
    "ir.attachment",
    "mail.activity",
)


class Case(NamedTuple):
    name: str
    call: callable  # call(test) runs the bad input; for safe handling it asserts the outcome
    error: type | None = None  # the exception class expected (None: safe handling)
    message: str = ""  # part of the error message the user reads


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _zip(members):
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return output.getvalue()


def _broken_xlsx():
    """A real XLSX whose sheet XML is cut in the middle."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx([["Question"], ["Do you deliver?"]])))
    members = {info.filename: source.read(info.filename) for info in source.infolist()}
    members["xl/worksheets/sheet1.xml"] = members["xl/worksheets/sheet1.xml"][:120]
    return _zip(members)


@tagged("post_install", "-at_install", "sales_admin_bad_input")
class TestBadInput(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.sadmin = new_test_user(
            cls.env,
            "bad_sadmin",
            groups="sales_admin_base.group_sales_admin_user,account.group_account_invoice,"
            "base.group_partner_manager",
        )
        cls.manager = new_test_user(
            cls.env,
            "bad_manager",
            groups="sales_admin_base.group_sales_admin_manager,account.group_account_invoice",
        )
        cls.rep = new_test_user(cls.env, "bad_rep", groups="sales_team.group_sale_salesman")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Bad Input Customer", "is_company": True, "email": "bad@example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True, "email": "other@example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Bad input chair", "list_price": 100.0, "invoice_policy": "order"}
        )
        cls.order = cls._order(cls.customer)
        cls.order.action_confirm()
        cls.invoice = cls.order._create_invoices()
        cls.invoice.action_post()
        cls.other_order = cls._order(cls.other_customer)
        cls.other_order.action_confirm()
        cls.journal = cls.env["account.journal"].search(
            [*cls.env["account.journal"]._check_company_domain(cls.company), ("type", "=", "bank")],
            limit=1,
        )
        cls.complaint = cls.env["sale.complaint"].create(
            {"subject": "Scratched chair", "partner_id": cls.customer.id}
        )
        cls.request_type = cls.env["sale.admin.request.type"].search([], limit=1)
        cls.request = (
            cls.env["sale.admin.request"]
            .with_user(cls.rep)
            .create(
                {
                    "subject": "Delivery date?",
                    "type_id": cls.request_type.id,
                    "res_model": "sale.order",
                    "res_id": cls.order.id,
                }
            )
            .sudo()
        )
        cls.proposal = cls.env["sale.proposal"].create(
            {"title": "Chairs", "partner_id": cls.customer.id, "user_id": cls.rep.id}
        )
        cls.contract = cls.env["sale.contract"].create(
            {"order_id": cls.order.id, "partner_id": cls.customer.id}
        )
        cls.clause = cls.env["sale.contract.clause"].create(
            {"name": "Scope", "body": "<p>Supply to {{ customer.name }}.</p>"}
        )
        cls.definition = cls.env["sale.admin.report.definition"].create(
            {"name": "Bad input report", "date_start": "2026-01-01", "tz": "UTC"}
        )
        cls.rule = cls.env["sale.admin.report.rule"].search([], limit=1)
        cls.criterion = cls.env["sale.proposal.bid.criterion"].create({"name": "Fit"})
        cls.contract_line = cls.env["sale.contract.line"].create(
            {
                "contract_id": cls.contract.id,
                "name": "Extra",
                "body": "<p>Fixed text.</p>",
                "original_body": "<p>Fixed text.</p>",
            }
        )
        cls.remedy_complaint = cls.env["sale.complaint"].create(
            {
                "subject": "Remedy",
                "partner_id": cls.customer.id,
                "invoice_ids": [Command.link(cls.invoice.id)],
            }
        )
        other_company = cls.env["res.company"].create({"name": "Other Co"})
        cls.twins = cls.env["res.partner"].create(
            [
                {"name": "Twin", "company_id": cls.company.id},
                {"name": "Twin", "company_id": other_company.id},
            ]
        )
        cls.deleted_order_id = cls._order(cls.customer).id
        cls.env["sale.order"].browse(cls.deleted_order_id).unlink()

    @classmethod
    def _order(cls, partner):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": cls.rep.id,
                "require_signature": False,
                "require_payment": False,
                "order_line": [Command.create({"product_id": cls.product.id})],
            }
        )

    # ------------------------------------------------------------------ helpers
    def _counts(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return {
            model: self.env[model].sudo().with_context(active_test=False).search_count([])
            for model in COUNTED_MODELS
        }

    def _rpc(self, login, model, method, *args, **kwargs):
        """Calls model.method over JSON-RPC as login; returns the response's result or error."""
        self.authenticate(login, login)
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=None,
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            },
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _rpc_refused(self, login, model, method, *args, name=None, message="", **kwargs):
        """The call returns an error (of the given exception name) naming the problem."""
        answer = self._rpc(login, model, method, *args, **kwargs)
        self.assertIn("error", answer, f"{model}.{method} accepted bad input: {answer}")
        data = answer["error"]["data"]
        if name:
            self.assertEqual(data["name"], name, data["message"])
        self.assertIn(message, data["message"])

    def _import(self, content, filename="rfp.csv", header_row=1):
        wizard = (
            self.env["sale.proposal.import"]
            .with_user(self.sadmin)
            .create(
                {
                    "proposal_id": self.proposal.id,
                    "file": base64.b64encode(content),
                    "filename": filename,
                    "header_row": header_row,
                }
            )
        )
        wizard.action_read_columns()
        wizard.action_import()

    def _phone_payment(self, **values):
        self.env["sale.admin.phone.payment"].with_user(self.sadmin).create(
            {"journal_id": self.journal.id, **values}
        ).action_take_payment()

    def _run_case(self, case):
        before = self._counts()
        if case.error:
            with self.assertRaises(case.error) as caught:
                case.call(self)
                self.env.flush_all()
            self.assertIn(case.message, str(caught.exception))
        else:
            case.call(self)
        self.assertEqual(self._counts(), before, "the bad input changed the database")


# ---------------------------------------------------------------------- safe-handling checks
def _name_search_sql(test):
    for model in ("sale.complaint", "sale.admin.request", "sale.proposal", "sale.contract"):
        test.assertFalse(test.env[model].with_user(test.sadmin).name_search(SQL_LIKE))
    test.assertTrue(test.env["sale.complaint"].search_count([]))


def _search_read_sql_over_rpc(test):
    for model, field in (
        ("sale.complaint", "subject"),
        ("sale.admin.report.definition", "name"),
        ("sale.contract.clause", "name"),
    ):
        answer = test._rpc(
            "bad_manager", model, "search_read", [(field, "ilike", SQL_LIKE)], fields=["id"]
        )
        test.assertEqual(answer.get("result"), [], answer)


def _order_desk_search_sql(test):
    orders = (
        test.env["sale.order"]
        .with_user(test.sadmin)
        .search([("sales_admin_hold_reason", "ilike", "' OR 1=1 --")])
    )
    test.assertFalse(orders)


def _complaint_html_is_sanitized_and_escaped(test):
    test.complaint.with_user(test.sadmin).write({"description": f"<p>Broken</p>{SCRIPT}"})
    test.complaint.with_user(test.sadmin).write({"subject": SCRIPT})
    test.assertNotIn("<script", test.complaint.description)
    test.assertNotIn("onerror", test.complaint.description)
    test.complaint._portal_ensure_token()
    test.authenticate(None, None)
    page = test.url_open(
        f"/my/complaints/{test.complaint.id}?access_token={test.complaint.access_token}"
    )
    test.assertEqual(page.status_code, 200)
    test.assertIn("&lt;script&gt;alert", page.text, "the subject must be shown escaped")
    test.assertNotIn('<script>alert("pwned")', page.text)
    test.assertNotIn('onerror="alert(1)"', page.text)


def _request_html_is_sanitized(test):
    test.request.with_user(test.sadmin).write({"description": SCRIPT, "subject": SCRIPT})
    test.assertNotIn("<script", test.request.description or "")
    test.assertNotIn("onerror", test.request.description or "")


def _clause_html_is_sanitized(test):
    test.clause.with_user(test.manager).write({"body": f"<p>Text</p>{SCRIPT}"})
    body = test.clause.current_version_id.body or test.clause.body
    test.assertNotIn("<script", body)
    test.assertNotIn("onerror", body)


def _placeholder_value_is_escaped(test):
    test.customer.name = SCRIPT
    rendered = test.env["sale.contract"]._placeholder_render(
        "<p>Supply to {{ customer.name }}.</p>", test.contract._placeholder_roots()
    )
    test.assertIn("&lt;script&gt;", rendered)
    test.assertNotIn("<script", rendered)


def _oversize_text_is_stored_whole(test):
    subject = "Chair " * 50_000  # 300,000 characters
    description = "<p>" + "x" * 1_000_000 + "</p>"
    test.complaint.with_user(test.sadmin).write({"subject": subject, "description": description})
    test.complaint.invalidate_recordset()
    test.assertEqual(test.complaint.subject, subject)
    test.assertEqual(len(test.complaint.description), len(description))
    test.assertFalse(test.env["sale.complaint"].with_user(test.sadmin).name_search(subject))


def _oversize_reference_is_screened(test):
    # a long run of digits holding a valid card number is still caught, and fast
    reference = "0" * 100_000 + " 4111 1111 1111 1111"
    with test.assertRaisesRegex(UserError, "looks like a payment card number"):
        test.env["sale.admin.phone.payment"].with_user(test.sadmin).create(
            {"order_id": test.order.id, "journal_id": test.journal.id, "reference": reference}
        )


def _huge_threshold_is_harmless(test):
    test.rule.with_user(test.manager).write({"threshold": 1e300, "operator": "above"})
    fires, _values = test.rule._evaluate(
        {"kpis": {test.rule.metric: 5.0}, "previous": {}, "last_year": {}}
    )
    test.assertFalse(fires)


CASES = [
    # ------------------------------------------------------------------ wrong types over RPC
    # A property of Odoo's ORM, not of our addons: a value of the wrong type is refused by the
    # field conversion (ValueError, TypeError) or by PostgreSQL (whose message quotes the query),
    # the request is rolled back, and the web client never sends such values.
    Case(
        "rpc_complaint_partner_as_text",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.complaint",
            "create",
            [{"subject": "x", "partner_id": "Acme"}],
            message="Acme",
        ),
    ),
    Case(
        "rpc_complaint_partner_as_list",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.complaint",
            "create",
            [{"subject": "x", "partner_id": [t.customer.id, t.other_customer.id]}],
            message="partner_id",
        ),
    ),
    Case(
        "rpc_phone_payment_amount_as_text",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.admin.phone.payment",
            "create",
            [{"order_id": t.order.id, "journal_id": t.journal.id, "amount": "one hundred"}],
            message="one hundred",
        ),
    ),
    Case(
        "rpc_phone_payment_order_as_dict",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.admin.phone.payment",
            "create",
            [{"order_id": {"id": t.order.id}, "journal_id": t.journal.id}],
        ),
    ),
    Case(
        "rpc_order_hold_ids_as_text",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.admin.order.hold",
            "create",
            [{"order_ids": "all", "reason": "stop"}],
        ),
    ),
    Case(
        "rpc_contract_line_without_its_contract",
        # refused by the required field, as any model's: not a server error of ours
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.contract.line",
            "create",
            [{"name": "A clause of no contract", "body": "<p>Text</p>"}],
            name=VALIDATION_ERROR,
            message="contract_id",
        ),
    ),
    Case(
        "rpc_report_definition_run_day_as_text",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.admin.report.definition",
            "write",
            [t.definition.id],
            {"run_day": "first"},
            message="first",
        ),
    ),
    Case(
        "rpc_proposal_validity_date_as_number",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.proposal",
            "write",
            [t.proposal.id],
            {"validity_date": 20261231},
        ),
    ),
    Case(
        "rpc_request_create_with_deleted_order",
        lambda t: t._rpc_refused(
            "bad_rep",
            "sale.admin.request",
            "create",
            [
                {
                    "subject": "x",
                    "type_id": t.request_type.id,
                    "res_model": "sale.order",
                    "res_id": t.deleted_order_id,
                }
            ],
            name="odoo.exceptions.MissingError",
        ),
    ),
    Case(
        "rpc_complaint_with_deleted_partner",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.complaint",
            "create",
            [{"subject": "x", "partner_id": 2_000_000_000}],
            name=VALIDATION_ERROR,
        ),
    ),
    # ------------------------------------------------------------------ SQL-like strings
    Case("name_search_with_sql", _name_search_sql),
    Case("search_read_with_sql_over_rpc", _search_read_sql_over_rpc),
    Case("order_desk_search_with_sql", _order_desk_search_sql),
    Case(
        "search_on_injected_field_name",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.complaint",
            "search",
            [("subject; DROP TABLE sale_complaint", "=", "x")],
            message="Invalid field",
        ),
    ),
    Case(
        "completeness_config_with_sql",
        lambda t: t.company.write(
            {"sales_admin_required_partner_fields": "email,phone; DROP TABLE res_partner"}
        ),
        ValidationError,
        "do not exist on contacts",
    ),
    # ------------------------------------------------------------------ HTML and script
    Case("complaint_script_is_sanitized_and_escaped", _complaint_html_is_sanitized_and_escaped),
    Case("request_script_is_sanitized", _request_html_is_sanitized),
    Case("clause_script_is_sanitized", _clause_html_is_sanitized),
    Case("placeholder_value_with_script_is_escaped", _placeholder_value_is_escaped),
    # ------------------------------------------------------------------ oversize text
    Case("oversize_complaint_text_is_stored_whole", _oversize_text_is_stored_whole),
    Case("oversize_reference_with_card_number", _oversize_reference_is_screened),
    # ------------------------------------------------------------------ complaints
    Case(
        "complaint_without_customer_or_email",
        lambda t: t.env["sale.complaint"].with_user(t.sadmin).create({"subject": "x"}),
        ValidationError,
        "needs a customer or at least an email",
    ),
    Case(
        "complaint_about_another_customers_order",
        lambda t: t.env["sale.complaint"]
        .with_user(t.sadmin)
        .create(
            {
                "subject": "x",
                "partner_id": t.customer.id,
                "sale_order_ids": [Command.link(t.other_order.id)],
            }
        ),
        ValidationError,
        "do not belong to",
    ),
    Case(
        "complaint_credit_note_negative_quantity",
        lambda t: t._remedy(-1),
        UserError,
        "You cannot credit -1.0",
    ),
    Case(
        "complaint_credit_note_huge_quantity",
        lambda t: t._remedy(1e9),
        UserError,
        "only 1.0 were invoiced",
    ),
    # ------------------------------------------------------------------ phone payments
    Case(
        "phone_payment_negative_amount",
        lambda t: t._phone_payment(order_id=t.order.id, amount=-50.0),
        UserError,
        "must be positive",
    ),
    Case(
        "phone_payment_zero_amount",
        lambda t: t._phone_payment(invoice_id=t.invoice.id, amount=0.0),
        UserError,
        "must be positive",
    ),
    Case(
        "phone_payment_huge_amount",
        lambda t: t._phone_payment(invoice_id=t.invoice.id, amount=1e15),
        UserError,
        "Keep the Excess as Customer Credit",
    ),
    Case(
        "phone_payment_card_number_in_note",
        lambda t: t._phone_payment(order_id=t.order.id, amount=10.0, note="4111-1111-1111-1111"),
        UserError,
        "payment card number",
    ),
    Case(
        "phone_payment_dated_year_1",
        lambda t: t._phone_payment(order_id=t.order.id, amount=10.0, payment_date="0001-01-01"),
        UserError,
        "is not plausible",
    ),
    Case(
        "phone_payment_dated_year_9999",
        lambda t: t._phone_payment(order_id=t.order.id, amount=10.0, payment_date="9999-12-31"),
        UserError,
        "is not plausible",
    ),
    Case(
        "phone_payment_on_deleted_invoice",
        lambda t: t._phone_payment(invoice_id=2_000_000_000, amount=10.0),
        MissingError,
        "deleted",
    ),
    # ------------------------------------------------------------------ order desk, customers
    Case(
        "order_hold_blank_reason",
        lambda t: t.env["sale.admin.order.hold"]
        .with_user(t.sadmin)
        .create({"order_ids": [Command.set(t.order.ids)], "reason": "   "})
        .action_confirm(),
        UserError,
        "Give the reason for the hold",
    ),
    Case(
        "order_hold_on_deleted_order",
        lambda t: t.env["sale.admin.order.hold"]
        .with_user(t.sadmin)
        .create({"order_ids": [Command.set([t.deleted_order_id])], "reason": "stop"})
        .action_confirm(),
        MissingError,
        "deleted",
    ),
    Case(
        "completeness_config_unknown_field",
        lambda t: t.company.write({"sales_admin_required_partner_fields": "email,shoe_size"}),
        ValidationError,
        "shoe_size",
    ),
    Case(
        "completeness_config_computed_field",
        lambda t: t.company.write({"sales_admin_required_partner_fields": "email,display_name"}),
        ValidationError,
        "computed on the fly",
    ),
    Case(
        "duplicate_finder_threshold_above_one",
        lambda t: t.env["sale.admin.partner.deduplicate"]
        .with_user(t.sadmin)
        .create({"name_threshold": 5}),
        ValidationError,
        "between 0.1 and 1",
    ),
    Case(
        "duplicate_finder_negative_days",
        lambda t: t.env["sale.admin.partner.deduplicate"]
        .with_user(t.sadmin)
        .create({"changed_days": -30})
        .action_find(),
        UserError,
        "days",
    ),
    Case(
        "merge_contacts_of_two_companies",
        lambda t: t._merge_across_companies(),
        UserError,
        "different companies",
    ),
    # ------------------------------------------------------------------ requests, escalations
    Case(
        "request_about_unknown_model",
        lambda t: t.env["sale.admin.request"]
        .with_user(t.rep)
        .create(
            {
                "subject": "x",
                "type_id": t.request_type.id,
                "res_model": "no.such.model",
                "res_id": 1,
            }
        ),
        ValidationError,
        "cannot be raised about",
    ),
    Case(
        "request_about_deleted_order",
        lambda t: t.env["sale.admin.request"]
        .with_user(t.rep)
        .create(
            {
                "subject": "x",
                "type_id": t.request_type.id,
                "res_model": "sale.order",
                "res_id": t.deleted_order_id,
            }
        ),
        MissingError,
        "deleted",
    ),
    Case(
        "escalation_with_blank_summary",
        lambda t: t.env["sale.admin.request.escalate"]
        .with_user(t.sadmin)
        .create({"request_id": t.request.id, "summary": " \n "})
        .action_escalate(),
        UserError,
        "Write a summary",
    ),
    Case(
        "request_resolved_with_empty_html",
        lambda t: (
            t.request.with_user(t.sadmin).write({"resolution": "<p><br></p>"}),
            t.request.with_user(t.sadmin).action_resolve(),
        ),
        UserError,
        "Write the resolution",
    ),
    Case(
        "escalation_level_negative_hours",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.admin.escalation.level",
            "create",
            [{"name": "Negative", "response_hours": -4}],
            name=VALIDATION_ERROR,
            message="The response target cannot be negative.",
        ),
    ),
    # ------------------------------------------------------------------ proposals, RFP import
    Case("rfp_import_empty_file", lambda t: t._import(b"  \n"), UserError, "The file is empty"),
    Case(
        "rfp_import_image_as_csv",
        lambda t: t._import(base64.b64decode(_PNG), "rfp.csv"),
        UserError,
        "is not a spreadsheet",
    ),
    Case(
        "rfp_import_truncated_xlsx",
        lambda t: t._import(_xlsx([["Question"], ["Do you deliver?"]])[:300], "rfp.xlsx"),
        UserError,
        "is not a spreadsheet",
    ),
    Case(
        "rfp_import_zip_that_is_not_xlsx",
        lambda t: t._import(_zip({"readme.txt": "hello"}), "rfp.xlsx"),
        UserError,
        "is not a spreadsheet",
    ),
    Case(
        "rfp_import_xlsx_with_broken_sheet",
        lambda t: t._import(_broken_xlsx(), "rfp.xlsx"),
        UserError,
        "is not a spreadsheet",
    ),
    Case(
        "rfp_import_csv_formula",
        lambda t: t._import(b"Question;Answer\n=cmd|' /C calc'!A0;yes\n"),
        UserError,
        "formulas are not accepted",
    ),
    Case(
        "rfp_import_header_row_out_of_range",
        lambda t: t._import(b"Question\nDo you deliver?\n", header_row=999),
        UserError,
        "has no row 999",
    ),
    Case(
        "rfp_import_row_without_question_imports_nothing",
        lambda t: t._import(b"Question,Answer\nDo you deliver?,Yes\n,orphan answer\n"),
        UserError,
        "Nothing was imported",
    ),
    Case(
        "proposal_bid_score_out_of_range",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.proposal.bid.score",
            "create",
            [{"proposal_id": t.proposal.id, "criterion_id": t.criterion.id, "score": 99}],
            name=VALIDATION_ERROR,
            message="A score goes from 0 to",
        ),
    ),
    Case(
        "proposal_approval_rule_without_threshold",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.proposal.approval.rule",
            "create",
            [{"name": "Empty rule", "min_amount": -5, "approver_ids": [[6, 0, [t.manager.id]]]}],
            name=VALIDATION_ERROR,
            message="needs a total, a discount or a margin threshold",
        ),
    ),
    Case(
        "proposal_approval_rule_without_approver",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.proposal.approval.rule",
            "create",
            [{"name": "Nobody approves", "min_amount": 1000}],
            name=VALIDATION_ERROR,
            message="needs at least one approver",
        ),
    ),
    # ------------------------------------------------------------------ contracts, clauses
    Case(
        "contract_ends_before_it_starts",
        lambda t: t.contract.with_user(t.sadmin).write(
            {"date_start": "2026-06-01", "date_end": "2026-01-01"}
        ),
        ValidationError,
        "is before its start date",
    ),
    Case(
        "contract_negative_renewal_notice",
        lambda t: t._rpc_refused(
            "bad_sadmin",
            "sale.contract",
            "write",
            [t.contract.id],
            {"renewal_notice_days": -10},
            name=VALIDATION_ERROR,
            message="The renewal notice cannot be negative.",
        ),
    ),
    Case(
        "clause_placeholder_with_dunder",
        lambda t: t.clause.with_user(t.manager).write(
            {"body": "<p>{{ order.partner_id.__class__ }}</p>"}
        ),
        ValidationError,
        "forbidden name",
    ),
    Case(
        "clause_with_template_code",
        lambda t: t.clause.with_user(t.manager).write(
            {"body": "<p>{% for x in range(9**9) %}x{% endfor %}</p>"}
        ),
        ValidationError,
        "template or code syntax",
    ),
    Case(
        "clause_placeholder_of_a_secret",
        lambda t: t.clause.with_user(t.manager).write(
            {"body": "<p>{{ contract.access_token }}</p>"}
        ),
        ValidationError,
        "forbidden name",
    ),
    Case(
        "contract_text_with_typed_placeholder",
        lambda t: t._contract_line_with_code(),
        ValidationError,
        "placeholders are filled in from the template",
    ),
    # ------------------------------------------------------------------ reporting
    Case(
        "report_generate_period_ends_before_start",
        lambda t: t._generate("2026-03-31", "2026-03-01"),
        UserError,
        "cannot end before it starts",
    ),
    Case(
        "report_generate_year_9999",
        lambda t: t._generate("9999-12-01", "9999-12-31"),
        UserError,
        "has not started yet",
    ),
    Case(
        "report_generate_year_1",
        lambda t: t._generate("0001-01-01", "0001-01-31"),
        UserError,
        "2000",
    ),
    Case(
        "report_generate_for_deleted_definition",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.admin.report.generate",
            "create",
            [{"definition_id": 2_000_000_000, "date_from": "2026-01-01", "date_to": "2026-01-31"}],
            name="odoo.exceptions.MissingError",
            message="Record does not exist or has been deleted",
        ),
    ),
    Case(
        "report_definition_run_day_out_of_range",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.admin.report.definition",
            "write",
            [t.definition.id],
            {"run_day": 31},
            name=VALIDATION_ERROR,
            message="The run day must be between 1 and 28.",
        ),
    ),
    Case(
        "report_definition_starts_in_year_1",
        lambda t: t.definition.with_user(t.manager).write({"date_start": "0001-01-01"}),
        ValidationError,
        "2000",
    ),
    Case(
        "report_rule_negative_threshold",
        lambda t: t._rpc_refused(
            "bad_manager",
            "sale.admin.report.rule",
            "write",
            [t.rule.id],
            {"threshold": -5},
            name=VALIDATION_ERROR,
            message="A rule's threshold cannot be negative.",
        ),
    ),
    Case(
        "report_rule_unknown_placeholder",
        lambda t: t.rule.with_user(t.manager).write({"message": "Sales moved {amount}"}),
        ValidationError,
        "unknown placeholder",
    ),
    Case(
        "report_rule_placeholder_attribute_access",
        lambda t: t.rule.with_user(t.manager).write(
            {"message": "{value.__class__.__init__.__globals__}"}
        ),
        ValidationError,
        "unknown placeholder",
    ),
    Case(
        "report_rule_unbalanced_brace",
        lambda t: t.rule.with_user(t.manager).write({"message": "Sales moved {value"}),
        ValidationError,
        "unknown placeholder",
    ),
    Case("report_rule_huge_threshold_is_harmless", _huge_threshold_is_harmless),
]

# a 1x1 PNG
_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def _remedy(test, quantity):
    wizard = (
        test.env["sale.complaint.remedy"]
        .with_user(test.sadmin)
        .create(
            {
                "complaint_id": test.remedy_complaint.id,
                "remedy_type": "credit_note",
                "credit_type": "compensation",
            }
        )
    )
    wizard.line_ids.quantity = quantity
    wizard.action_apply()


def _merge_across_companies(test):
    wizard = (
        test.env["base.partner.merge.automatic.wizard"]
        .with_context(active_model="res.partner", active_ids=test.twins.ids)
        .create({})
    )
    wizard._merge(test.twins.ids, test.twins[0])


def _contract_line_with_code(test):
    test.contract_line.with_user(test.sadmin).body = "<p>Fixed text {{ company.name }}.</p>"


def _generate(test, date_from, date_to, definition_id=None):
    test.env["sale.admin.report.generate"].with_user(test.manager).create(
        {
            "definition_id": definition_id or test.definition.id,
            "date_from": date_from,
            "date_to": date_to,
        }
    ).action_generate()


for _helper in (_remedy, _merge_across_companies, _contract_line_with_code, _generate):
    setattr(TestBadInput, _helper.__name__, _helper)


def _make_test(case):
    def test(self):
        self._run_case(case)

    test.__name__ = f"test_{case.name}"
    test.__doc__ = f"bad input: {case.name.replace('_', ' ')}"
    return test


assert len({case.name for case in CASES}) == len(CASES), "case names must be unique"
for _case in CASES:
    setattr(TestBadInput, f"test_{_case.name}", _make_test(_case))
