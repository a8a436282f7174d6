#!/usr/bin/env bash
# Regenerates addons/*/i18n/<addon>.pot from a database with the current code installed.
source "$(dirname "$0")/common.sh"

common_setup
CONF=$DATA_DIR/i18n.conf
write_odoo_conf "$CONF" 0
ensure_template_db "$CONF"
for addon in "${ADDONS[@]}"; do mkdir -p "$REPO/addons/$addon/i18n"; done
"${ODOO_BIN[@]}" i18n export -c "$CONF" -d "$TEMPLATE" "${ADDONS[@]}" || die "exporting the terms failed."
say "updated: $(cd "$REPO" && ls addons/*/i18n/*.pot | tr '\n' ' ')"
