#!/usr/bin/env bash
# Set up everything and run the app on the embedded default (README, command 1):
# SQLite, in-process tasks, territories and demo data, demo logins printed.
# Running it again is fine: every step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt

export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings.local}
bash scripts/setup_embedded.sh

echo
echo "Open http://127.0.0.1:8000/ (staff: http://127.0.0.1:8000/connexion/)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
