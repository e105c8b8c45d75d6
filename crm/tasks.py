"""Celery tasks of crm: thin wrappers around crm.outbox and crm.access_log."""

from celery import shared_task

from crm import access_log, outbox


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def deliver_email(message_id):
    """Send one outbox row (queued after the commit that wrote it)."""
    return outbox.outbox_deliver(message_id)


@shared_task(soft_time_limit=240, time_limit=300)
def sweep_outbox():
    """Beat, every minute: rows never handed over, or whose lease ended."""
    return outbox.outbox_sweep()


@shared_task(soft_time_limit=540, time_limit=600)
def purge_access_log():
    """Beat, nightly: the access log's rows past ACCESS_LOG_RETENTION_DAYS (idempotent)."""
    return access_log.access_log_purge()
