"""Celery tasks of the public side: thin wrappers that take ids and call a service.

Services queue these by name (crm.queue.enqueue_on_commit): only this module
imports the other, never the reverse.
"""

from celery import shared_task

from crm.emails import MAIL_ERRORS
from intake.services import privacy_request_notify, tracking_link_send


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def send_tracking_link(contact_id):
    return tracking_link_send(contact_id=contact_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_coordinators_of_privacy_request(request_id):
    return privacy_request_notify(request_id=request_id)
