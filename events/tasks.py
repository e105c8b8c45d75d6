"""Celery tasks: thin wrappers around events.services, run by beat."""

from celery import shared_task

from events.services import expired_invitations_delete, reminders_send


@shared_task(soft_time_limit=300, time_limit=360, acks_late=True)
def send_event_reminders():
    """Remind the registered people, EVENT_REMINDER_DAYS_BEFORE days before (once each)."""
    return reminders_send()


@shared_task(soft_time_limit=120, time_limit=180, acks_late=True)
def delete_expired_invitations():
    """Invitations to events ended more than EVENT_INVITATION_RETENTION_DAYS ago."""
    return expired_invitations_delete()
