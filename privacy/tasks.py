"""Celery tasks of the rights: thin wrappers around the services, taking ids."""

import datetime

from celery import shared_task

from crm.file_jobs import file_job_retry_or_fail
from onboarding.services.privacy_requests import privacy_requests_remind
from privacy import services


@shared_task(bind=True, soft_time_limit=120, time_limit=180, acks_late=True, max_retries=services.MAX_ATTEMPTS - 1)
def build_data_export(self, export_id):
    try:
        export = services.data_export_build(export_id=export_id)
    except Exception as exc:
        return file_job_retry_or_fail(
            self, exc, what=f"privacy: data copy {export_id}",
            failed=lambda final: services.data_export_failed(export_id=export_id, final=final),
        )
    return export.pk if export else None


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_data_exports():
    return services.data_exports_sweep()


@shared_task
def remind_privacy_requests(today=None):
    """Celery beat, daily (CELERY_BEAT_SCHEDULE): the coordinators are told of
    requests due within a week and of overdue ones, once each; `today` as an
    ISO date only to replay a day (a replay adds no second e-mail)."""
    return privacy_requests_remind(today=datetime.date.fromisoformat(today) if today else None)
