"""The two README commands fail fast, with one clear paragraph, when no Odoo 19.0 source is found."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _run(script, tmp_path, **env):
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith(("ODOO", "PG"))
    }
    environ.update(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        SALES_ADMIN_DATA=str(tmp_path / "data"),
        SALES_ADMIN_VENV=str(tmp_path / "venv"),
        # a download address that answers "no" at once, as an offline machine would
        SALES_ADMIN_ODOO_URL="http://127.0.0.1:9/odoo-19.0.tar.gz",
        **env,
    )
    return subprocess.run(
        ["bash", str(REPO / "setup" / script)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("script", ["run.sh", "test.sh"])
def test_no_odoo_source_fails_fast_with_a_clear_message(script, tmp_path):
    result = _run(script, tmp_path)
    assert result.returncode != 0
    assert "no Odoo 19.0 source found" in result.stderr
    assert "ODOO_SRC" in result.stderr
    assert not (tmp_path / "venv").exists(), "nothing may be installed when Odoo is missing"
    assert not (tmp_path / "cache" / "sales-admin" / "odoo-19.0").exists()


@pytest.mark.parametrize("script", ["run.sh", "test.sh"])
def test_odoo_src_of_another_version_is_refused(script, tmp_path):
    fake = tmp_path / "odoo-18"
    (fake / "odoo").mkdir(parents=True)
    (fake / "addons" / "sale_management").mkdir(parents=True)
    (fake / "requirements.txt").write_text("")
    (fake / "odoo" / "release.py").write_text("version_info = (18, 0, 0, 'final', 0, '')\n")
    result = _run(script, tmp_path, ODOO_SRC=str(fake))
    assert result.returncode != 0
    assert "is not an Odoo 19.0 Community source tree" in result.stderr
    assert not (tmp_path / "venv").exists()
