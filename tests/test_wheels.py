"""Our addons install the OCA way: `setup/wheels.sh` builds one wheel per addon with whool, whose
metadata follows the manifests, and Odoo 19.0 loads the addons from site-packages once the wheels
are pip-installed into its environment, with nothing of this checkout on its addons path.

The build and install tests run only under setup/test.sh, which tells them the Odoo configuration,
odoo-bin and the filestore (SALES_ADMIN_* variables) and sets PGHOST and friends."""

import ast
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
import uuid
import zipfile
from email.parser import HeaderParser
from pathlib import Path

import psycopg2
import pytest

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
ADDONS = sorted(path.parent.name for path in ADDONS_DIR.glob("*/__manifest__.py"))
WHOOL_BUILD_SYSTEM = {"requires": ["whool"], "build-backend": "whool.buildapi"}
ODOO_REQUIREMENT = "odoo==19.0.*"
# Libraries Odoo cannot start without: an addon may import them without declaring them.
ODOO_RUNTIME_LIBRARIES = {"PIL", "dateutil", "lxml", "markupsafe", "psycopg2", "pytz"}
ENV_VARS = ("SALES_ADMIN_ODOO_CONF", "SALES_ADMIN_ODOO_BIN", "SALES_ADMIN_FILESTORE")
MISSING = [name for name in ENV_VARS if not os.environ.get(name)]
needs_test_setup = pytest.mark.skipif(
    bool(MISSING),
    reason=f"needs the set-up of setup/test.sh ({', '.join(MISSING)} not set)",
)
LOG_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) |^Traceback ", re.MULTILINE)


def _manifest(addon):
    return ast.literal_eval((ADDONS_DIR / addon / "__manifest__.py").read_text())


def _our_depends(addon):
    """Our addons that installing `addon` installs, itself included."""
    found = {addon}
    for depend in _manifest(addon)["depends"]:
        if depend in ADDONS:
            found |= _our_depends(depend)
    return found


def _odoo_src():
    return Path(shlex.split(os.environ["SALES_ADMIN_ODOO_BIN"])[-1]).parent


def _git_files(addon):
    result = subprocess.run(
        ["git", "ls-files", "-z", "."],
        cwd=ADDONS_DIR / addon,
        capture_output=True,
        text=True,
        check=True,
    )
    return {name for name in result.stdout.split("\0") if name}


def _run(command, timeout=600, **kwargs):
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )
    assert result.returncode == 0, (
        f"{shlex.join(map(str, command))} exited with {result.returncode}:\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    )
    return result


@pytest.mark.parametrize("addon", ADDONS)
def test_every_addon_has_the_whool_pyproject_in_git(addon):
    pyproject = ADDONS_DIR / addon / "pyproject.toml"
    assert pyproject.is_file(), f"run setup/wheels.sh: it writes {pyproject.relative_to(REPO)}"
    assert tomllib.loads(pyproject.read_text())["build-system"] == WHOOL_BUILD_SYSTEM
    assert "pyproject.toml" in _git_files(addon), f"{pyproject.relative_to(REPO)} is not committed"


@pytest.mark.parametrize("addon", ADDONS)
def test_every_library_an_addon_imports_is_in_its_manifest(addon):
    """The wheels' requirements come from external_dependencies: an import missing there would
    be missing from a pip install."""
    imported = set()
    for path in (ADDONS_DIR / addon).rglob("*.py"):
        if "tests" in path.relative_to(ADDONS_DIR / addon).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"odoo"} - ODOO_RUNTIME_LIBRARIES
    declared = set(_manifest(addon).get("external_dependencies", {}).get("python", []))
    assert third_party <= declared, f"add {sorted(third_party - declared)} to the manifest"


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    start = time.monotonic()
    _run(["bash", str(REPO / "setup" / "wheels.sh"), str(dist)])
    print(f"setup/wheels.sh built {len(ADDONS)} wheels in {time.monotonic() - start:.1f} s")
    return {path.name.split("-")[0].removeprefix("odoo_addon_"): path for path in dist.iterdir()}


@needs_test_setup
@pytest.mark.parametrize("addon", ADDONS)
def test_the_wheel_follows_the_manifest(wheels, addon):
    manifest = _manifest(addon)
    odoo_src = _odoo_src()
    with zipfile.ZipFile(wheels[addon]) as wheel:
        [metadata_name] = [
            name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")
        ]
        metadata = HeaderParser().parsestr(wheel.read(metadata_name).decode())
        packaged = {
            name.removeprefix(f"odoo/addons/{addon}/")
            for name in wheel.namelist()
            if name.startswith(f"odoo/addons/{addon}/")
        }
    assert metadata["Name"] == f"odoo-addon-{addon}"
    # the manifest's version, then the number of commits since it was set (whool's ".N")
    assert re.fullmatch(re.escape(manifest["version"]) + r"(\.\d+)?", metadata["Version"])
    core = [depend for depend in manifest["depends"] if depend not in ADDONS]
    missing_from_odoo = [
        depend
        for depend in core
        if not (odoo_src / "addons" / depend).is_dir()
        and not (odoo_src / "odoo" / "addons" / depend).is_dir()
    ]
    assert not missing_from_odoo, "neither ours nor Odoo's: they would be missing after install"
    expected = {
        ODOO_REQUIREMENT,
        *(f"odoo-addon-{depend}==19.0.*" for depend in manifest["depends"] if depend in ADDONS),
        *manifest.get("external_dependencies", {}).get("python", []),
    }
    assert set(metadata.get_all("Requires-Dist")) == expected
    assert packaged == _git_files(addon) - {"pyproject.toml"}


