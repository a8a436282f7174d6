import html

from odoo import Command, fields
from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from .common import SIGNATURE, SaleProposalCommon


@tagged("post_install", "-at_install")
class TestSaleProposalPortal(SaleProposalCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proposal = cls._create_proposal(
            section_ids=[Command.create({"name": "Pricing", "kind": "pricing"})]
        )
        cls.proposal.action_send()
        cls.acme_portal = new_test_user(
            cls.env,
            "prop_portal_acme",
            groups="base.group_portal",
            partner_id=cls.customer_contact.id,
        )
        globex_contact = cls.env["res.partner"].create(
            {
                "name": "Gus Globex",
                "parent_id": cls.other_customer.id,
                "email": "gus@globex.example.com",
            }
        )
        cls.globex_portal = new_test_user(
            cls.env, "prop_portal_globex", groups="base.group_portal", partner_id=globex_contact.id
        )

    def _accept(self, token=None, name="Ann Acme", signature=SIGNATURE):
        return self.make_jsonrpc_request(
            f"/my/proposals/{self.proposal.id}/accept",
            {
                "access_token": token or self.proposal.access_token,
                "name": name,
                "signature": signature,
            },
        )

    def test_the_token_opens_the_proposal_with_the_quotation_lines(self):
        response = self.url_open(self.proposal.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.proposal.title, response.text)
        self.assertIn("Standing desk", response.text)
        self.assertIn("o_proposal_accept", response.text)

    def test_a_wrong_or_missing_token_shows_nothing(self):
        for url in (
            f"/my/proposals/{self.proposal.id}",
            f"/my/proposals/{self.proposal.id}?access_token=not-the-token",
            f"/my/proposals/{self.proposal.id}?access_token=not-the-token&report_type=pdf",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(self.proposal.title, response.text)
        self.assertIn("not available", self._accept(token="not-the-token")["error"])
        self.assertEqual(self.proposal.state, "sent")

    def test_a_draft_proposal_is_not_on_the_portal_even_with_its_token(self):
        draft = self._create_proposal(order_id=False)
        draft._portal_ensure_token()
        self.assertEqual(self.url_open(draft.get_portal_url()).status_code, 404)

    def test_portal_user_of_another_customer_is_refused_even_with_the_token(self):
        self.authenticate("prop_portal_globex", "prop_portal_globex")
        response = self.url_open(self.proposal.get_portal_url())
        self.assertEqual(response.status_code, 404)
        self.assertIn("not available", self._accept()["error"])
        self.assertEqual(self.proposal.state, "sent")

    def test_portal_user_of_the_customer_reads_it(self):
        self.authenticate("prop_portal_acme", "prop_portal_acme")
        response = self.url_open(self.proposal.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.proposal.title, response.text)

    def test_my_proposals_lists_only_the_user_entity_proposals(self):
        foreign = self._create_proposal(
            title="Globex secret bid",
            partner_id=self.other_customer.id,
            contact_id=self.other_customer.id,
            order_id=self._create_order(self.other_customer).id,
        )
        foreign.action_send()
        self.authenticate("prop_portal_acme", "prop_portal_acme")
        response = self.url_open("/my/proposals")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.proposal.name, response.text)
        self.assertNotIn("Globex secret bid", response.text)
        self.assertNotIn(foreign.name, response.text)

    def test_the_pdf_can_be_downloaded(self):
        response = self.url_open(self.proposal.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Proposal", response.headers.get("Content-Disposition", ""))

    def test_accepting_signs_and_confirms_the_quotation(self):
        result = self._accept()
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.proposal.state, "accepted")
        self.assertEqual(self.proposal.signed_by, "Ann Acme")
        self.assertEqual(self.proposal.signed_ip, "127.0.0.1")
        self.assertTrue(self.proposal.signature)
        self.assertEqual(self.order.state, "sale")
        self.assertIn("already been accepted", self._accept()["error"])

    def test_accepting_an_expired_proposal_is_refused(self):
        self.proposal.validity_date = fields.Date.add(fields.Date.today(), days=-1)
        self.proposal.state = "sent"  # the edit put it back to draft; the customer kept the link
        self.assertIn("expired", self._accept()["error"])
        self.assertEqual(self.order.state, "draft")
        response = self.url_open(self.proposal.get_portal_url())
        self.assertIn("This proposal has expired", response.text)
        self.assertNotIn("o_proposal_accept", response.text)

    def test_declining_records_the_reason(self):
        self.authenticate(None, None)
        response = self.url_open(
            f"/my/proposals/{self.proposal.id}/decline",
            data={
                "csrf_token": Request.csrf_token(self),
                "access_token": self.proposal.access_token,
                "reason": "We postponed the project.",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.proposal.state, "declined")
        self.assertEqual(self.proposal.decline_reason, "We postponed the project.")

    def test_a_sent_proposal_past_its_validity_is_listed_and_shown_as_expired(self):
        # the nightly expiry has not run yet: the proposal is still "sent"
        self.proposal.validity_date = fields.Date.add(fields.Date.today(), days=-1)
        self.proposal.state = "sent"
        self.authenticate("prop_portal_acme", "prop_portal_acme")
        listing = self.url_open("/my/proposals").text
        row = listing[listing.index(self.proposal.name) :].split("</tr>")[0]
        self.assertIn("Expired", row)
        self.assertNotIn("Waiting for your answer", row)
        self.assertNotIn("Sent", row)
        page = self.url_open(self.proposal.get_portal_url()).text
        self.assertIn("This proposal has expired", page)
        self.assertIn('o_proposal_state">Expired', page)

    def test_a_proposal_in_time_waits_for_the_answer(self):
        self.authenticate("prop_portal_acme", "prop_portal_acme")
        listing = self.url_open("/my/proposals").text
        row = listing[listing.index(self.proposal.name) :].split("</tr>")[0]
        self.assertIn("Waiting for your answer", row)

    def test_the_signature_form_proposes_the_contact_person_not_the_company(self):
        contact_name = self.customer_contact.name
        page = html.unescape(self.url_open(self.proposal.get_portal_url()).text)
        self.assertIn(f'"defaultName": "{contact_name}"', page)
        self.proposal.contact_id = self.customer
        self.proposal.state = "sent"  # the edit put it back to draft; the customer kept the link
        page = html.unescape(self.url_open(self.proposal.get_portal_url()).text)
        self.assertNotIn(f'"defaultName": "{self.customer.name}"', page)
        self.assertIn(f'"defaultName": "{contact_name}"', page, "the company's only contact")


@tagged("post_install", "-at_install")
class TestSaleProposalPhoneTour(SaleProposalCommon, HttpCase):
    browser_size = "360x740"

    def test_a_proposal_with_its_pricing_fits_a_360px_phone(self):
        proposal = self._create_proposal(
            section_ids=[Command.create({"name": "Pricing", "kind": "pricing"})]
        )
        proposal.action_send()
        self.start_tour(proposal.get_portal_url(), "sale_proposal_portal_phone")
