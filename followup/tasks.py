"""Celery tasks: thin wrappers around followup.services, sent by beat."""

from celery import shared_task

from followup.services import followup_pass


@shared_task(soft_time_limit=600, time_limit=660, acks_late=True)
def followup_daily_pass():
    """Schedule, expire, send the due check-ins and give the late ones to the referents (idempotent)."""
    return followup_pass()
