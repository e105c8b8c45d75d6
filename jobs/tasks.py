"""Celery tasks: thin wrappers around jobs.offers (queued by name, crm.queue) and jobs.takeovers (beat)."""

from celery import shared_task

from jobs.offers import Search, offers_fetch
from jobs.takeovers import expired_contacts_erase


@shared_task(soft_time_limit=60, time_limit=90, acks_late=True)
def fetch_offers(search):
    """Fetch one search's offers into the shared cache. No Celery retry: a
    failure is remembered for a few minutes (jobs.offers), and the next page
    that asks after that queues the search again."""
    page = offers_fetch(Search(**{**search, "rome_codes": tuple(search["rome_codes"]),
                                  "contract_types": tuple(search.get("contract_types", ()))}))
    return None if page is None else len(page.offers)


@shared_task(soft_time_limit=120, time_limit=180, acks_late=True)
def erase_expired_takeover_contacts():
    """The advisers of businesses taken or withdrawn more than a year ago (the registry's retention)."""
    return expired_contacts_erase()
