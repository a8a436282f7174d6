"""The two README commands fail fast, with one clear paragraph, when no Odoo 19.0 source is found."""

import os
import subprocess
import time
from datetime import UTC, datetime, timedelta
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


def _databases(prefix):
    result = subprocess.run(
        ["psql", "-d", "postgres", "-Atc", "SELECT datname FROM pg_database"],
        capture_output=True,
        text=True,
        check=True,
    )
    return {name for name in result.stdout.split() if name.startswith(prefix)}


@pytest.mark.skipif(not os.environ.get("PGHOST"), reason="needs the PostgreSQL server of setup/")
def test_template_databases_are_pruned_to_the_current_and_most_recent_few(tmp_path):
    """Old template databases (one per addons hash) go with their filestores; the current one, the
    most recently used ones, those used in the last two hours and builds still running stay."""
    prefix = f"sa_prunetest{os.getpid()}_"
    names = [f"{prefix}{i}" for i in range(6)]
    templates, filestore = tmp_path / "templates", tmp_path / "filestore"
    templates.mkdir()
    filestore.mkdir()
    try:
        for age, name in enumerate(names):
            subprocess.run(["createdb", name], check=True)
            stamp = templates / name
            stamp.touch()
            # names[0] was used a minute ago, names[1] half an hour ago, the others days ago
            used = time.time() - {0: 60, 1: 1800}.get(age, 86_400 * age)
            os.utime(stamp, (used, used))
            (filestore / name).mkdir()
        running_build = f"{prefix}x_build_{os.getpid()}"
        dead_build = f"{prefix}y_build_999999999"
        subprocess.run(["createdb", running_build], check=True)
        subprocess.run(["createdb", dead_build], check=True)
        current = names[-1]  # the oldest stamp, but in use now
        script = (
            f'source "{REPO}/setup/common.sh"; TEMPLATE={current} TEMPLATES_DIR={templates} '
            f"FILESTORE={filestore} TEMPLATE_PREFIX={prefix} SALES_ADMIN_KEEP_TEMPLATES=1 "
            "prune_template_dbs"
        )
        subprocess.run(["bash", "-c", script], check=True, capture_output=True, text=True)
        left = _databases(prefix)
        assert left == {names[0], names[1], current, running_build}
        assert {p.name for p in filestore.iterdir()} == {names[0], names[1], current}
        assert {p.name for p in templates.iterdir()} == {names[0], names[1], current}
    finally:
        for name in _databases(prefix):
            subprocess.run(["dropdb", "--if-exists", name], check=False)


def _template_age_days(name):
    script = f'source "{REPO}/setup/common.sh"; template_age_days {name}'
    result = subprocess.run(["bash", "-c", script], check=True, capture_output=True, text=True)
    return int(result.stdout)


@pytest.mark.skipif(not os.environ.get("PGHOST"), reason="needs the PostgreSQL server of setup/")
def test_a_templates_age_is_read_from_the_day_recorded_when_it_was_built():
    """Demo data is dated from the day it is installed: setup records that day on the template
    database and builds the template again once it is SALES_ADMIN_TEMPLATE_MAX_DAYS old. A template
    without the day (built before it was recorded), or with something else, is too old."""
    name = f"sa_agetest{os.getpid()}"
    subprocess.run(["createdb", name], check=True)

    def built(text):
        subprocess.run(
            ["psql", "-d", "postgres", "-qc", f"COMMENT ON DATABASE \"{name}\" IS '{text}'"],
            check=True,
        )

    try:
        assert _template_age_days(name) > 20_000  # no day recorded: built in 1970
        today = datetime.now(UTC).date()
        built(f"built {today - timedelta(days=10)}")
        assert _template_age_days(name) == 10
        built(f"built {today}")
        assert _template_age_days(name) == 0
        built("built some day")
        assert _template_age_days(name) > 20_000
    finally:
        subprocess.run(["dropdb", "--if-exists", name], check=False)
