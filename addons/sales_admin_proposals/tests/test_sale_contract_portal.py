import hashlib
import html
import re
from datetime import date

from odoo.tests import HttpCase, new_test_user, tagged

from .contract_common import SIGNATURE_PNG


@tagged("post_install", "-at_install")
class TestSaleContractPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls.env.ref("sales_admin_base.order_confirmed")
        admin = cls.env.ref("sales_admin_base.user_sales_admin")
        cls.contract = cls.env["sale.contract"].with_user(admin)._create_from_orders(order)
        cls.contract.action_submit()
        cls.contract.with_context(mark_contract_as_sent=True).message_post(body="Please sign.")
        cls.contract = cls.contract.sudo()
        cls.token = cls.contract._portal_ensure_token()

    def _sign(self, token, name="Ilze Berzina", signature=SIGNATURE_PNG):
        url = f"/my/contracts/{self.contract.id}/sign?access_token={token}"
        return self.make_jsonrpc_request(url, {"name": name, "signature": signature})

    def test_page_is_shown_with_the_right_token(self):
        response = self.url_open(self.contract.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.contract.name, response.text)
        self.assertIn("Baltic Office Supply SIA", response.text)

    def test_a_visitor_without_account_opens_the_emailed_link_and_signs(self):
        order = self.env.ref("sales_admin_base.order_confirmed")
        admin = self.env.ref("sales_admin_base.user_sales_admin")
        contract = self.env["sale.contract"].with_user(admin)._create_from_orders(order)
        contract.action_submit()
        self.assertEqual(contract.state, "approved")
        action = contract.action_send()
        composer = (
            self.env[action["res_model"]]
            .with_user(admin)
            .with_context(**action["context"])
            .create({})
        )
        composer.action_send_mail()
        self.assertEqual(contract.state, "sent")
        body = contract.message_ids.filtered(lambda m: "/my/contracts/" in (m.body or ""))[:1].body
        link = re.search(r'href="[^"]*(/my/contracts/\d+\?access_token=[^"]+)"', body).group(1)

        page = self.url_open(html.unescape(link))
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("/web/login", page.url)
        self.assertIn("o_sale_contract_sign", page.text)
        self.assertIn(contract.name, page.text)
        result = self.make_jsonrpc_request(
            f"/my/contracts/{contract.id}/sign?access_token={contract.sudo().access_token}",
            {"name": "Ilze Berzina", "signature": SIGNATURE_PNG},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(contract.state, "signed")

    def test_page_without_or_with_a_wrong_token_shows_nothing(self):
        for url in (
            f"/my/contracts/{self.contract.id}",
            f"/my/contracts/{self.contract.id}?access_token=wrong-token",
            f"/my/contracts/{self.contract.id}?access_token=wrong-token&report_type=pdf",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertNotIn(self.contract.name, response.text)

    def test_portal_user_of_another_company_is_refused_even_with_the_token(self):
        other = self.env["res.partner"].create({"name": "Stranger Ltd", "is_company": True})
        new_test_user(
            self.env,
            "ctr_stranger",
            password="ctr_stranger_pw",
            groups="base.group_portal",
            partner_id=self.env["res.partner"].create({"name": "Sam", "parent_id": other.id}).id,
        )
        self.authenticate("ctr_stranger", "ctr_stranger_pw")
        response = self.url_open(self.contract.get_portal_url())
        self.assertNotIn(self.contract.name, response.text)

    def test_portal_user_lists_the_contracts_of_their_company(self):
        new_test_user(
            self.env,
            "ctr_baltic_portal",
            password="ctr_baltic_portal_pw",
            groups="base.group_portal",
            partner_id=self.env.ref("sales_admin_base.partner_baltic_office_contact").id,
        )
        self.authenticate("ctr_baltic_portal", "ctr_baltic_portal_pw")
        response = self.url_open("/my/contracts")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.contract.name, response.text)
        self.assertIn(f"access_token={self.token}", response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["sale_contract_count"]})
        self.assertEqual(counters["sale_contract_count"], 1)

    def test_customer_signs_with_the_token(self):
        result = self._sign(self.token)
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.contract.state, "signed")
        self.assertEqual(self.contract.signed_by, "Ilze Berzina")
        self.assertTrue(self.contract.signed_ip)

    def test_signing_with_a_wrong_token_is_refused_and_writes_nothing(self):
        result = self._sign("not-the-token")
        self.assertIn("error", result)
        self.assertEqual(self.contract.state, "sent")
        self.assertFalse(self.contract.signed_by)

    def test_signing_twice_on_the_portal_is_refused(self):
        self._sign(self.token)
        result = self._sign(self.token, name="Somebody Else")
        self.assertIn("already been signed", result["error"])
        self.assertEqual(self.contract.signed_by, "Ilze Berzina")

    def test_signed_pdf_download_is_the_kept_document(self):
        self._sign(self.token)
        self.contract.action_countersign()
        response = self.url_open(self.contract.get_portal_url(report_type="pdf", download=True))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            hashlib.sha256(response.content).hexdigest(), self.contract.signed_document_sha256
        )

    def test_pdf_download_with_the_token(self):
        response = self.url_open(self.contract.get_portal_url(report_type="pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")


@tagged("post_install", "-at_install")
class TestSaleContractTour(HttpCase):
    def test_admin_drafts_manager_approves_admin_sends_customer_signs(self):
        order = self.env.ref("sales_admin_base.order_confirmed")
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}", "sale_contract_draft", login="sadmin"
        )
        contract = self.env["sale.contract"].search([("order_id", "=", order.id)])
        self.assertEqual(contract.state, "to_approve")
        self.assertIn("Mandatory clause removed: Payment", contract.template_diff)

        contract_url = f"/odoo/action-sales_admin_proposals.sale_contract_action/{contract.id}"
        self.start_tour(contract_url, "sale_contract_approve", login="smanager")
        self.assertEqual(contract.state, "approved")
        self.assertEqual(contract.approved_by_id.login, "smanager")

        self.start_tour(contract_url, "sale_contract_send", login="sadmin")
        self.assertEqual(contract.state, "sent")

        self.start_tour(contract.get_portal_url(), "sale_contract_portal_sign", login=None)
        self.assertEqual(contract.state, "signed")
        # signed by the company's contact person, whose name the form proposed
        self.assertEqual(contract.signed_by, "Ilze Berzina")
        self.assertTrue(contract.signature)


