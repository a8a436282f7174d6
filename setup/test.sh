#!/usr/bin/env bash
# Sets up what setup/run.sh sets up (without serving), then checks the code (ruff, pylint-odoo)
# and runs every test with pytest-odoo, browser tours included, on a throw-away database cloned
# from a cached template (rebuilt when the addons change). Extra arguments go to pytest.
# Works while setup/run.sh is serving: own database, own configuration, random HTTP port.
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
HASH=$(addons_hash)
TEMPLATE=sa_tmpl_$HASH
TEMPLATES_DIR=$DATA_DIR/templates
FILESTORE=$DATA_DIR/odoo/filestore
mkdir -p "$TEMPLATES_DIR" "$FILESTORE"

if ! db_exists "$TEMPLATE"; then
    say "building the template database $TEMPLATE (addons changed; a few minutes)"
    building=${TEMPLATE}_build_$$
    trap 'dropdb --if-exists "$building" >/dev/null 2>&1; rm -rf "$FILESTORE/$building"' EXIT
    "${ODOO_BIN[@]}" -c "$CONF" -d "$building" -i "$ADDONS_CSV" --with-demo --stop-after-init \
        --log-level=warn || die "installing the addons into a fresh database failed (see above)."
    # the template's filestore travels with it
    rm -rf "${FILESTORE:?}/$TEMPLATE"
    [ -d "$FILESTORE/$building" ] && mv "$FILESTORE/$building" "$FILESTORE/$TEMPLATE"
    psql -d postgres -qc "ALTER DATABASE \"$building\" RENAME TO \"$TEMPLATE\"" >/dev/null 2>&1 \
        || db_exists "$TEMPLATE" || die "could not store the template database $TEMPLATE."
    trap - EXIT
fi
touch "$TEMPLATES_DIR/$TEMPLATE"
# keep the four most recently used templates
for old in $(ls -t "$TEMPLATES_DIR" | tail -n +5); do
    dropdb --if-exists "$old" >/dev/null 2>&1 && rm -rf "${TEMPLATES_DIR:?}/$old" "${FILESTORE:?}/$old"
done
phase_done "template database"

TESTDB=sa_test_$KEY
dropdb --if-exists "$TESTDB" >/dev/null 2>&1 || true
createdb -T "$TEMPLATE" "$TESTDB" || die "could not clone $TEMPLATE into $TESTDB (is something connected to the template?)."
rm -rf "${FILESTORE:?}/$TESTDB"
[ -d "$FILESTORE/$TEMPLATE" ] && cp -a "$FILESTORE/$TEMPLATE" "$FILESTORE/$TESTDB"
cleanup() { [ -n "${SALES_ADMIN_KEEP_TESTDB:-}" ] || { dropdb --if-exists "$TESTDB" >/dev/null 2>&1; rm -rf "${FILESTORE:?}/$TESTDB"; }; }
trap cleanup EXIT
phase_done "test database"
print_phases

# ---------------------------------------------------------------- tests
say "running pytest on $TESTDB"
set +e
python -m pytest --odoo-config="$CONF" --odoo-database="$TESTDB" --odoo-http "$@"
rc=$?
set -e
[ $rc -eq 5 ] && { say "pytest collected no test"; rc=1; }
exit $rc
