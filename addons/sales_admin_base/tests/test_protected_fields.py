import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from odoo.addons.sales_admin_base.models.sale_admin_protected_mixin import (
    WORKFLOW_CONTEXT_KEY,
    WorkflowWrite,
)

from .protected_common import ProtectedFieldsCommon, image_b64

HOLD_FIELDS = {"sales_admin_hold": False, "sales_admin_hold_reason": "forged"}


@tagged("post_install", "-at_install")
class TestOrderHoldIsProtected(ProtectedFieldsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.held = cls.env.ref("sales_admin_base.order_desk_on_hold")

    def test_no_role_releases_or_sets_a_hold_by_writing_it(self):
        for role, user in self.roles.items():
            for field_name, value in HOLD_FIELDS.items():
                with self.subTest(role=role, field=field_name), self.assertRaises(AccessError):
                    self.held.with_user(user).write({field_name: value})
        self.assertTrue(self.held.sales_admin_hold)
        self.assertEqual(self.held.sales_admin_hold_reason, "Waiting for the purchase order number")

    def test_no_role_creates_an_order_on_hold(self):
        for role, user in self.roles.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["sale.order"].with_user(user).create(
                    {"partner_id": self.customer.id, "sales_admin_hold": True}
                )

    def test_a_default_from_the_context_does_not_hold_a_new_order(self):
        order = (
            self.env["sale.order"]
            .with_user(self.roles["rep"])
            .with_context(default_sales_admin_hold=True, default_sales_admin_hold_reason="x")
            .create({"partner_id": self.customer.id})
        )
        self.assertFalse(order.sales_admin_hold)
        self.assertFalse(order.sales_admin_hold_reason)

    def test_the_release_action_releases_and_is_for_sales_admins(self):
        with self.assertRaises(AccessError):
            self.held.with_user(self.roles["rep"]).action_sales_admin_release_hold()
        self.assertTrue(self.held.sales_admin_hold)
        self.assertIs(self.held.with_user(self.admin).action_sales_admin_release_hold(), True)
        self.assertFalse(self.held.sales_admin_hold)
        self.assertIn("Hold released", self.held.message_ids[0].body)

    def test_the_hold_wizard_holds(self):
        order = self.env.ref("sales_admin_base.order_confirmed")
        wizard = (
            self.env["sale.admin.order.hold"]
            .with_user(self.admin)
            .create({"order_ids": order.ids, "reason": "Credit check"})
        )
        wizard.action_confirm()
        self.assertTrue(order.sales_admin_hold)
        self.assertEqual(order.sales_admin_hold_reason, "Credit check")

    def test_the_web_client_shows_the_hold_read_only(self):
        for role in ("rep", "sales admin", "manager"):
            description = (
                self.env["sale.order"]
                .with_user(self.roles[role])
                .fields_get(["sales_admin_hold", "sales_admin_hold_reason", "note"], ["readonly"])
            )
            self.assertTrue(description["sales_admin_hold"]["readonly"], role)
            self.assertTrue(description["sales_admin_hold_reason"]["readonly"], role)
            self.assertFalse(description["note"]["readonly"], role)

    def test_a_context_value_from_a_client_does_not_open_the_fields(self):
        held = self.held.with_user(self.admin)
        for forged in (
            True,
            "sale.order",
            {"model_name": "sale.order", "field_names": ["sales_admin_hold"]},
            ["sale.order", ["sales_admin_hold"]],
        ):
            with self.subTest(forged=forged), self.assertRaises(AccessError):
                held.with_context(**{WORKFLOW_CONTEXT_KEY: forged}).write(
                    {"sales_admin_hold": False}
                )
        self.assertTrue(self.held.sales_admin_hold)

    def test_a_workflow_write_opens_only_its_own_model_and_fields(self):
        other_model = WorkflowWrite("sale.complaint", {"sales_admin_hold"})
        other_field = WorkflowWrite("sale.order", {"sales_admin_hold_reason"})
        for marker in (other_model, other_field):
            with self.subTest(marker=marker.model_name), self.assertRaises(AccessError):
                self.held.with_user(self.admin).with_context(
                    **{WORKFLOW_CONTEXT_KEY: marker}
                ).write({"sales_admin_hold": False})
        self.held.with_user(self.admin)._write_workflow({"sales_admin_hold_reason": "Checked"})
        self.assertEqual(self.held.sales_admin_hold_reason, "Checked")

    def test_the_refusal_names_the_field(self):
        with self.assertRaisesRegex(AccessError, "On Hold.*set by its workflow"):
            self.held.with_user(self.admin).write({"sales_admin_hold": False})


@tagged("post_install", "-at_install")
class TestSignatureImage(TransactionCase):
    def _check(self, signature):
        return self.env["sale.admin.signature.mixin"]._signature_check_image(signature)

    def test_png_and_jpeg_drawings_are_accepted(self):
        for fmt in ("PNG", "JPEG"):
            data = image_b64(fmt)
            with self.subTest(fmt=fmt):
                self.assertEqual(self._check(data), data)
                self.assertEqual(self._check(data.decode()), data, "as the portal sends it")

    def test_a_data_url_is_read_as_its_image(self):
        data = image_b64("PNG")
        self.assertEqual(self._check(b"data:image/png;base64," + data), data)

    def test_anything_but_a_png_or_jpeg_is_refused(self):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><text>Ann</text></svg>'
        for label, raw in (
            ("svg", svg),
            ("html", b"<html><script>alert(1)</script></html>"),
            ("gif", base64.b64decode(image_b64("GIF"))),
            ("png magic, no image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            ("jpeg magic, no image", b"\xff\xd8\xff" + b"<script>alert(1)</script>"),
            ("png cut short", base64.b64decode(image_b64("PNG"))[:60]),
        ):
            with self.subTest(label), self.assertRaisesRegex(UserError, "PNG or JPEG"):
                self._check(base64.b64encode(raw))

    def test_a_jpeg_named_png_is_refused(self):
        jpeg = base64.b64decode(image_b64("JPEG"))
        with self.assertRaisesRegex(UserError, "PNG or JPEG"):
            self._check(base64.b64encode(b"\x89PNG\r\n\x1a\n" + jpeg[3:]))

    def test_text_that_is_not_base64_is_refused(self):
        with self.assertRaisesRegex(UserError, "PNG or JPEG"):
            self._check("not an image at all!")

    def test_an_oversized_image_is_refused(self):
        with self.assertRaisesRegex(UserError, "too large"):
            self._check(image_b64("PNG", size=(700, 700), noise=True))


@tagged("post_install", "-at_install")
class TestOrderHoldOverRpc(HttpCase):
    """What a sales rep or a sales admin sends over JSON-RPC and XML-RPC."""

    def _call(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": 1,
                "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            },
        )
        return response.json().get("error", {}).get("data", {}).get("name")

    def test_a_hold_is_not_released_by_a_json_rpc_write(self):
        held = self.env.ref("sales_admin_base.order_desk_on_hold")
        for login in ("srep", "sadmin", "smanager"):
            for context in ({}, {WORKFLOW_CONTEXT_KEY: {"model_name": "sale.order"}}):
                with self.subTest(login=login, context=context):
                    error = self._call(
                        login,
                        "sale.order",
                        "write",
                        [held.ids, {"sales_admin_hold": False}],
                        {"context": context},
                    )
                    self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertTrue(held.sales_admin_hold)

    def test_a_hold_is_not_released_by_an_xml_rpc_write(self):
        held = self.env.ref("sales_admin_base.order_desk_on_hold")
        uid = self.env.ref("sales_admin_base.user_sales_admin").id
        with self.assertRaisesRegex(Exception, "AccessError|set by its workflow"):
            self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                uid,
                "sadmin",
                "sale.order",
                "write",
                [held.ids, {"sales_admin_hold": False}],
            )
        self.assertTrue(held.sales_admin_hold)


def _forged(env, field):
    """A value for ``field`` that differs from what the workflow would write."""
    if field.type == "selection":
        return field._description_selection(env)[-1][0]
    if field.type == "many2one":
        return env[field.comodel_name].search([], limit=1, order="id desc").id
    if field.type == "many2one_reference":
        return 1
    return {
        "char": "forged",
        "text": "forged",
        "boolean": True,
        "integer": 7,
        "float": 7.0,
        "monetary": 7.0,
        "datetime": "2030-01-01 00:00:00",
    }[field.type]


class WorkflowFieldsCase(ProtectedFieldsCommon):
    """Writes every protected field of a record as every role: refused, record unchanged."""

    def _assert_protected_on_write(self, record):
        for field_name in sorted(record._get_protected_fields()):
            value = _forged(self.env, record._fields[field_name])
            before = record.sudo().read([field_name])
            for role, user in self.roles.items():
                with (
                    self.subTest(field=field_name, role=role),
                    self.assertRaises(AccessError),
                ):
                    record.with_user(user).write({field_name: value})
            self.assertEqual(record.sudo().read([field_name]), before, field_name)


@tagged("post_install", "-at_install")
class TestRequestWorkflowIsProtected(WorkflowFieldsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = cls.roles["rep"]
        cls.order = cls.env.ref("sales_admin_base.order_confirmed")
        cls.request = (
            cls.env["sale.admin.request"]
            .with_user(cls.rep)
            .create(
                {
                    "subject": "Discount on the chairs?",
                    "type_id": cls.env.ref(
                        "sales_admin_base.sale_admin_request_type_customer_issue"
                    ).id,
                    "res_model": "sale.order",
                    "res_id": cls.order.id,
                }
            )
            .sudo()
        )

    def test_the_progress_of_a_request_is_protected(self):
        self.assertLessEqual(
            {
                "state",
                "decision",
                "requester_id",
                "res_model",
                "res_id",
                "waiting_user_id",
                "escalation_level_id",
                "next_level_id",
                "date_level_deadline",
                "date_last_escalation",
                "date_first_response",
                "date_resolved",
                "date_raised",
                "assigned_by_rotation",
            },
            self.request._get_protected_fields(),
        )

    def test_no_role_writes_the_progress_of_a_request(self):
        self._assert_protected_on_write(self.request)

    def test_a_rep_raises_a_request_from_the_ask_button(self):
        action = self.order.with_user(self.rep).action_sales_admin_request_new()
        Request = (
            self.env["sale.admin.request"].with_user(self.rep).with_context(**action["context"])
        )
        request = Request.create({"type_id": self.request.type_id.id})
        self.assertEqual((request.res_model, request.res_id), ("sale.order", self.order.id))
        self.assertEqual(request.requester_id, self.rep)
        self.assertEqual(request.state, "new")
        self.assertTrue(request.date_raised)

    def test_nobody_raises_a_request_in_someone_elses_name_or_state(self):
        values = {"subject": "x", "type_id": self.request.type_id.id}
        for forged in (
            {"requester_id": self.roles["employee"].id},
            {"state": "resolved"},
            {"date_raised": "2020-01-01 00:00:00"},
            {
                "escalation_level_id": self.env.ref(
                    "sales_admin_base.sale_admin_escalation_level_head_of_sales"
                ).id
            },
        ):
            for role in ("rep", "sales admin", "manager"):
                with self.subTest(forged=forged, role=role), self.assertRaises(AccessError):
                    self.env["sale.admin.request"].with_user(self.roles[role]).create(
                        {**values, **forged}
                    )

    def test_a_context_default_does_not_set_the_progress(self):
        request = (
            self.env["sale.admin.request"]
            .with_user(self.rep)
            .with_context(default_state="closed", default_decision="Yes")
            .create({"subject": "x", "type_id": self.request.type_id.id})
        )
        self.assertEqual(request.state, "new")
        self.assertFalse(request.decision)

    def test_the_waiting_manager_cannot_be_hijacked(self):
        self.request.with_user(self.admin).action_start()
        self.request.with_user(self.admin)._escalate("Above the discount policy")
        waiting = self.request.waiting_user_id
        self.assertTrue(waiting)
        for role in ("rep", "sales admin", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.request.with_user(self.roles[role]).write(
                    {"waiting_user_id": self.roles[role].id}
                )
        self.assertEqual(self.request.waiting_user_id, waiting)

    def test_no_role_forges_an_escalation_or_its_decision(self):
        self.request.with_user(self.admin)._escalate("Above the discount policy")
        escalation = self.request.escalation_ids
        self._assert_protected_on_write(escalation)
        for role in ("sales admin", "manager"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["sale.admin.request.escalation"].with_user(self.roles[role]).create(
                    {
                        "request_id": self.request.id,
                        "level_id": escalation.level_id.id,
                        "user_id": self.roles[role].id,
                        "summary": "forged",
                    }
                )
        self.assertEqual(self.request.escalation_count, 1)

    def test_the_actions_still_write_the_progress(self):
        self.request.with_user(self.admin).action_start()
        self.assertEqual(self.request.state, "in_progress")
        self.assertTrue(self.request.date_first_response)
        self.request.with_user(self.admin)._escalate("Above the discount policy")
        self.assertEqual(self.request.state, "escalated")
        decider = self.request.waiting_user_id
        self.request.with_user(decider)._record_decision("Give 5%")
        self.assertEqual(self.request.state, "in_progress")
        self.assertEqual(self.request.escalation_ids.decided_by_id, decider)
        self.assertEqual(self.request.decision, "Give 5%")


@tagged("post_install", "-at_install")
class TestComplaintWorkflowIsProtected(WorkflowFieldsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env.ref("sales_admin_base.sale_complaint_demo_in_progress")

    def test_the_sla_figures_closing_and_remedy_are_protected(self):
        self.assertLessEqual(
            {
                "date_open",
                "date_closed",
                "reopen_count",
                "date_first_response",
                "paused_hours",
                "date_paused",
                "sla_policy_id",
                "date_response_deadline",
                "date_resolution_deadline",
                "date_response_risk",
                "date_resolution_risk",
                "sla_status",
                "no_financial_remedy",
                "remedy_cost",
            },
            self.complaint._get_protected_fields(),
        )

    def test_no_role_writes_the_sla_figures_or_the_remedy(self):
        self._assert_protected_on_write(self.complaint)

    def test_no_role_files_a_complaint_with_forged_sla_figures(self):
        for field_name in ("paused_hours", "date_first_response", "date_open", "sla_policy_id"):
            value = _forged(self.env, self.complaint._fields[field_name])
            for role in ("rep", "sales admin", "manager"):
                with self.subTest(field=field_name, role=role), self.assertRaises(AccessError):
                    self.env["sale.complaint"].with_user(self.roles[role]).create(
                        {"subject": "x", "partner_id": self.customer.id, field_name: value}
                    )

    def test_a_rep_files_a_complaint_and_the_server_sets_the_clock(self):
        complaint = (
            self.env["sale.complaint"]
            .with_user(self.roles["rep"])
            .create({"subject": "Scratched desk", "partner_id": self.customer.id})
        )
        self.assertTrue(complaint.date_open)
        self.assertFalse(complaint.date_first_response)
        self.assertFalse(complaint.paused_hours)

    def test_the_remedy_links_are_written_by_the_remedy_wizard_only(self):
        order = self.env.ref("sales_admin_base.order_confirmed")
        invoice = self.env["account.move"].search(
            [("move_type", "=", "out_invoice"), ("state", "=", "posted")], limit=1
        )
        for record in (order, invoice):
            for role in ("rep", "sales admin", "manager", "accountant"):
                with self.subTest(model=record._name, role=role), self.assertRaises(AccessError):
                    record.with_user(self.roles[role]).write({"complaint_id": self.complaint.id})
            self.assertFalse(record.complaint_id)
        with self.assertRaises(AccessError):
            self.env["sale.order"].with_user(self.roles["rep"]).create(
                {"partner_id": self.customer.id, "complaint_id": self.complaint.id}
            )

    def test_a_customer_reads_only_what_the_portal_page_shows(self):
        portal = self.roles["portal"]
        complaint = self.env["sale.complaint"].create(
            {"subject": "Portal visible", "partner_id": portal.partner_id.id}
        )
        as_portal = complaint.with_user(portal)
        description = as_portal.fields_get()
        for hidden in ("root_cause_id", "corrective_action", "preventive_action", "priority"):
            self.assertNotIn(hidden, description)
        for hidden in ("sla_status", "remedy_cost", "paused_hours", "user_id"):
            self.assertNotIn(hidden, description)
            with self.subTest(field=hidden), self.assertRaises(AccessError):
                as_portal.read([hidden])
        self.assertLessEqual(set(as_portal.read()[0]), complaint._get_portal_fields())
        self.assertEqual(as_portal.read(["subject"])[0]["subject"], "Portal visible")
        self.assertIn(complaint, self.env["sale.complaint"].with_user(portal).search([]))


@tagged("post_install", "-at_install")
class TestPortalComplaintPages(ProtectedFieldsCommon, HttpCase):
    def test_the_portal_pages_render_with_the_whitelist(self):
        portal = self.roles["portal"]
        complaint = self.env["sale.complaint"].create(
            {"subject": "Wobbly table", "partner_id": portal.partner_id.id}
        )
        self.authenticate("pf_portal", "pf_portal")
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Wobbly table", listing.text)
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Wobbly table", page.text)
        self.assertIn(complaint.name, page.text)


@tagged("post_install", "-at_install")
class TestServerFiguresOfOdooModelsAreProtected(ProtectedFieldsCommon):
    """What the server computes or records on contacts, orders and cockpit tiles: refused on
    create and on write to every role, while the forms and actions that set them work."""

    def test_the_name_key_of_a_contact_follows_its_name(self):
        with Form(self.env["res.partner"].with_user(self.admin)) as form:
            form.name = "Baltic Timber SIA"
        partner = form.record
        key = partner.sales_admin_name_key
        self.assertTrue(key)
        for role, user in self.roles.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                partner.with_user(user).write({"sales_admin_name_key": "forged"})
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.env["res.partner"].with_user(user).create(
                    {"name": "Forged Co", "sales_admin_name_key": "forged"}
                )
        self.assertEqual(partner.sales_admin_name_key, key)
        partner.with_user(self.admin).name = "Riga Furniture SIA"
        self.assertNotEqual(partner.sales_admin_name_key, key)

    def test_the_payment_link_dates_are_set_by_sending_the_link(self):
        order = self.env.ref("sales_admin_base.order_confirmed")
        before = order.sales_admin_date_payment_link_sent
        for role, user in self.roles.items():
            for field_name in (
                "sales_admin_date_payment_link_sent",
                "sales_admin_date_payment_link_reminded",
            ):
                with self.subTest(role=role, field=field_name), self.assertRaises(AccessError):
                    order.with_user(user).write({field_name: "2030-01-01 00:00:00"})
        self.assertEqual(order.sales_admin_date_payment_link_sent, before)

    def test_the_admin_field_names_of_a_tile_follow_its_fields(self):
        tile = self.env.ref("sales_admin_base.cockpit_tile_quotations_to_send")
        before = tile.admin_field_names
        for role, user in self.roles.items():
            with self.subTest(role=role), self.assertRaises(AccessError):
                tile.with_user(user).write({"admin_field_names": "forged"})
        self.assertEqual(tile.admin_field_names, before)