@pytest.fixture
def fresh_odoo(tmp_path):
    """A virtualenv with Odoo 19.0 installed as the distribution `odoo`, and nothing of ours.

    Odoo's requirements are not installed again (a minute and a half of pip on 2 cores): the
    venv reads this test virtualenv's site-packages through a .pth line. That folder holds
    third-party packages only, no `odoo` package (asserted); the .pth files in it, among them the
    one that puts Odoo's source on the path, are not processed from there. Odoo is installed into
    the venv as setup/ installs it (editable, no dependencies), and our addons only come from the
    wheels."""
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    site = Path(
        _run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]
        ).stdout.strip()
    )
    requirements = sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")})
    for folder in requirements:
        assert not (Path(folder) / "odoo").exists(), f"{folder} holds Odoo modules"
    (site / "odoo_requirements.pth").write_text("\n".join(requirements) + "\n")
    pip = [python, "-m", "pip", "--disable-pip-version-check", "install", "--no-index"]
    _run([*pip, "--no-deps", "--no-build-isolation", "--editable", _odoo_src()])
    return python, site


@pytest.fixture
def database_name():
    name = f"sa_wheels_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    yield name
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)
    shutil.rmtree(Path(os.environ["SALES_ADMIN_FILESTORE"]) / name, ignore_errors=True)


MODULE_PATHS = """
import json, sys
import odoo
from odoo.modules.module import get_module_path, initialize_sys_path
from odoo.tools import config
config.parse_config(["-c", sys.argv[1]])
initialize_sys_path()
print(json.dumps({
    "addons_path": list(odoo.addons.__path__),
    "modules": {name: get_module_path(name) for name in sys.argv[2:]},
}))
"""


@needs_test_setup
def test_the_wheels_install_into_odoo_and_the_addons_load_from_site_packages(
    wheels, fresh_odoo, database_name, tmp_path
):
    start = time.monotonic()
    python, site = fresh_odoo
    pip = [python, "-m", "pip", "--disable-pip-version-check"]
    # --no-deps: Odoo's own metadata asks for lxml_html_clean, which Odoo's requirements leave
    # out on Python 3.11; `pip check` below proves that our wheels' requirements are all met.
    _run([*pip, "install", "--no-index", "--no-deps", *wheels.values()])
    check = subprocess.run([*pip, "check"], capture_output=True, text=True, check=False)
    unmet = [line for line in check.stdout.splitlines() if not line.startswith("odoo ")]
    assert not unmet, unmet
    installed_at = time.monotonic()

    odoo_src = _odoo_src()
    conf = tmp_path / "odoo.conf"
    base_conf = Path(os.environ["SALES_ADMIN_ODOO_CONF"]).read_text().splitlines()
    conf.write_text(
        "\n".join(line for line in base_conf if not line.startswith("addons_path"))
        + f"\naddons_path = {odoo_src / 'addons'},{odoo_src / 'odoo' / 'addons'}\n"
    )
    conf.chmod(0o600)
    # odoo-bin as setup/ runs it: the `odoo` script pip writes asks pkg_resources to check all of
    # Odoo's metadata, lxml_html_clean included
    odoo_bin = [python, odoo_src / "odoo-bin", "-c", conf, "-d", database_name]
    result = subprocess.run(
        [
            *odoo_bin,
            "-i",
            "sales_admin_reporting",
            "--stop-after-init",
            "--no-http",
            "--log-level=warn",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0 and not LOG_PROBLEM.search(result.stderr), result.stderr[-8000:]
    odoo_done = time.monotonic()

    with psycopg2.connect(dbname=database_name) as conn, conn.cursor() as cr:
        cr.execute("SELECT name, state FROM ir_module_module WHERE name = ANY(%s)", [ADDONS])
        states = dict(cr.fetchall())
    conn.close()
    expected = _our_depends("sales_admin_reporting")
    assert {name for name, state in states.items() if state == "installed"} == expected, states

    found = json.loads(_run([python, "-c", MODULE_PATHS, conf, *ADDONS], cwd=tmp_path).stdout)
    assert str(ADDONS_DIR) not in found["addons_path"]
    for addon in ADDONS:
        assert found["modules"][addon] == str(site / "odoo" / "addons" / addon), found
    print(
        f"wheel install {installed_at - start:.1f} s, odoo -i sales_admin_reporting "
        f"{odoo_done - installed_at:.1f} s"
    )
