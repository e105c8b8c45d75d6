"""Queue a Celery task by its name, once the transaction commits.

Services name the task instead of importing the app's tasks module, because
the tasks module imports the services (a task is a thin interface: it takes
ids and calls a service). So the arrow runs one way, tasks -> services, and
no import circle ties them.

Publishing never fails the caller. Every task queued here works on a row
that is already committed (an outbox e-mail, a kit request) and that a sweep
sends again, so a broker that is down when the transaction commits costs a
delay, not the user's request: the error is logged and swallowed. Without
this, the exception would be raised by the on-commit callback, after the
data was saved, and show a saved submission as an error page.
"""

import logging
import socket

from celery import current_app
from django.db import transaction
from kombu.exceptions import KombuError, OperationalError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, KombuError, ConnectionError, TimeoutError, socket.error)


def _task(name):
    if name not in current_app.tasks:
        # Outside a worker the apps' tasks modules are found lazily: this is
        # Celery's own autodiscovery of the apps' tasks modules, run once per process.
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def publish(name, *args, **kwargs):
    """Send the task now; False (logged) if the broker cannot take it."""
    task = _task(name)
    try:
        # No publish retries: the row waits for the sweep instead of the user
        # waiting for the broker.
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_ERRORS as exc:
        logger.warning("broker unreachable, %s not queued (%s); the sweep will send it", name, type(exc).__name__)
        return False
    return True


def enqueue_on_commit(name, *args, **kwargs):
    """`name` as Celery registers it: "crm.tasks.deliver_email"."""
    transaction.on_commit(lambda: publish(name, *args, **kwargs))
