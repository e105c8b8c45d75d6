"""The access log: who among staff read which project, kit or export.

A view that shows or hands over personal data calls `access_record(request,
kind, project=..., what=...)` once; nothing is written then. The entries
wait on the request, and `crm.middleware.AccessLogMiddleware` writes them
all in one INSERT once the view has answered, and only if it answered 2xx:
a refused or failed request read nothing. A page therefore costs one query
more however many projects it lists, and a list or an export is one row (its
filter in `what`), not one per project. An insert that fails is logged
(ids and counts only) and the page is served all the same: the log is an
accountability record, not a gate.

Rows are kept ACCESS_LOG_RETENTION_DAYS (183 by default, about six months:
long enough to answer a complaint or an audit, no longer), then deleted by
`access_log_purge` (Celery beat, daily). Coordinators read a project's
rows on its page (onboarding.access.may_see_access_log) and every row of
their networks in the admin ("Journal des consultations").

Declared in the personal-data registry (`access_log_declare`, from
crm.apps): it names staff (who read) and, through its filters and project
ids, may point at a prospect.
"""

import datetime
import logging
from contextlib import nullcontext

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm.models import AccessLog, Contact
from crm.personal_data import PersonKind, personal_data

logger = logging.getLogger(__name__)

Kind = AccessLog.Kind

_ATTRIBUTE = "_access_log_entries"
PURGE_BATCH_SIZE = 5000
# The newest reads shown on a project's page; the admin has the rest.
ACCESS_LOG_LIMIT = 50


def _http_request(request):
    # A REST framework Request wraps Django's: the entries go on the one the
    # middleware sees; the user is read from the wrapper (a token's user).
    return getattr(request, "_request", request)


def access_record(request, kind, *, project=None, what=None):
    """Note that the request's user read `project` (a Project in hand: its
    network comes with it, no query) or a list/export described by `what`
    (JSON: the filter). Written by the middleware after a 2xx answer."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    entry = AccessLog(
        user_id=user.pk,
        username=user.get_username()[:150],
        at=timezone.now(),
        kind=kind,
        project_id=getattr(project, "pk", None),
        network_id=getattr(project, "network_id", None),
        path=_http_request(request).path[:300],
        what=what or {},
    )
    _http_request(request).__dict__.setdefault(_ATTRIBUTE, []).append(entry)


def query_filter(querydict):
    """A request's query parameters as JSON: one value, or a list when repeated."""
    return {key: values[0] if len(values) == 1 else values for key, values in querydict.lists()}


def access_log_flush(request, response):
    """Write the request's entries in one INSERT if the answer is 2xx; never raises."""
    entries = request.__dict__.pop(_ATTRIBUTE, None)
    if not entries or not 200 <= response.status_code < 300:
        return 0
    try:
        # Inside a caller's transaction (a test, ATOMIC_REQUESTS) a savepoint,
        # so that a failed insert does not leave that transaction broken. In
        # autocommit (a request, normally) none: one entry is one INSERT, where
        # bulk_create would open a transaction around it (BEGIN, INSERT, COMMIT).
        with transaction.atomic() if transaction.get_connection().in_atomic_block else nullcontext():
            if len(entries) == 1:
                entries[0].save(force_insert=True)
            else:
                AccessLog.objects.bulk_create(entries)
    except DatabaseError as exc:
        # The error's class and SQL state, not its text: the text can quote
        # the statement, and with it a name typed in a search.
        logger.error("access log: %d entries not written (%s %s; kinds %s)", len(entries), type(exc).__name__,
                     getattr(exc.__cause__, "sqlstate", ""), ",".join(sorted({entry.kind for entry in entries})))
        return 0
    return len(entries)


def access_log_of_project(project_id, *, limit=ACCESS_LOG_LIMIT):
    """A project's reads, newest first (one query)."""
    return list(AccessLog.objects.filter(project_id=project_id).select_related("user").order_by("-at", "-pk")[:limit])


def access_log_purge(*, now=None, batch_size=PURGE_BATCH_SIZE):
    """Delete the rows older than ACCESS_LOG_RETENTION_DAYS, in batches (short
    locks; a purge cut short is finished by the next). A row exactly that old
    is kept; idempotent. Returns how many were deleted."""
    limit = (now or timezone.now()) - datetime.timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted = 0
    while True:
        batch = list(AccessLog.objects.filter(at__lt=limit).order_by("at").values_list("pk", flat=True)[:batch_size])
        if not batch:
            return deleted
        count, _ = AccessLog.objects.filter(pk__in=batch).delete()
        deleted += count


access_log_purge.alters_data = True


# The personal-data registry.

def _about_prospect(person):
    """Rows about a prospect: reads of their projects, and lists or exports
    whose filter names them (a search typed with their name, e-mail or
    phone). Runs before the contact is blanked (order below), so their
    name is still there to look for."""
    condition = Q(project_id__in=person.project_ids)
    needles = {email.lower() for email in person.emails if email}
    for contact in Contact.objects.filter(pk__in=person.ids).only("last_name", "email", "phone"):
        needles.update(value.lower() for value in (contact.last_name, contact.email, contact.phone) if value)
    filters = AccessLog.objects.exclude(what={}).annotate(what_text=Lower(Cast("what", TextField())))
    for needle in needles:
        condition |= Q(pk__in=filters.filter(what_text__contains=needle).values("pk"))
    return AccessLog.objects.filter(condition)


def _export_for_prospect(rows, person):
    # When and what kind of read, not by whom: the person is told their file
    # was consulted and when (CJEU C-579/21), the agents' identities stay the
    # institution's.
    return [{"at": timezone.localtime(row.at).isoformat(), "kind": row.get_kind_display()}
            for row in rows.order_by("at", "pk")]


def access_log_declare():
    personal_data(
        AccessLog, person=PersonKind.STAFF, fields=("username", "path", "what"), subject="user",
        context=("at", "kind", "project_id"),
        purpose=_("Traçabilité des consultations de données personnelles par les agents (sécurité, RGPD art. 32)"),
        retention=_("%(days)s jours, puis supprimé") % {"days": settings.ACCESS_LOG_RETENTION_DAYS},
        # Kept until the purge even if the agent asks: an agent's reads are the
        # institution's record of who saw what, the reason the table exists.
        erase="keep",
    )
    personal_data(
        AccessLog, person=PersonKind.PROSPECT, fields=("what",), subject=_about_prospect,
        purpose=_("Traçabilité des consultations de votre dossier par les agents"),
        retention=_("%(days)s jours, puis supprimé") % {"days": settings.ACCESS_LOG_RETENTION_DAYS},
        # The filter (a search typed with the name, an export's parameters) is
        # blanked; the row itself stays: who read the project and when is the
        # institution's accountability record, it names an agent and a project
        # number, and a project erased is anonymous, so the row no longer
        # points at anybody. Deleting it would let an erasure wipe the trace of
        # an unlawful read of that very person.
        erase=lambda rows, person: rows.update(what={}),
        export=_export_for_prospect,
        # Before the contact is blanked: _about_prospect reads the name.
        order=10,
    )
