# shellcheck shell=bash
# Shared set-up for setup/run.sh and setup/test.sh: system packages, Odoo 19.0 source,
# virtualenv, PostgreSQL and the Odoo configuration file. Sourced, never executed.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDONS=(sales_admin_base sales_admin_proposals sales_admin_reporting sales_admin_proposals_crm sales_admin_stock sales_admin_reporting_proposals)
ADDONS_CSV=$(IFS=,; echo "${ADDONS[*]}")
# Odoo modules the demo and test databases install with our addons (our addons never depend on
# them: the tests cover both ways). Not exported by setup/i18n.sh.
EXTRA_MODULES=(sale_stock)
# Our demo-data addons: installed in the demo and test databases, never upgraded (their data is
# demo data), no terms of their own to translate.
DEMO_ADDONS=(sales_admin_demo_lv)
INSTALL_MODULES=("${ADDONS[@]}" "${EXTRA_MODULES[@]}" "${DEMO_ADDONS[@]}")
INSTALL_CSV=$(IFS=,; echo "${INSTALL_MODULES[*]}")
# Languages the demo and test databases have, with every module's terms (the Latvian demo
# company's users work in Latvian). The first one is the database's default language.
LANGUAGES=en_US,lv_LV
CACHE_DIR=${SALES_ADMIN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sales-admin}
DATA_DIR=${SALES_ADMIN_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/sales-admin}
VENV=${SALES_ADMIN_VENV:-$REPO/.venv}
ODOO_CACHE=$CACHE_DIR/odoo-19.0
ODOO_DOWNLOAD_URL=${SALES_ADMIN_ODOO_URL:-https://github.com/odoo/odoo/archive/refs/heads/19.0.tar.gz}
PY=${SALES_ADMIN_PYTHON:-python3}
PG_PORT_PRIVATE=${SALES_ADMIN_PGPORT:-54329}

# shellcheck source=setup/replica.sh
source "$REPO/setup/replica.sh"

say() { printf '\033[1m[sales-admin]\033[0m %s\n' "$*" >&2; }
die() { printf '\n\033[1;31m[sales-admin] ERROR\033[0m %s\n\n' "$*" >&2; exit 1; }

PHASES=()
_phase_start=$SECONDS
phase_done() {  # phase_done "name": records how long the phase took
    PHASES+=("$(printf '%-28s %4ss' "$1" $((SECONDS - _phase_start)))")
    _phase_start=$SECONDS
}
print_phases() {
    say "phase timings:"
    local p
    for p in "${PHASES[@]}"; do printf '    %s\n' "$p" >&2; done
}

# --------------------------------------------------------------------------- system packages
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

ensure_system_packages() {
    command -v dpkg >/dev/null || { say "not a Debian/Ubuntu system: install PostgreSQL, wkhtmltopdf and Chromium yourself"; return 0; }
    local wanted=(postgresql postgresql-contrib wkhtmltopdf chromium fonts-dejavu-core fonts-liberation
                  libldap2-dev libsasl2-dev libpq-dev python3-dev python3-venv build-essential)
    local missing=() p
    for p in "${wanted[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing missing system packages: ${missing[*]}"
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; then
        as_root apt-get update -qq >/dev/null 2>&1 || true
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "could not install ${missing[*]} with apt-get. Install them yourself (as root) and run this again."
    fi
}

# --------------------------------------------------------------------------- Odoo source
odoo_tree_ok() {  # $1: a directory; true when it holds an Odoo 19.0 source tree
    [ -f "$1/odoo/release.py" ] && [ -f "$1/requirements.txt" ] && [ -d "$1/addons/sale_management" ] \
        && grep -Eq '^version_info = \(19, 0,' "$1/odoo/release.py"
}

find_odoo() {
    if [ -n "${ODOO_SRC:-}" ]; then
        odoo_tree_ok "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo 19.0 Community source tree \
(expected odoo/release.py with version_info = (19, 0, ...), requirements.txt and addons/sale_management). \
Point ODOO_SRC at a checkout of the odoo/odoo repository, branch 19.0, or unset it to use the cache folder $ODOO_CACHE."
        ODOO_SRC=$(cd "$ODOO_SRC" && pwd)
        return
    fi
    if odoo_tree_ok "$ODOO_CACHE"; then ODOO_SRC=$ODOO_CACHE; return; fi
    [ -e "$ODOO_CACHE" ] && say "ignoring $ODOO_CACHE: it is not an Odoo 19.0 source tree"
    say "downloading the Odoo 19.0 source from $ODOO_DOWNLOAD_URL"
    mkdir -p "$CACHE_DIR"
    local tmp; tmp=$(mktemp -d "$CACHE_DIR/download.XXXXXX")
    if curl -fsSL --connect-timeout 15 --max-time 1800 "$ODOO_DOWNLOAD_URL" -o "$tmp/odoo.tar.gz" 2>/dev/null \
        && mkdir "$tmp/src" && tar -xzf "$tmp/odoo.tar.gz" -C "$tmp/src" --strip-components=1 2>/dev/null \
        && odoo_tree_ok "$tmp/src"; then
        rm -rf "$ODOO_CACHE" && mv "$tmp/src" "$ODOO_CACHE" && rm -rf "$tmp"
        ODOO_SRC=$ODOO_CACHE
        return
    fi
    rm -rf "$tmp"
    die "no Odoo 19.0 source found. Looked for: (1) the ODOO_SRC environment variable (not set); \
(2) the cache folder $ODOO_CACHE (missing or not a 19.0 tree: odoo/release.py must say version_info = (19, 0, ...)); \
(3) a download of $ODOO_DOWNLOAD_URL (failed: offline or unreachable). \
Provide the source with ODOO_SRC=/path/to/odoo-19.0 (a checkout of odoo/odoo, branch 19.0) or unpack it into \
$ODOO_CACHE, then run this command again. Nothing was installed."
}

# --------------------------------------------------------------------------- virtualenv
pip_quiet() {  # runs pip without the machine-local "Location ... is ignored" noise
    "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
    return "${PIPESTATUS[0]}"
}

ensure_venv() {
    local stamp_file="$VENV/.sales-admin-stamp" stamp
    stamp=$( { echo "$ODOO_SRC"; cat "$ODOO_SRC/requirements.txt" "$REPO/requirements.txt"; } | sha256sum | cut -c1-16)
    if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then return; fi
    say "preparing the virtualenv $VENV (Odoo's requirements, Odoo itself, ours)"
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    local constraint; constraint=$(mktemp)
    echo 'setuptools<81' >"$constraint"
    local pip=(pip_quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check)
    PIP_CONSTRAINT=$constraint PIP_BUILD_CONSTRAINT=$constraint "${pip[@]}" 'setuptools<81' wheel \
        && PIP_CONSTRAINT=$constraint PIP_BUILD_CONSTRAINT=$constraint "${pip[@]}" -r "$ODOO_SRC/requirements.txt" \
        && PIP_CONSTRAINT=$constraint PIP_BUILD_CONSTRAINT=$constraint "${pip[@]}" --no-deps --config-settings editable_mode=compat -e "$ODOO_SRC" \
        && PIP_CONSTRAINT=$constraint PIP_BUILD_CONSTRAINT=$constraint "${pip[@]}" -c "$ODOO_SRC/requirements.txt" -r "$REPO/requirements.txt" \
        || { rm -f "$constraint"; die "installing Python packages into $VENV failed (see pip's output above)."; }
    rm -f "$constraint"
    echo "$stamp" >"$stamp_file"
}

# --------------------------------------------------------------------------- PostgreSQL
# An existing server is used when PGHOST is set (with PGPORT/PGUSER/PGPASSWORD); otherwise a private
# cluster listening on 127.0.0.1 only, with its data in $SALES_ADMIN_PGDATA.
pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }

ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        export PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$(id -un)} PGPASSWORD=${PGPASSWORD:-}
        psql -d postgres -Atc 'SELECT 1' >/dev/null 2>&1 \
            || die "cannot connect to the PostgreSQL server given by PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER."
        return
    fi
    local bin; bin=$(pg_bindir)
    [ -n "$bin" ] || die "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin). Install Debian's postgresql package or set PGHOST."
    local owner=()
    local default_pgdata=$DATA_DIR/postgresql
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the private cluster belongs to the postgres system user,
        # in a folder that user can reach.
        default_pgdata=/var/lib/sales-admin/postgresql
        owner=(runuser -u postgres --)
    fi
    PGDATA_DIR=${SALES_ADMIN_PGDATA:-$default_pgdata}
    local pwfile=$PGDATA_DIR.password
    export PGHOST=127.0.0.1 PGPORT=$PG_PORT_PRIVATE PGUSER=sales_admin
    if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $PGDATA_DIR (port $PGPORT, loopback only)"
        mkdir -p "$(dirname "$PGDATA_DIR")"
        [ -f "$pwfile" ] || { umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$pwfile"; }
        if [ ${#owner[@]} -gt 0 ]; then
            install -d -o postgres -g postgres -m 700 "$PGDATA_DIR"
            chown postgres "$pwfile"
        fi
        "${owner[@]}" "$bin/initdb" -D "$PGDATA_DIR" -U sales_admin --pwfile="$pwfile" \
            --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null \
            || { rm -rf "$PGDATA_DIR"; die "initdb failed for $PGDATA_DIR"; }
        cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
fsync = ${SALES_ADMIN_PG_FSYNC:-on}
CONF
    fi
    export PGPASSWORD; PGPASSWORD=$(cat "$pwfile")
    if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$PGPORT"; then
        say "starting PostgreSQL ($PGDATA_DIR)"
        "${owner[@]}" "$bin/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null \
            || die "PostgreSQL did not start; see $PGDATA_DIR/server.log"
    fi
}

db_exists() { [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }

# --------------------------------------------------------------------------- Odoo configuration
# write_odoo_conf FILE HTTP_PORT: an odoo.conf for this checkout and this PostgreSQL
write_odoo_conf() {
    local file=$1 port=$2
    mkdir -p "$(dirname "$file")" "$DATA_DIR/odoo"
    local base=${SALES_ADMIN_ODOO_CONF:-}
    {
        if [ -n "$base" ]; then
            grep -v -E "^\s*(addons_path|http_port|http_interface${REPLICA_HOST:+|db_replica_host|db_replica_port})\s*=" "$base"
        else
            echo "[options]"
            echo "db_host = $PGHOST"
            echo "db_port = $PGPORT"
            echo "db_user = $PGUSER"
            echo "db_password = ${PGPASSWORD:-False}"
            echo "data_dir = $DATA_DIR/odoo"
            echo "admin_passwd = ${SALES_ADMIN_MASTER_PASSWORD:-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')}"
            echo "list_db = False"
        fi
        echo "addons_path = $REPO/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons"
        echo "http_interface = 127.0.0.1"
        echo "http_port = $port"
        replica_odoo_conf
    } >"$file"
    chmod 600 "$file"
}

addons_hash() {  # hash of what installing our addons depends on (tests excluded), of the modules
                 # installed with them, and of Odoo
    (cd "$REPO" && { cat "$ODOO_SRC/odoo/release.py"; echo "$ODOO_SRC"; echo "$INSTALL_CSV $LANGUAGES";
        find addons -type f ! -name '*.pyc' ! -path '*/__pycache__/*' ! -path '*/tests/*' \
            ! -path '*/readme/*' ! -name '*.md' ! -name '*.pot' ! -name pyproject.toml -print0 | sort -z | xargs -0 sha256sum; } \
        | sha256sum | cut -c1-12)
}

# ensure_template_db CONF: a database with our addons, EXTRA_MODULES, demo data and LANGUAGES installed, named
# after a hash of both (rebuilt when they change) and kept for cloning; sets TEMPLATE. Demo data is
# dated from the day it is installed (an RFP due in 12 days, SLA deadlines, the periods already
# reported), as on a fresh install: a template built SALES_ADMIN_TEMPLATE_MAX_DAYS (default 7) or
# more days ago is built again.
ensure_template_db() {
    local CONF=$1 built max_days=${SALES_ADMIN_TEMPLATE_MAX_DAYS:-7}
    HASH=$(addons_hash)
    TEMPLATE=sa_tmpl_$HASH
    TEMPLATES_DIR=$DATA_DIR/templates
    FILESTORE=$DATA_DIR/odoo/filestore
    mkdir -p "$TEMPLATES_DIR" "$FILESTORE"

    if db_exists "$TEMPLATE" && [ "$(template_age_days "$TEMPLATE")" -ge "$max_days" ]; then
        built=$(template_built_on "$TEMPLATE")
        say "the template database $TEMPLATE was built ${built:-on a day not recorded}: building it again, its demo data dated from today"
        dropdb "$TEMPLATE" >/dev/null 2>&1 && rm -rf "${FILESTORE:?}/$TEMPLATE" \
            || say "could not drop $TEMPLATE (in use by another run?): the tests use it as it is"
    fi
    if ! db_exists "$TEMPLATE"; then
        say "building the template database $TEMPLATE (addons changed, or demo data dated too long ago; a few minutes)"
        local building=${TEMPLATE}_build_$$
        trap 'dropdb --if-exists "$building" >/dev/null 2>&1; rm -rf "$FILESTORE/$building"' EXIT
        "${ODOO_BIN[@]}" -c "$CONF" -d "$building" -i "$INSTALL_CSV" --with-demo --load-language="$LANGUAGES" \
            --stop-after-init --log-level=warn || die "installing the addons into a fresh database failed (see above)."
        psql -d postgres -qc "COMMENT ON DATABASE \"$building\" IS 'built $(date -u +%F)'" >/dev/null
        # the template's filestore travels with it
        rm -rf "${FILESTORE:?}/$TEMPLATE"
        [ -d "$FILESTORE/$building" ] && mv "$FILESTORE/$building" "$FILESTORE/$TEMPLATE"
        psql -d postgres -qc "ALTER DATABASE \"$building\" RENAME TO \"$TEMPLATE\"" >/dev/null 2>&1 \
            || db_exists "$TEMPLATE" || die "could not store the template database $TEMPLATE."
        trap - EXIT
    fi
    touch "$TEMPLATES_DIR/$TEMPLATE"
    prune_template_dbs
}

# template_built_on NAME: the day (YYYY-MM-DD, UTC) the template database NAME was built, from its
# comment; empty for a template built before the day was recorded
template_built_on() {
    local comment
    comment=$(psql -d postgres -Atc "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '$1'")
    [[ $comment == "built "* ]] && echo "${comment#built }"
    return 0
}

# template_age_days NAME: whole days since the template database NAME was built; a template whose
# day is not recorded (or not a date) counts as built in 1970
template_age_days() {
    local built since
    built=$(template_built_on "$1")
    since=$(date -u -d "${built:-1970-01-01}" +%s 2>/dev/null) || since=0
    echo $(( ($(date -u +%s) - since) / 86400 ))
}

# prune_template_dbs: keep the current template, the SALES_ADMIN_KEEP_TEMPLATES (default 3) most
# recently used ones and any used in the last two hours (other checkouts and worktrees may be using
# theirs right now); drop the others, templates nobody has a stamp for, and their filestores.
# Builds left by killed runs go too.
prune_template_dbs() {
    local keep=${SALES_ADMIN_KEEP_TEMPLATES:-3} prefix=${TEMPLATE_PREFIX:-sa_tmpl_} name pid
    local recent; recent=$( { ls -t "$TEMPLATES_DIR" 2>/dev/null | head -n "$keep";
        find "$TEMPLATES_DIR" -maxdepth 1 -type f -mmin -120 -printf '%f\n' 2>/dev/null; } )
    for name in $(psql -d postgres -Atc "SELECT datname FROM pg_database"); do
        [[ $name == "$prefix"* ]] || continue
        case $name in
            "$TEMPLATE") continue ;;
            *_build_*) pid=${name##*_}; kill -0 "$pid" 2>/dev/null && continue ;;
            *) grep -qxF "$name" <<<"$recent" && continue ;;
        esac
        dropdb --if-exists "$name" >/dev/null 2>&1 || continue
        rm -rf "${TEMPLATES_DIR:?}/$name" "${FILESTORE:?}/$name"
        say "dropped the unused template database $name"
    done
    # stamps and filestores whose database is gone
    for name in $(ls "$TEMPLATES_DIR" 2>/dev/null); do
        db_exists "$name" || rm -f "${TEMPLATES_DIR:?}/$name"
    done
    for name in $(ls "$FILESTORE" 2>/dev/null); do
        [[ $name == "$prefix"* ]] || continue
        db_exists "$name" || rm -rf "${FILESTORE:?}/$name"
    done
}

common_setup() {
    find_odoo
    phase_done "odoo source"
    ensure_system_packages
    phase_done "system packages"
    ensure_venv
    phase_done "virtualenv"
    ensure_postgres
    phase_done "postgresql"
    if replica_wanted; then
        ensure_replica
        phase_done "replica"
    fi
    export PATH=$VENV/bin:$PATH
    ODOO_BIN=("$VENV/bin/python" "$ODOO_SRC/odoo-bin")
}
