"""/healthz: is this instance able to serve? Database and broker, each named."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_BROKER_URL:
        return "in-process"
    # A short timeout: a load balancer's probe must not hang on a dead broker.
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
    return "ok"


@never_cache
def healthz(request):
    status = {}
    failing = []
    for name, check in (("database", check_database), ("broker", check_broker)):
        try:
            status[name] = check() or "ok"
        except Exception as exc:
            # Only the exception class: connection strings may hold secrets.
            logger.error("healthz: %s unreachable (%s)", name, type(exc).__name__)
            status[name] = "unreachable"
            failing.append(name)
    body = {"status": "ok" if not failing else "error", "checks": status}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
