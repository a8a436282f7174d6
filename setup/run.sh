#!/usr/bin/env bash
# Sets up everything and serves Odoo 19.0 with the Sales Admin addons and demo data on
# http://127.0.0.1:8069 (database "sales_admin"). Idempotent: a second run starts in seconds and
# upgrades our addons when their code changed. Ctrl-C stops Odoo.
source "$(dirname "$0")/common.sh"

DB=${SALES_ADMIN_DB:-sales_admin}
PORT=${SALES_ADMIN_HTTP_PORT:-8069}
CONF=$DATA_DIR/odoo.conf

common_setup
[ -f "$CONF" ] && OLD_PASSWD=$(sed -n 's/^admin_passwd = //p' "$CONF") && export SALES_ADMIN_MASTER_PASSWORD=${SALES_ADMIN_MASTER_PASSWORD:-$OLD_PASSWD}
write_odoo_conf "$CONF" "$PORT"

stamp=$(addons_hash)
stamp_file=$DATA_DIR/$DB.addons-hash
if ! db_exists "$DB"; then
    say "creating database $DB with the Sales Admin addons and demo data (a few minutes, once)"
    if ! "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i "$INSTALL_CSV" --with-demo --load-language="$LANGUAGES" \
            --stop-after-init --log-level=warn; then
        dropdb --if-exists "$DB" >/dev/null 2>&1 || true
        rm -rf "$DATA_DIR/odoo/filestore/$DB"
        die "installing the addons into $DB failed (see the log above); the half-built database was removed."
    fi
    echo "$stamp" >"$stamp_file"
elif [ "$(cat "$stamp_file" 2>/dev/null)" != "$stamp" ]; then
    say "addon code changed: installing what is new ($INSTALL_CSV) and upgrading $ADDONS_CSV in $DB"
    "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" -i "$INSTALL_CSV" -u "$ADDONS_CSV" --load-language="$LANGUAGES" \
        --stop-after-init --log-level=warn \
        || die "upgrading the addons in $DB failed (see the log above); the database keeps its previous state."
    echo "$stamp" >"$stamp_file"
fi
phase_done "database"
print_phases

cat >&2 <<BANNER

  ┌──────────────────────────────────────────────────────────────────┐
    Sales Admin for Odoo is starting on  http://127.0.0.1:$PORT
    database: $DB        demo sales admin:  login "sadmin"   password "sadmin"
    other demo logins (password = login): srep, smanager, saccountant, admin,
    and in Latvian: lv.admin, lv.rep (SIA Rīgas Biroja Mēbeles)
    Odoo config: $CONF      Ctrl-C stops the server.
  └──────────────────────────────────────────────────────────────────┘

BANNER
exec "${ODOO_BIN[@]}" -c "$CONF" -d "$DB" --db-filter="^$DB\$" "$@"
