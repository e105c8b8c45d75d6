#!/usr/bin/env bash
# The embedded default's data, step by step (used by run.sh, and by the
# test command's smoke test so that these exact steps are checked in CI):
# migrate (which makes the cache table too), the territories, the kit content, the two demo networks
# (the Lot, the Lot-et-Garonne) with their staff and projects; seed_demo prints each network's coordinator login.
# Every step is idempotent. Expects .venv and DJANGO_SETTINGS_MODULE.
set -euo pipefail
cd "$(dirname "$0")/.."

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py load_territories
LOG_LEVEL=WARNING .venv/bin/python manage.py seed_kit_content
LOG_LEVEL=WARNING .venv/bin/python manage.py seed_demo --projects "${DEMO_PROJECTS:-300}"
