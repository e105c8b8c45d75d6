"""The data version: a token that changes whenever something a report reads
changes, so that reports cached on it (reports/cache.py) are never read stale.

`reports_data_changed()` bumps it twice: now, for readers in the writer's own
transaction (a test runs inside one), and again once the transaction commits
(a reader between the two bumps may have computed the old figures and stored
them under the first new token; the second makes them unreachable).

One place hears every write a report reads, through what the services
already send: the journey's `project_transitioned` (every transition,
erasure and transfer closings, duplicates closing included), `project_changed`
(detail edits, reassignment, duplicates merged), `contact_erased`,
`project_moved`, and the rows themselves: every save or delete of a project,
a log row, a routing decision (routing and rerouting write one), a project's
needs, a referent (capacity), a segment, a need, an event, an EPCI or a
network (names); reports/apps.py adds the targets.
A write in the same transaction as one of these (an UPDATE next to them) is
covered by the bump at its commit. Bulk writers that send none of these
(QuerySet.update, bulk_create, raw SQL: a data builder, a set-based purge)
call `reports_data_changed()` themselves.

The token lives in Django's cache (settings CACHES): a bump is one SET (with
the database cache backend, a few queries). A cache that is down
makes the bump a logged no-op and `data_version()` None: readers then compute
without caching (reports/cache.py), and cached reports expire anyway
(REPORTS_CACHE_SECONDS), which bounds what a bump lost while the cache was
unreachable could leave stale.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

KEY = "reports:data-version"


def _token():
    return uuid.uuid4().hex


def _bump():
    try:
        cache.set(KEY, _token(), timeout=None)
    except Exception as exc:  # any backend's error: the cache is optional
        logger.warning("data version not bumped: cache unreachable (%s)", type(exc).__name__)


def _bump_after_commit():
    _bump()


def reports_data_changed():
    """Something a report reads was written: bump the version now and after
    the commit (once per transaction however many writes it holds)."""
    _bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is _bump_after_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump_after_commit)


def data_version():
    """The current token, or None if the cache cannot be reached."""
    try:
        version = cache.get(KEY)
        if version is None:
            # First read since the cache was emptied: a new token, so that
            # nothing cached before can match. add(): the first writer wins.
            cache.add(KEY, _token(), timeout=None)
            version = cache.get(KEY)
    except Exception as exc:
        logger.warning("data version unreadable: cache unreachable (%s)", type(exc).__name__)
        return None
    return version


def data_version_with(key):
    """(data_version(), the value cached under `key`) read together: one query
    with the database cache, where reading them in turn took two on every
    request of a page that keeps something per data version."""
    try:
        values = cache.get_many([KEY, key])
    except Exception as exc:
        logger.warning("data version unreadable: cache unreachable (%s)", type(exc).__name__)
        return None, None
    if values.get(KEY) is None:
        return data_version(), None
    return values[KEY], values.get(key)


def _changed(**_kwargs):
    reports_data_changed()


def connect():
    """Called once by onboarding's AppConfig.ready()."""
    from crm.models import Epci, Event, Need, Network, Referent, Segment
    from onboarding.models import Nudge, Project, ProjectTransition, RoutingDecision
    from onboarding.signals import contact_erased, project_changed, project_moved, project_transitioned

    for name, signal in (("transitioned", project_transitioned), ("changed", project_changed),
                         ("erased", contact_erased), ("moved", project_moved)):
        signal.connect(_changed, dispatch_uid=f"data-version-{name}")
    # Nudge: the person's word is counted (reports.selectors.said_not_contacted).
    for model in (Project, ProjectTransition, RoutingDecision, Nudge, Referent, Segment, Need, Event, Epci, Network):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(_changed, sender=model, dispatch_uid=f"data-version-{name}-{model.__name__}")
    m2m_changed.connect(_changed, sender=Project.needs.through, dispatch_uid="data-version-needs")
