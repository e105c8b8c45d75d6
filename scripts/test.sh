#!/usr/bin/env bash
# Set up everything and run the whole test suite (README, command 2).
# Needs PostgreSQL and Redis (see README); fails, never skips, without them.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests drive Debian's Chromium (no browser download works here).
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install chromium' once." >&2
    exit 1
  fi
fi

# The translations check extracts strings with gettext (xgettext, msgmerge, msgfmt).
if ! command -v msgfmt >/dev/null || ! command -v xgettext >/dev/null; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null
  else
    echo "gettext is missing: run 'sudo apt-get install gettext' once." >&2
    exit 1
  fi
fi

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/newcomers}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
export DJANGO_SETTINGS_MODULE=config.settings.test

.venv/bin/python scripts/check_services.py
.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache
.venv/bin/python manage.py makemigrations --check --dry-run
# Every public string translated in every language of settings.LANGUAGES, no
# fuzzy entry; the catalogues extracted again and compiled (README, "Languages").
.venv/bin/python scripts/check_translations.py
# The embedded default (README, command 1) on SQLite with in-process tasks.
.venv/bin/python scripts/smoke_embedded.py
# The production layout (README, Production): migrate alone, collectstatic with
# the production storage, gunicorn with production settings, pages fetched.
.venv/bin/python scripts/smoke_production.py
# Two processes (the machine has two cores), whole files to each: every worker
# has its own test database and broker database (config/settings/test.py).
.venv/bin/pytest -n "${PYTEST_WORKERS:-2}" --dist loadfile "$@"
