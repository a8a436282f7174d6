#!/usr/bin/env bash
# Sets up what setup/run.sh sets up (without serving), then checks the code (ruff, pylint-odoo)
# and runs every test with pytest-odoo, browser tours included, on a throw-away database cloned
# from a cached template (rebuilt when the addons change). Extra arguments go to pytest.
# Works while setup/run.sh is serving: own database, own configuration, random HTTP port.
# SALES_ADMIN_REPLICA=1: the tests run next to a streaming standby of the private cluster, named in
# the Odoo configuration as its read replica (setup/replica.sh).
source "$(dirname "$0")/common.sh"

common_setup
cd "$REPO"

# ---------------------------------------------------------------- code checks
ruff check --quiet addons tests setup || die "ruff found problems (see above)."
ruff format --quiet --check addons tests setup || die "ruff format would change files: run 'ruff format addons tests setup'."
pylint --rcfile="$REPO/.pylintrc-mandatory" --score=n addons/* || die "pylint-odoo's mandatory checks failed (see above)."
phase_done "lint (ruff, pylint-odoo)"

# ---------------------------------------------------------------- browser prerequisites
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null \
    || die "Chromium is missing: browser tours would be skipped. Install Debian's chromium package."
python -c 'import websocket' 2>/dev/null || die "the Python package websocket-client is missing from $VENV."

# ---------------------------------------------------------------- databases
KEY=$(printf '%s' "$REPO" | sha256sum | cut -c1-6)
CONF=$DATA_DIR/test-$KEY.conf
write_odoo_conf "$CONF" 0
ensure_template_db "$CONF"
phase_done "template database"

FILESTORE=$DATA_DIR/odoo/filestore
# one database per run (runs of the same checkout may overlap); drop those of finished runs
for old in $(psql -d postgres -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'sa_test_${KEY}_%'"); do
    kill -0 "${old##*_}" 2>/dev/null || { dropdb --if-exists "$old" >/dev/null 2>&1; rm -rf "${FILESTORE:?}/$old"; }
done
TESTDB=sa_test_${KEY}_$$
createdb -T "$TEMPLATE" "$TESTDB" || die "could not clone $TEMPLATE into $TESTDB (is something connected to the template?)."
rm -rf "${FILESTORE:?}/$TESTDB"
[ -d "$FILESTORE/$TEMPLATE" ] && cp -a "$FILESTORE/$TEMPLATE" "$FILESTORE/$TESTDB"
cleanup() { [ -n "${SALES_ADMIN_KEEP_TESTDB:-}" ] || { dropdb --if-exists "$TESTDB" >/dev/null 2>&1; rm -rf "${FILESTORE:?}/$TESTDB"; }; }
trap cleanup EXIT
phase_done "test database"
print_phases

# ---------------------------------------------------------------- tests
say "running pytest on $TESTDB"
# tests that need a database of their own (multi-worker server, uninstall) clone the template
export SALES_ADMIN_TEMPLATE_DB=$TEMPLATE SALES_ADMIN_ODOO_CONF=$CONF SALES_ADMIN_FILESTORE=$FILESTORE \
    SALES_ADMIN_ODOO_BIN="${ODOO_BIN[*]}"
set +e
python -m pytest --odoo-config="$CONF" --odoo-database="$TESTDB" --odoo-http "$@"
rc=$?
set -e
[ $rc -eq 5 ] && { say "pytest collected no test"; rc=1; }
exit $rc
