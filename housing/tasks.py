"""Celery tasks: thin wrappers around housing.services, queued by name (crm.queue) or by beat."""

from celery import shared_task

from housing.services import expired_contacts_erase


@shared_task(soft_time_limit=120, time_limit=180, acks_late=True)
def erase_expired_offer_contacts():
    """The contacts of offers ended more than a year ago (the registry's retention)."""
    return expired_contacts_erase()
