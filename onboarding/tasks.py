"""Celery tasks of the journey: thin wrappers that take ids and call a service.

Services import this module to queue tasks after commit, so the services
are imported inside the task bodies (no import cycle).
"""

from celery import shared_task

from crm.emails import MAIL_ERRORS


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_coordinators_of_queued_project(decision_id):
    from onboarding.services.routing import routing_queue_notify

    return routing_queue_notify(decision_id=decision_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_referent_of_reassignment(decision_id):
    from onboarding.services.routing import reassignment_notify

    return reassignment_notify(decision_id=decision_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=300, max_retries=3)
def send_daily_digest(today=None):
    """Celery beat, every working morning (CELERY_BEAT_SCHEDULE); `today` as
    an ISO date only to replay a given day."""
    import datetime

    from onboarding.services.deadlines import deadlines_digest_send

    return deadlines_digest_send(today=datetime.date.fromisoformat(today) if today else None)


@shared_task
def purge_personal_data():
    """Daily: anonymise contacts past the retention period (idempotent)."""
    from onboarding.services.privacy import personal_data_purge

    return personal_data_purge()


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def send_intake_confirmation(project_id, created=True):
    from onboarding.services.intake import intake_confirmation_send

    return intake_confirmation_send(project_id=project_id, created=created)
