"""The same attacks over JSON-RPC, XML-RPC and the portal routes."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged

from .integrity_common import PNG, IntegrityCommon

SVG = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4="


@tagged("post_install", "-at_install")
class TestWorkflowIntegrityOverHttp(IntegrityCommon, HttpCase):
    def _call_kw(self, login, model, method, args, kwargs=None):
        """The error's class name, or None when the call succeeded."""
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
        self.assertEqual(response.status_code, 200)
        return response.json().get("error", {}).get("data", {}).get("name")

    def test_json_rpc_writes_and_creates_of_workflow_fields_are_refused(self):
        proposal = self._proposal()
        contract = self._sent_contract()
        attempts = [
            ("sale.proposal", "write", [proposal.ids, {"state": "approved"}]),
            ("sale.proposal", "write", [proposal.ids, {"approver_ids": [[4, self.rep.id]]}]),
            (
                "sale.proposal",
                "create",
                [{"title": "x", "partner_id": self.customer.id, "state": "accepted"}],
            ),
            ("sale.contract", "write", [contract.ids, {"state": "signed", "signed_by": "X"}]),
            ("sale.contract.line", "write", [contract.line_ids[:1].ids, {"original_body": "x"}]),
        ]
        for login in ("srep", "sadmin", "smanager"):
            for model, method, args in attempts:
                with self.subTest(login=login, model=model, args=args):
                    error = self._call_kw(
                        login,
                        model,
                        method,
                        args,
                        {"context": {"sales_admin_workflow_write": {"model_name": model}}},
                    )
                    self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertEqual(proposal.state, "draft")
        self.assertEqual(contract.state, "sent")

    def test_the_workflow_writer_cannot_be_called_remotely(self):
        proposal = self._proposal()
        error = self._call_kw(
            "srep", "sale.proposal", "_write_workflow", [proposal.ids, {"state": "approved"}]
        )
        self.assertIsNotNone(error)
        self.assertEqual(proposal.state, "draft")

    def test_xml_rpc_writes_of_workflow_fields_are_refused(self):
        proposal = self._proposal()
        for values in ({"state": "approved"}, {"approved_by_id": self.manager.id}):
            with self.subTest(values=values), self.assertRaises(xmlrpc.client.Fault):
                self.xmlrpc_object.execute_kw(
                    self.env.cr.dbname,
                    self.rep.id,
                    "srep",
                    "sale.proposal",
                    "write",
                    [proposal.ids, values],
                )
        self.assertEqual(proposal.state, "draft")

    def test_a_customer_reads_no_internal_field_over_json_rpc(self):
        proposal = self._sent_proposal()
        self.authenticate("pf_portal", "pf_portal")
        error = self._call_kw("pf_portal", "sale.proposal", "read", [proposal.ids, ["bid_score"]])
        self.assertEqual(error, "odoo.exceptions.AccessError")
        self.assertIsNone(
            self._call_kw("pf_portal", "sale.proposal", "read", [proposal.ids, ["title"]])
        )

    def test_a_drawing_that_is_no_image_is_refused_by_the_portal(self):
        proposal = self._sent_proposal()
        answer = self.make_jsonrpc_request(
            f"/my/proposals/{proposal.id}/accept",
            {"access_token": proposal.access_token, "name": "Ilze Berzina", "signature": SVG},
        )
        self.assertIn("PNG or JPEG", answer["error"])
        self.assertEqual(proposal.state, "sent")
        answer = self.make_jsonrpc_request(
            f"/my/proposals/{proposal.id}/accept",
            {
                "access_token": proposal.access_token,
                "name": "Ilze Berzina",
                "signature": PNG.decode(),
            },
        )
        self.assertTrue(answer.get("force_refresh"), answer)
        self.assertEqual(proposal.state, "accepted")

    def test_the_old_link_of_a_reopened_proposal_opens_nothing(self):
        proposal = self._sent_proposal()
        old_url = proposal.get_portal_url()
        proposal.action_cancel()
        proposal.action_reset_draft()
        proposal.action_submit()
        proposal.with_user(self.manager).action_approve()
        proposal.action_send()
        self.assertEqual(self.url_open(old_url).status_code, 404)
        self.assertEqual(self.url_open(proposal.get_portal_url()).status_code, 200)

    def _countersigned_contract(self):
        contract = self._signed_contract()
        contract.action_countersign()
        return contract.sudo()

    def test_the_customer_downloads_exactly_the_kept_signed_pdf(self):
        contract = self._countersigned_contract()
        response = self.url_open(contract.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, contract.signed_document_id.raw)

    def test_an_altered_signed_pdf_is_refused_and_the_admin_told(self):
        contract = self._countersigned_contract()
        contract.signed_document_id.raw = b"%PDF-1.4 forged"
        for _attempt in range(2):
            response = self.url_open(contract.get_portal_url(report_type="pdf"))
            self.assertEqual(response.status_code, 200)
            self.assertNotIn(b"forged", response.content)
            self.assertIn("message=document_unavailable", response.url)
            self.assertIn("cannot be shown right now", response.text)
        activities = contract.activity_ids.filtered(lambda a: "altered" in (a.summary or ""))
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, contract.sales_admin_id)

    def test_a_deleted_signed_pdf_is_not_rendered_again(self):
        contract = self._countersigned_contract()
        contract.signed_document_id.unlink()
        response = self.url_open(contract.get_portal_url(report_type="pdf"))
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
        self.assertIn("message=document_unavailable", response.url)
