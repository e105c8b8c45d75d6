"""Files made in the background on request: the rules shared by a person's
copy of their data (privacy.DataExport) and the committee PDF
(reports.ReportPdf).

Such a request is a row written before anything is queued (crm.queue after
the commit), so it survives a broker outage. The row has the fields these
functions read: `status` ("pending", "running", "failed" and the model's
own finished value), `attempts`, `lease_until`, `requested_at`,
`expires_at`, and its FileFields. A worker claims the row with a lease
(`file_job_claim`); the sweep (beat, every minute) sends a pending row
again, takes back one whose worker died (its lease ended), gives up after
`max_attempts`, and deletes expired rows with their files
(`file_jobs_sweep`). Files live on the default storage under random names,
are never served from MEDIA_URL, and are deleted after the commit that
deletes their row (`files_delete_on_commit`).
"""

import datetime
import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from crm.queue import enqueue_on_commit

logger = logging.getLogger(__name__)

PENDING, RUNNING, FAILED = "pending", "running", "failed"
# A pending row younger than this is the after-commit message's, not the sweep's.
REQUEUE_AFTER = datetime.timedelta(minutes=1)


def files_delete(names):
    for name in names:
        if name:
            try:
                default_storage.delete(name)
            except OSError:
                logger.warning("could not delete a background file")


def files_delete_on_commit(names):
    """Delete these stored files once the transaction that drops their rows commits."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: files_delete(names))


def rows_and_files_delete(rows, file_fields):
    """Delete these rows, and their files after the commit. Returns how many rows went."""
    names = [name for row in rows.values_list(*file_fields) for name in row]
    deleted, _ = rows.delete()
    files_delete_on_commit(names)
    return deleted


def file_job_claim(model, pk, *, lease, now=None, **fields):
    """Take the row for this worker: pending, or running under a lease that
    ended (its worker died). 1 if taken, 0 if another worker has it or it is
    finished or gone. `fields` are set with it (e.g. the first progress)."""
    now = now or timezone.now()
    return model.objects.filter(pk=pk).filter(
        Q(status=PENDING) | Q(status=RUNNING, lease_until__lt=now)
    ).update(status=RUNNING, lease_until=now + lease, attempts=F("attempts") + 1, **fields)


def file_jobs_sweep(model, *, task, file_fields, max_age, max_attempts, now=None):
    """Send pending rows again, take back those whose worker died, mark
    failed those tried `max_attempts` times, delete the expired ones (and
    failed ones older than `max_age`) with their files. Returns (requeued, deleted)."""
    now = now or timezone.now()
    stale = list(
        model.objects.filter(attempts__lt=max_attempts)
        .filter(Q(status=PENDING, requested_at__lt=now - REQUEUE_AFTER) | Q(status=RUNNING, lease_until__lt=now))
        .values_list("pk", flat=True)
    )
    model.objects.filter(pk__in=stale, status=RUNNING).update(status=PENDING)
    for pk in stale:
        enqueue_on_commit(task, pk)
    model.objects.filter(status__in=[PENDING, RUNNING], attempts__gte=max_attempts, lease_until__lt=now).update(
        status=FAILED)
    expired = model.objects.filter(Q(expires_at__lt=now) | Q(status=FAILED, requested_at__lt=now - max_age))
    return len(stale), rows_and_files_delete(expired, file_fields)


def file_job_retry_or_fail(task, exc, *, failed, what):
    """In a building task's `except`: the row is marked failed (`failed(final=...)`)
    and the task tried again later with a growing delay, or, after its last
    try (or run in-process), failed for good: returns None, the request's page
    says so and offers to ask again. Logs the exception's class only: its
    message may quote a filter's value or a person's detail."""
    final = task.request.is_eager or task.request.retries >= task.max_retries
    logger.warning("%s failed (%s)%s", what, type(exc).__name__, "" if final else ", tried again")
    failed(final=final)
    if final:
        return None
    raise task.retry(exc=exc, countdown=min(5 * 2 ** task.request.retries, 60)) from None
