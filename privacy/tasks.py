"""Celery tasks of the rights: thin wrappers that call a service."""

import datetime

from celery import shared_task

from onboarding.services.privacy_requests import privacy_requests_remind


@shared_task
def remind_privacy_requests(today=None):
    """Celery beat, daily (CELERY_BEAT_SCHEDULE): the coordinators are told of
    requests due within a week and of overdue ones, once each; `today` as an
    ISO date only to replay a day (a replay adds no second e-mail)."""
    return privacy_requests_remind(today=datetime.date.fromisoformat(today) if today else None)
