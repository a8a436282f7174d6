"""Every portal route our addons add, probed by visitors who must not see customer A's documents:
no token, a wrong token, customer B's token, customer B logged in, and a withdrawn (cancelled or
unsent) document with its own token. Each gets a redirect to the login or portal home, a 403 or a
404, never a page, a PDF or a JSON answer holding the document's name, customer or amounts."""

import ast
import json
from pathlib import Path

from odoo import Command, http
from odoo.tests import HttpCase, tagged

from .security_world import build_world

ADDONS = Path(__file__).resolve().parent.parent / "addons"

# Every route of addons/*/controllers, and the test methods below that probe it.
PROBED_ROUTES = {
    "/my/complaints": "test_complaint_lists",
    "/my/complaints/page/<int:page>": "test_complaint_lists",
    "/my/complaints/<int:complaint_id>": "test_complaint_page",
    "/my/complaints/new": "test_complaint_form",
    "/my/complaints/<int:complaint_id>/rate": "test_complaint_rating",
    "/my/proposals": "test_proposal_list",
    "/my/proposals/<int:proposal_id>": "test_proposal_page",
    "/my/proposals/<int:proposal_id>/accept": "test_proposal_accept",
    "/my/proposals/<int:proposal_id>/decline": "test_proposal_decline",
    "/my/contracts": "test_contract_list",
    "/my/contracts/<int:contract_id>": "test_contract_page",
    "/my/contracts/<int:contract_id>/sign": "test_contract_sign",
}
REFUSED = {302, 303, 403, 404}
REFUSED_TARGETS = ("/web/login", "/my")


def controller_routes():
    """The URL patterns of every @http.route in addons/*/controllers."""
    routes = set()
    for path in ADDONS.glob("*/controllers/*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "attr", None) == "route"
                    and decorator.args
                ):
                    value = ast.literal_eval(decorator.args[0])
                    routes.update([value] if isinstance(value, str) else value)
    return routes


