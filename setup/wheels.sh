#!/usr/bin/env bash
# Builds one wheel per addon, odoo-addon-<addon>, into dist/ (or the folder given as argument),
# with whool, as OCA does. Everything in a wheel's metadata comes from the addon's __manifest__.py:
# its version (the manifest's, plus ".N" for the N commits since that version was set), and its
# requirements: odoo==19.0.* for Odoo's own modules, odoo-addon-<name>==19.0.* for ours, and the
# manifest's external_dependencies. An addon without pyproject.toml gets one here (commit it).
# whool packages the files git tracks: run `git add` on new files before building.
source "$(dirname "$0")/common.sh"

DIST=$(mkdir -p "${1:-$REPO/dist}" && cd "${1:-$REPO/dist}" && pwd)
if ! "$VENV/bin/python" -c 'import whool' 2>/dev/null; then  # only whool is needed here
    find_odoo
    ensure_venv
fi
export PATH=$VENV/bin:$PATH
cd "$REPO"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 \
    || die "whool packages the files git tracks: build the wheels from a git checkout."

missing=()
for manifest in addons/*/__manifest__.py; do
    [ -f "${manifest%/*}/pyproject.toml" ] || missing+=("${manifest%/*}/pyproject.toml")
done
python -m whool init addons || die "whool could not write the missing pyproject.toml files."
[ ${#missing[@]} -eq 0 ] || say "wrote ${missing[*]}: commit them"
untracked=$(git ls-files --others --exclude-standard addons | grep -v '/pyproject\.toml$' || true)
[ -z "$untracked" ] || say "not in the wheels until 'git add'-ed: $(echo "$untracked" | tr '\n' ' ')"

for manifest in addons/*/__manifest__.py; do
    addon=$(basename "$(dirname "$manifest")")
    rm -f "$DIST/odoo_addon_${addon}"-*.whl
    pip_quiet python -m pip wheel --quiet --disable-pip-version-check --no-index --no-deps \
        --no-build-isolation --wheel-dir "$DIST" "addons/$addon" \
        || die "building the wheel of $addon failed (see above)."
done
say "wheels in $DIST:"
ls -1 "$DIST"/odoo_addon_*.whl >&2
