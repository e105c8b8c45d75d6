"""Celery tasks: thin wrappers around welcome_kits.services, taking ids.

They are queued by name after the commit (crm.queue, which never fails the
caller when the broker is down: the Kit row is committed and the sweep sends
it again). The prospect's e-mail is an outbox row (crm.outbox).
"""

from celery import shared_task

from welcome_kits import services

BUSY_RETRIES = 20


@shared_task(
    bind=True,
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
    # Retries are explicit below: a failure is recorded on the row first.
    max_retries=services.MAX_ATTEMPTS - 1,
)
def generate_kit(self, kit_id):
    try:
        kit = services.kit_generate(kit_id=kit_id, worker=self.request.id or "")
    except services.KitBusy as busy:
        if self.request.is_eager or self.request.retries >= BUSY_RETRIES:
            return None  # the worker that holds it finishes it, or the sweep takes it back
        # Another live worker holds it: look again when its lease ends.
        raise self.retry(countdown=busy.retry_in, max_retries=BUSY_RETRIES) from None
    except Exception as exc:
        # In-process (eager) runs have no worker to retry later, and Celery
        # would raise the retry into the caller: the first failure is final.
        final = self.request.is_eager or self.request.retries >= self.max_retries
        services.kit_record_failure(kit_id=kit_id, error=exc, final=final)
        if final:
            return None  # the row says failed; staff retry from the project page
        raise self.retry(exc=exc, countdown=min(5 * 2 ** self.request.retries, 300)) from None
    return kit.pk if kit else None


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_kits():
    return services.kit_requeue_stale()
