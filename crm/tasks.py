"""Celery tasks of the outbox: thin wrappers around crm.outbox."""

from celery import shared_task

from crm import outbox


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def deliver_email(message_id):
    """Send one outbox row (queued after the commit that wrote it)."""
    return outbox.outbox_deliver(message_id)


@shared_task(soft_time_limit=240, time_limit=300)
def sweep_outbox():
    """Beat, every minute: rows never handed over, or whose lease ended."""
    return outbox.outbox_sweep()
