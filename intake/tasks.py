"""Celery tasks of the public side: thin wrappers that take ids and call a service.

Services import this module to queue the tasks after commit, so the services
are imported inside the task bodies (no import cycle).
"""

from celery import shared_task

from crm.emails import MAIL_ERRORS


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def send_tracking_link(contact_id):
    from intake.services import tracking_link_send

    return tracking_link_send(contact_id=contact_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_coordinators_of_privacy_request(request_id):
    from intake.services import privacy_request_notify

    return privacy_request_notify(request_id=request_id)
