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

    def _shoot(self, name, url, selector, login="sadmin"):
        code = f"""
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

    def test_cockpit(self):
        self._shoot(
            "cockpit",
            "/odoo/action-sales_admin_base.sales_admin_cockpit_action",
            ".o_kanban_record",
        )

    def test_report_run(self):
        run = self.env["sale.admin.report.run"].search([("state", "=", "done")], limit=1)
        self._shoot(
            "report_run",
            f"/odoo/action-sales_admin_reporting.sale_admin_report_run_action/{run.id}",
            ".o_form_view .o_field_widget[name='checksum']",
            login="smanager",
        )
