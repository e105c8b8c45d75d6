"""Celery tasks of the journey: thin wrappers that take ids and call a service.

Services queue tasks by name (crm.queue.enqueue_on_commit): only this module
imports the other, never the reverse. The journey's e-mails are outbox rows
(crm.outbox), sent by crm.tasks.
"""

import datetime

from celery import shared_task

from onboarding.services.deadlines import deadlines_digest_send
from onboarding.services.nudges import nudges_cross
from onboarding.services.retention import personal_data_purge, retention_reminders_send


@shared_task
def send_daily_digest(today=None):
    """Celery beat, every working morning (CELERY_BEAT_SCHEDULE): the
    thresholds crossed since the last pass are written (nudges), then the
    digest tells of them; `today` as an ISO date only to replay a given day
    (a replay adds no second row and no second e-mail)."""
    day = datetime.date.fromisoformat(today) if today else None
    nudges_cross(today=day)
    return deadlines_digest_send(today=day)


@shared_task
def purge_personal_data():
    """Daily: anonymise contacts past the retention period (idempotent)."""
    return personal_data_purge()


@shared_task
def send_retention_reminders():
    """Daily: ask the people whose retention limit is a month away whether to
    keep their file (idempotent: once per person and clock value)."""
    return retention_reminders_send()