@tagged("post_install", "-at_install")
class TestPortalProbes(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        w = cls.world = build_world(cls.env)
        env = cls.env
        r = w.records
        cls.complaint = r["sale.complaint"]
        cls.proposal = r["sale.proposal"]
        cls.contract = r["sale.contract"]
        w.order.action_confirm()
        # customer B's documents, whose tokens B holds
        order_b = env["sale.order"].create(
            {
                "partner_id": w.customer_b.id,
                "order_line": [Command.create({"product_id": w.product.id, "product_uom_qty": 3})],
            }
        )
        cls.complaint_b = env["sale.complaint"].create(
            {"subject": "B's own complaint", "partner_id": w.customer_b.id}
        )
        cls.proposal_b = env["sale.proposal"].create(
            {"title": "B's proposal", "partner_id": w.customer_b.id, "order_id": order_b.id}
        )
        cls.proposal_b.state = "sent"
        cls.contract_b = env["sale.contract"].create(
            {"order_id": order_b.id, "partner_id": w.customer_b.id}
        )
        cls.contract_b.state = "sent"
        # customer A's withdrawn documents, with their (once valid) tokens
        cls.cancelled_proposal = cls.proposal.copy({"title": "Matrix proposal withdrawn"})
        cls.cancelled_proposal.state = "cancel"
        cls.withdrawn_contract = env["sale.contract"].create(
            {"order_id": w.order.id, "partner_id": w.customer_a.id}
        )
        for document in (
            cls.complaint,
            cls.complaint_b,
            cls.proposal,
            cls.proposal_b,
            cls.cancelled_proposal,
            cls.contract,
            cls.contract_b,
            cls.withdrawn_contract,
        ):
            document._portal_ensure_token()
        amount = w.order.amount_total
        cls.secrets = [
            w.customer_a.name,
            w.order.name,
            cls.complaint.name,
            cls.complaint.subject,
            cls.proposal.name,
            cls.proposal.title,
            cls.cancelled_proposal.name,
            cls.contract.name,
            cls.withdrawn_contract.name,
            f"{amount:,.2f}",
            f"{amount:.2f}",
        ]

    # ------------------------------------------------------------------ helpers

    def _visitors(self, document, document_b):
        """(label, login or None, token) for each visitor who must be refused."""
        return [
            ("no token", None, None),
            ("wrong token", None, "0" * len(document.access_token)),
            ("B's token", None, document_b.access_token),
            ("B logged in with B's token", "sm_portal_b", document_b.access_token),
            ("B logged in without token", "sm_portal_b", None),
        ]

    def _login(self, login):
        self.authenticate(login, login)

    def _assert_no_secret(self, text, context):
        for secret in self.secrets:
            self.assertNotIn(secret, text, f"{context}: the page shows {secret!r}")

    def _assert_refused(self, url, context, **kwargs):
        response = self.url_open(url, allow_redirects=False, **kwargs)
        self.assertIn(response.status_code, REFUSED, f"{context}: {url}")
        if response.status_code in (302, 303):
            target = response.headers["Location"].replace(self.base_url(), "")
            self.assertTrue(target.startswith(REFUSED_TARGETS), f"{context}: to {target}")
        self._assert_no_secret(response.text, f"{context}: {url}")
        return response

    def _url(self, path, token):
        return f"{path}?access_token={token}" if token else path

    def _csrf(self):
        return http.Request.csrf_token(self)

    # ------------------------------------------------------------------ the table is complete

    def test_every_controller_route_is_probed(self):
        self.assertEqual(controller_routes(), set(PROBED_ROUTES))
        for method in PROBED_ROUTES.values():
            self.assertTrue(hasattr(self, method), method)

    # ------------------------------------------------------------------ complaints

    def test_complaint_lists(self):
        for url in ("/my/complaints", "/my/complaints/page/2"):
            self._login(None)
            self._assert_refused(url, "anonymous")
            self._login("sm_portal_b")
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200)
            self._assert_no_secret(page.text, f"B's {url}")

    def test_complaint_page(self):
        path = f"/my/complaints/{self.complaint.id}"
        for label, login, token in self._visitors(self.complaint, self.complaint_b):
            with self.subTest(visitor=label):
                self._login(login)
                self._assert_refused(self._url(path, token), label)

    def test_complaint_form(self):
        self._login(None)
        self._assert_refused("/my/complaints/new", "anonymous")
        self._login("sm_portal_b")
        self._assert_no_secret(self.url_open("/my/complaints/new").text, "B's form")
        count = self.env["sale.complaint"].search_count([])
        response = self.url_open(
            "/my/complaints/new",
            data={
                "subject": "About A's order",
                "order_id": self.world.order.id,
                "csrf_token": self._csrf(),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("This order is not one of yours", response.text)
        self._assert_no_secret(response.text, "B's form on A's order")
        self.assertEqual(self.env["sale.complaint"].search_count([]), count)

    def test_complaint_rating(self):
        self.complaint.write({"resolution": "<p>Replaced.</p>", "no_financial_remedy": True})
        self.complaint.action_close()
        path = f"/my/complaints/{self.complaint.id}/rate"
        for label, login, token in self._visitors(self.complaint, self.complaint_b):
            with self.subTest(visitor=label):
                self._login(login)
                self._assert_refused(
                    self._url(path, token),
                    label,
                    data={"rating": 1, "feedback": "bad", "csrf_token": self._csrf()},
                )
                self.assertFalse(self.complaint.rating_ids.filtered("consumed"))
                self.assertTrue(self.complaint.is_closed, "a 1-star rating would reopen it")

    # ------------------------------------------------------------------ proposals

    def test_proposal_list(self):
        self._login(None)
        self._assert_refused("/my/proposals", "anonymous")
        self._login("sm_portal_b")
        page = self.url_open("/my/proposals")
        self.assertEqual(page.status_code, 200)
        self._assert_no_secret(page.text, "B's proposals")

    def _proposal_visitors(self):
        path = f"/my/proposals/{self.proposal.id}"
        visitors = [
            (label, login, path, token)
            for label, login, token in self._visitors(self.proposal, self.proposal_b)
        ]
        visitors.append(
            (
                "cancelled, own token",
                None,
                f"/my/proposals/{self.cancelled_proposal.id}",
                self.cancelled_proposal.access_token,
            )
        )
        return visitors

    def test_proposal_page(self):
        for label, login, path, token in self._proposal_visitors():
            for suffix in ("", "&report_type=pdf" if token else "?report_type=pdf"):
                with self.subTest(visitor=label, suffix=suffix):
                    self._login(login)
                    self._assert_refused(self._url(path, token) + suffix, label)

    def test_proposal_accept(self):
        for label, login, path, token in self._proposal_visitors():
            with self.subTest(visitor=label):
                self._login(login)
                result = self.make_jsonrpc_request(
                    f"{path}/accept",
                    {"access_token": token, "name": "Mallory", "signature": "iVBORw0KGgo="},
                )
                self.assertIn("error", result)
                self._assert_no_secret(json.dumps(result), label)
        self.assertEqual(self.proposal.state, "sent")
        self.assertEqual(self.cancelled_proposal.state, "cancel")

    def test_proposal_decline(self):
        for label, login, path, token in self._proposal_visitors():
            with self.subTest(visitor=label):
                self._login(login)
                self._assert_refused(
                    f"{path}/decline",
                    label,
                    data={"access_token": token or "", "reason": "no", "csrf_token": self._csrf()},
                )
        self.assertEqual(self.proposal.state, "sent")
        self.assertEqual(self.cancelled_proposal.state, "cancel")

    # ------------------------------------------------------------------ contracts

    def test_contract_list(self):
        self._login(None)
        self._assert_refused("/my/contracts", "anonymous")
        self._login("sm_portal_b")
        page = self.url_open("/my/contracts")
        self.assertEqual(page.status_code, 200)
        self._assert_no_secret(page.text, "B's contracts")

    def _contract_visitors(self):
        path = f"/my/contracts/{self.contract.id}"
        visitors = [
            (label, login, path, token)
            for label, login, token in self._visitors(self.contract, self.contract_b)
        ]
        visitors.append(
            (
                "withdrawn to draft, own token",
                None,
                f"/my/contracts/{self.withdrawn_contract.id}",
                self.withdrawn_contract.access_token,
            )
        )
        return visitors

    def test_contract_page(self):
        for label, login, path, token in self._contract_visitors():
            for suffix in ("", "&report_type=pdf" if token else "?report_type=pdf"):
                with self.subTest(visitor=label, suffix=suffix):
                    self._login(login)
                    self._assert_refused(self._url(path, token) + suffix, label)

    def test_contract_sign(self):
        for label, login, path, token in self._contract_visitors():
            with self.subTest(visitor=label):
                self._login(login)
                result = self.make_jsonrpc_request(
                    f"{path}/sign",
                    {"access_token": token, "name": "Mallory", "signature": "iVBORw0KGgo="},
                )
                self.assertIn("error", result)
                self._assert_no_secret(json.dumps(result), label)
        self.assertEqual(self.contract.state, "sent")
        self.assertEqual(self.withdrawn_contract.state, "draft")