@tagged("post_install", "-at_install")
class TestSaleContractPortalTexts(HttpCase):
    """What a customer reads on the contract page: the term, dates and the proposed signer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contact = cls.env.ref("sales_admin_base.partner_baltic_office_contact")
        order = cls.env.ref("sales_admin_base.order_confirmed")
        admin = cls.env.ref("sales_admin_base.user_sales_admin")
        cls.contract = cls.env["sale.contract"].with_user(admin)._create_from_orders(order)
        cls.contract.write({"date_start": date(2026, 12, 7), "date_end": False})
        cls.contract.action_reload_template()
        cls.contract.action_submit()
        cls.contract.with_context(mark_contract_as_sent=True).message_post(body="Please sign.")
        cls.contract = cls.contract.sudo()
        cls.contract._portal_ensure_token()

    def _page(self):
        return html.unescape(self.url_open(self.contract.get_portal_url()).text)

    @staticmethod
    def _text(markup):
        """What a reader sees: ``markup`` without its tags, spaces collapsed."""
        return " ".join(re.sub(r"<[^>]+>", " ", markup).split())

    def test_a_contract_without_end_date_runs_from_its_start(self):
        page = self._page()
        period = page[page.index("o_sale_contract_period") :].split("</div>")[0]
        self.assertEqual(self._text(period.split(">", 1)[1]), "From 12/07/2026")
        self.assertIn("This contract runs from 12/07/2026.", self._text(page))
        self.assertNotIn("to .", self._text(page))

    def test_a_contract_with_an_end_date_runs_from_start_to_end(self):
        self.contract.write({"date_end": date(2027, 12, 6)})
        self.assertEqual(self.contract.term_text, "from 12/07/2026 to 12/06/2027")
        document = self.env["ir.actions.report"]._render_qweb_html(
            "sales_admin_proposals.action_report_sale_contract", self.contract.ids
        )[0]
        self.assertIn("From 12/07/2026 to 12/06/2027", self._text(document.decode()))

    def test_the_emailed_link_proposes_the_contact_person_as_signer(self):
        self.assertIn('"defaultName": "Ilze Berzina"', self._page())

    def test_a_logged_in_customer_signs_in_their_own_name(self):
        colleague = self.env["res.partner"].create(
            {"name": "Maris Ozols", "parent_id": self.contract.commercial_partner_id.id}
        )
        new_test_user(
            self.env,
            "ctr_maris",
            groups="base.group_portal",
            partner_id=colleague.id,
            name=colleague.name,
        )
        self.authenticate("ctr_maris", "ctr_maris")
        page = self._page()
        self.assertIn('"defaultName": "Maris Ozols"', page)
        self.assertNotIn('"defaultName": "Baltic Office Supply SIA"', page)

    def test_with_several_contacts_nobody_is_guessed(self):
        self.env["res.partner"].create(
            {"name": "Maris Ozols", "parent_id": self.contract.commercial_partner_id.id}
        )
        self.assertIn('"defaultName": ""', self._page())


@tagged("post_install", "-at_install")
class TestSaleContractPhoneTour(HttpCase):
    browser_size = "390x844"

    def test_customer_on_a_phone_opens_and_signs_a_contract(self):
        contact = self.env.ref("sales_admin_base.partner_baltic_office_contact")
        new_test_user(
            self.env,
            "ilze_contract",
            groups="base.group_portal",
            partner_id=contact.id,
            name=contact.name,
        )
        order = self.env.ref("sales_admin_base.order_confirmed")
        admin = self.env.ref("sales_admin_base.user_sales_admin")
        contract = self.env["sale.contract"].with_user(admin)._create_from_orders(order)
        contract.date_end = False
        contract.action_reload_template()
        contract.action_submit()
        contract.with_context(mark_contract_as_sent=True).message_post(body="Please sign.")

        self.start_tour("/my", "sale_contract_portal_phone", login="ilze_contract")

        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_by, "Ilze Berzina")
