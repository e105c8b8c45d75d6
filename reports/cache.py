"""One computation of the report per filter set, reader's scope and data version.

The page, data.json, every table's CSV and XLSX, the workbook and the
committee PDF read the figures through `report_for`. The first computes them
(`pipeline_report`) and stores them in Django's cache (settings CACHES:
Redis or the database's cache table) under a key made of:

- the filters (their GET parameters) and the day (first contacts due are
  "late" relative to today);
- the reader's scope, `onboarding.access.visibility_key`: what they may
  see (a referent's own and their teams' projects, a coordinator's networks,
  everything for a superuser), so that no reader is ever served figures
  computed over another scope;
- the data version (`onboarding.data_version`), changed by every write a
  report reads: a transition, a detail edit, a reassignment, an erasure, a
  transfer, a new project, a duplicate closed, a target set.

The others read it back: no report query. An entry lives
REPORTS_CACHE_SECONDS at most. A cache that cannot be reached costs the
computation, never the answer.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from onboarding.access import projects_visible_to, visibility_key
from onboarding.data_version import data_version

from .selectors import pipeline_report, report_networks

logger = logging.getLogger(__name__)

PREFIX = "reports:report:"


def report_cache_key(user, filters, today, version):
    """The key of a report: scope, filters, day and data version (hashed: keys are short)."""
    params = sorted((name, str(value)) for name, value in filters.as_params().items())
    raw = repr((version, visibility_key(user), params, today.isoformat()))
    return PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def report_compute(user, filters, today=None):
    """The figures computed from scratch (what the cache holds)."""
    return pipeline_report(projects_visible_to(user), filters, today=today, networks=report_networks(user))


def report_for(user, filters, *, today=None):
    """The report of `filters` as `user` may see it: from the cache if this
    scope, filter set, day and data version were computed already."""
    today = today or timezone.localdate()
    version = data_version()
    if version is None:
        return report_compute(user, filters, today)
    key = report_cache_key(user, filters, today, version)
    try:
        report = cache.get(key)
    except Exception as exc:  # any backend's error: compute instead
        logger.warning("report cache unreadable (%s)", type(exc).__name__)
        return report_compute(user, filters, today)
    if report is not None:
        # The request's own filters (the same values, the form's instances).
        return {**report, "filters": filters}
    report = report_compute(user, filters, today)
    try:
        cache.set(key, report, timeout=settings.REPORTS_CACHE_SECONDS)
    except Exception as exc:
        logger.warning("report not cached (%s)", type(exc).__name__)
    return report
