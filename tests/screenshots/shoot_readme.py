"""Takes the README's screenshots from the demo data with headless Chromium.

    setup/screenshots.sh        (runs: setup/test.sh tests/screenshots -o python_files='shoot_*.py')

Each page is opened as the given demo user; when the CSS selector is on the page, Chromium's own
screenshot (DevTools `Page.captureScreenshot`) is written to docs/screenshots/<name>.png.
"""

import base64
import json
from pathlib import Path
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@tagged("post_install", "-at_install", "screenshots")
class ShootReadme(HttpCase):
    browser_size = "1440x900"

    def _shoot(self, name, url, selector, login="sadmin", click=None):
        code = f"""
            const click = {json.dumps(click)};
            if (click) {{
                const open = () => document.querySelector(click)
                    ? document.querySelector(click).click() : setTimeout(open, 200);
                open();
            }}
            const ready = () => document.querySelector({json.dumps(selector)})
                && !document.querySelector('.o_loading_indicator, .o_blockUI');
            const wait = () => ready() ? setTimeout(() => console.log('test successful'), 1200)
                                       : setTimeout(wait, 200);
            wait();
        """
        original = ChromeBrowser._wait_code_ok

        def capture(browser, *args, **kwargs):
            result = original(browser, *args, **kwargs)
            shot = browser._websocket_request("Page.captureScreenshot", params={"format": "png"})
            OUT.mkdir(parents=True, exist_ok=True)
            (OUT / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            return result

        with patch.object(ChromeBrowser, "_wait_code_ok", capture):
            self.browser_js(url, code, login=login, timeout=60)
        self.assertTrue((OUT / f"{name}.png").stat().st_size > 10_000, name)

    def _main_company(self):
        """Domain of the San Francisco company's records: the Latvian demo company's are
        not readable by the San Francisco demo users."""
        return [("company_id", "=", self.env.ref("base.main_company").id)]

    def test_cockpit(self):
        self._shoot(
            "cockpit",
            "/odoo/action-sales_admin_base.sales_admin_cockpit_action",
            ".o_kanban_record",
        )

    def test_complaint_form(self):
        complaint = self.env["sale.complaint"].search(
            [*self._main_company(), ("is_closed", "=", False)], limit=1
        )
        self._shoot(
            "complaint_form",
            f"/odoo/action-sales_admin_base.sale_complaint_action/{complaint.id}",
            ".o_form_view .o_field_widget[name='subject']",
        )

    def test_order_desk(self):
        self._shoot(
            "order_desk", "/odoo/action-sales_admin_base.sale_order_action_desk", ".o_kanban_record"
        )

    def test_proposal_portal(self):
        Proposal = self.env["sale.proposal"]
        proposal = Proposal.search([*self._main_company(), ("state", "=", "sent")], limit=1)
        proposal = proposal or Proposal.search(self._main_company(), limit=1)
        proposal._portal_ensure_token()
        self._shoot(
            "proposal_portal", proposal.get_portal_url(), "#wrap, .o_portal_wrap, main", login=None
        )

    def test_contract_form(self):
        Contract = self.env["sale.contract"]
        contract = Contract.search([*self._main_company(), ("state", "=", "to_approve")], limit=1)
        contract = contract or Contract.search(self._main_company(), limit=1)
        self._shoot(
            "contract_form",
            f"/odoo/action-sales_admin_proposals.sale_contract_action/{contract.id}",
            ".o_form_view .o_field_widget[name='name']",
            login="smanager",
        )

    def test_contract_signature(self):
        """The customer's page behind the e-mailed link, as a visitor without an account."""
        contract = self.env["sale.contract"].search(
            [*self._main_company(), ("state", "=", "sent")], limit=1
        )
        if not contract:
            # the demo contract waits for the manager: approve it and send it, as the team would
            contract = self.env.ref("sales_admin_proposals.sale_contract_demo_northwind")
            manager = self.env["res.users"].search([("login", "=", "smanager")])
            contract.with_user(manager).action_approve()
            contract.with_context(mark_contract_as_sent=True).message_post(
                body="Please read and sign the contract."
            )
        self.assertEqual(contract.state, "sent")
        self._shoot(
            "contract_signature",
            contract.get_portal_url(),
            # the signature area appears with the signer's name, prefilled when the customer
            # has one contact; the dialog itself is what the visitor sees first
            ".modal.show .o_web_sign_name_and_signature input",
            login=None,
            click="a.o_sale_contract_sign",
        )

    def test_report_run(self):
        run = self.env["sale.admin.report.run"].search(
            [*self._main_company(), ("state", "=", "done")], limit=1
        )
        self._shoot(
            "report_run",
            f"/odoo/action-sales_admin_reporting.sale_admin_report_run_action/{run.id}",
            ".o_form_view .o_field_widget[name='checksum']",
            login="smanager",
        )

    def test_latvian_desk(self):
        """The Latvian demo company's sales admin, in Latvian."""
        self._shoot(
            "cockpit_lv",
            "/odoo/action-sales_admin_base.sales_admin_cockpit_action",
            ".o_kanban_record",
            login="lv.admin",
        )
