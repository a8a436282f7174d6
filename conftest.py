"""Project-wide pytest hooks (run by setup/test.sh)."""

import pytest

# Odoo silently skips browser tests when Chromium or websocket-client is missing; here that is a failure.
BROWSER_SKIP_MARKERS = ("chrome", "chromium", "websocket", "browser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and call.excinfo is not None:
        reason = str(call.excinfo.value).lower()
        if any(marker in reason for marker in BROWSER_SKIP_MARKERS):
            report.outcome = "failed"
            report.longrepr = (
                f"browser test would be skipped ({call.excinfo.value}): install Chromium"
            )
