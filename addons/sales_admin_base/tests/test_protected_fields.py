import base64

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

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
