#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png (the README's pictures) from a fresh demo database, with
# headless Chromium: the same set-up and template database as setup/test.sh.
cd "$(dirname "$0")/.." && exec bash setup/test.sh tests/screenshots -o python_files='shoot_*.py' "$@"
