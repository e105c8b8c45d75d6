"""Celery tasks of intake: thin wrappers that take ids and call a service.

Registered in worker processes through CELERY_IMPORTS (autodiscovery looks
for `tasks` modules only). Services import this module to queue the tasks
after commit, so the services are imported inside the task bodies.
"""

import smtplib

from celery import shared_task

# A mail server that hiccups is worth a few retries; a bug is not.
MAIL_ERRORS = (smtplib.SMTPException, ConnectionError, TimeoutError)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def send_intake_confirmation(project_id, created=True):
    from onboarding.services.intake import intake_confirmation_send

    return intake_confirmation_send(project_id=project_id, created=created)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def send_tracking_link(contact_id):
    from onboarding.services.tracking import tracking_link_send

    return tracking_link_send(contact_id=contact_id)


@shared_task(autoretry_for=MAIL_ERRORS, retry_backoff=60, max_retries=3)
def notify_coordinators_of_privacy_request(request_id):
    from onboarding.services.tracking import privacy_request_notify

    return privacy_request_notify(request_id=request_id)
