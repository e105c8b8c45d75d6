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

A second token, the *choices version* (`choices_changed`, `choices_version_with`),
changes only when what the staff pages offer to choose from changes: a
referent, segment, need, event, EPCI, département or network saved or
deleted, a network's members changed. The project list keeps its filter
form's options and its blank form under it (workspace/forms.py): under the
data version, bumped by every project written, a busy network would read
them again after each write.

The tokens live in Django's cache (settings CACHES): a bump is one SET (with
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
CHOICES_KEY = "staff:choices-version"


def _token():
    return uuid.uuid4().hex


def _bump(key=KEY):
    try:
        cache.set(key, _token(), timeout=None)
    except Exception as exc:  # any backend's error: the cache is optional
        logger.warning("%s not bumped: cache unreachable (%s)", key, type(exc).__name__)


def _bump_after_commit():
    _bump()


def _choices_bump_after_commit():
    _bump(CHOICES_KEY)


def _changed_now_and_at_commit(key, after_commit):
    _bump(key)
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(entry[1] is after_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(after_commit)


def reports_data_changed():
    """Something a report reads was written: bump the version now and after
    the commit (once per transaction however many writes it holds)."""
    _changed_now_and_at_commit(KEY, _bump_after_commit)


def choices_changed():
    """Something the staff pages offer to choose from was written: bump the
    choices version, now and after the commit."""
    _changed_now_and_at_commit(CHOICES_KEY, _choices_bump_after_commit)


def _version(key):
    try:
        version = cache.get(key)
        if version is None:
            # First read since the cache was emptied: a new token, so that
            # nothing cached before can match. add(): the first writer wins.
            cache.add(key, _token(), timeout=None)
            version = cache.get(key)
    except Exception as exc:
        logger.warning("%s unreadable: cache unreachable (%s)", key, type(exc).__name__)
        return None
    return version


def data_version():
    """The current token, or None if the cache cannot be reached."""
    return _version(KEY)


def _version_with(version_key, key):
    try:
        values = cache.get_many([version_key, key])
    except Exception as exc:
        logger.warning("%s unreadable: cache unreachable (%s)", version_key, type(exc).__name__)
        return None, None
    if values.get(version_key) is None:
        return _version(version_key), None
    return values[version_key], values.get(key)


def data_version_with(key):
    """(data_version(), the value cached under `key`) read together: one query
    with the database cache, where reading them in turn took two on every
    request of a page that keeps something per data version."""
    return _version_with(KEY, key)


def choices_version_with(key):
    """(the choices version, the value cached under `key`), read together."""
    return _version_with(CHOICES_KEY, key)


def _changed(**_kwargs):
    reports_data_changed()


def _choices_changed(**_kwargs):
    choices_changed()


def connect():
    """Called once by onboarding's AppConfig.ready()."""
    from crm.models import Departement, Epci, Event, Need, Network, Referent, Segment
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
    # What the staff list's filter form offers (onboarding.filters, narrowed to the reader's networks).
    for model in (Referent, Segment, Need, Event, Epci, Departement, Network):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(_choices_changed, sender=model, dispatch_uid=f"choices-version-{name}-{model.__name__}")
    m2m_changed.connect(_choices_changed, sender=Network.members.through, dispatch_uid="choices-version-members")
