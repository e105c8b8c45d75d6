"""Celery tasks: thin wrappers around testimonials.services."""

from celery import shared_task

from testimonials.services import testimonials_purge


@shared_task(acks_late=True)
def purge_testimonials():
    """The stories past their retention, erased (daily, by beat)."""
    return testimonials_purge()
