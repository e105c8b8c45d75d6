"""Celery tasks: thin wrappers around welcome_kits.services, taking ids."""

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from kombu.exceptions import OperationalError

from welcome_kits import services

logger = logging.getLogger(__name__)


class BrokerTolerantTask(DjangoTask):
    """Publishing never fails the caller: the Kit row is already committed,
    and the sweep sends it again once the broker is back. Without this, a
    broker outage would raise inside `delay_on_commit`'s callback, after the
    commit, and turn a successful request into an error page."""

    def apply_async(self, *args, **kwargs):
        try:
            return super().apply_async(*args, **kwargs)
        except (OperationalError, ConnectionError, TimeoutError) as exc:
            logger.warning("Broker unreachable, %s not queued (%s); the sweep will requeue it",
                           self.name, type(exc).__name__)
            return None


@shared_task(
    bind=True,
    base=BrokerTolerantTask,
    autoretry_for=(Exception,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS - 1,
    soft_time_limit=120,
    time_limit=180,
    acks_late=True,
)
def generate_kit(self, kit_id):
    try:
        kit = services.kit_generate(kit_id=kit_id)
    except Exception as exc:
        # In-process (eager) runs have no worker to retry later, and Celery
        # would raise the retry into the caller: the first failure is final.
        final = self.request.is_eager or self.request.retries >= self.max_retries
        services.kit_record_failure(kit_id=kit_id, error=exc, final=final)
        if final:
            return None  # the row says failed; staff retry from the project page
        raise  # autoretry_for: again after a backoff
    return kit.pk if kit else None


@shared_task(
    bind=True,
    base=BrokerTolerantTask,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
    acks_late=True,
)
def send_kit_link(self, kit_id):
    return services.kit_send_link(kit_id=kit_id)


@shared_task(base=BrokerTolerantTask, soft_time_limit=60, time_limit=90)
def sweep_kits():
    return services.kit_requeue_stale()
