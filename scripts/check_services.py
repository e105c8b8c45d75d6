"""Fail loudly (exit 1) when the test services cannot be reached.

The suite runs against the real PostgreSQL and the real broker; a missing
service must turn CI red, never silently skip tests.
"""

import os
import sys

import psycopg
from kombu import Connection


def main():
    failures = []
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        failures.append(f"DATABASE_URL must point at PostgreSQL for the tests (got {database_url.split('://')[0]!r})")
    else:
        # Connect to the maintenance database: the project's own may not exist yet.
        try:
            base, name = database_url.split("?")[0].rsplit("/", 1)
            with psycopg.connect(base + "/postgres", connect_timeout=5, autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{name}"')
        except Exception as exc:
            failures.append(f"PostgreSQL unreachable: {type(exc).__name__}: {exc}")
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    if not broker_url:
        failures.append("CELERY_BROKER_URL is not set")
    else:
        try:
            with Connection(broker_url, connect_timeout=5) as conn:
                conn.ensure_connection(max_retries=1, timeout=5)
        except Exception as exc:
            failures.append(f"Broker unreachable: {type(exc).__name__}")
    for failure in failures:
        print(f"check_services: {failure}", file=sys.stderr)
    if failures:
        sys.exit(1)
    print("check_services: PostgreSQL and broker reachable")


if __name__ == "__main__":
    main()
