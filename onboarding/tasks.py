"""Celery tasks of the journey: thin wrappers that take ids and call a service.

Services queue these by name (crm.queue.enqueue_on_commit): only this module
imports the other, never the reverse.
"""

import datetime

from celery import shared_task

from crm.emails import MAIL_ERRORS
from onboarding.services.deadlines import deadlines_digest_send
from onboarding.services.intake import intake_confirmation_send
from onboarding.services.privacy import personal_data_purge
from onboarding.services.routing import reassignment_notify, routing_queue_notify


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_coordinators_of_queued_project(decision_id):
    return routing_queue_notify(decision_id=decision_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_referent_of_reassignment(decision_id):
    return reassignment_notify(decision_id=decision_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=300, max_retries=3)
def send_daily_digest(today=None):
    """Celery beat, every working morning (CELERY_BEAT_SCHEDULE); `today` as
    an ISO date only to replay a given day."""
    return deadlines_digest_send(today=datetime.date.fromisoformat(today) if today else None)


@shared_task
def purge_personal_data():
    """Daily: anonymise contacts past the retention period (idempotent)."""
    return personal_data_purge()


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def send_intake_confirmation(project_id, created=True):
    return intake_confirmation_send(project_id=project_id, created=created)
