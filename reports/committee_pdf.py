"""The committee PDF, made by a worker rather than inside a web request.

A staff member asks for it from the report page with its filters
(`report_pdf_request`): a ReportPdf row is written and the build is queued
after the commit (crm.queue). The same request again, by the same person,
over the same scope and the same report data (onboarding.data_version),
the same day, while it is in progress or ready gets that row back instead
of a second build. The worker (`report_pdf_build`, reports.tasks) reads the
figures through the report's cache (reports.cache.report_for), renders them
with reports.pdf (tagged, crm.pdf.pdf_write), and stores the file; each
step is written on the row for the page that waits. A failure marks the row
failed with a French reason; a lost message, a dead worker and the expiry
(REPORT_PDF_MAX_AGE_HOURS) are the sweep's, shared with the person's data
copies (crm.file_jobs).
"""

import datetime
import hashlib
import logging
import secrets
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.file_jobs import file_job_claim, file_jobs_sweep, files_delete_on_commit, rows_and_files_delete
from crm.personal_data import PersonKind, personal_data
from crm.queue import enqueue_on_commit
from onboarding.access import is_staff_member, visibility_key
from onboarding.data_version import data_version

from .cache import report_for
from .filters import ReportFilterForm
from .models import ReportPdf
from .tables import report_tables

logger = logging.getLogger(__name__)

BUILD_TASK = "reports.tasks.build_report_pdf"
MAX_ATTEMPTS = 3
# Longer than the task's time limit (reports.tasks): a live worker is never taken back.
LEASE = datetime.timedelta(minutes=10)
FILE_FIELDS = ("file",)

Status, Step = ReportPdf.Status, ReportPdf.Step


class ReportPdfRefused(Exception):
    """The request cannot be built, whatever the number of tries (its message says why, in French)."""


def max_age():
    return datetime.timedelta(hours=settings.REPORT_PDF_MAX_AGE_HOURS)


def report_scope_key(user):
    """The reader's scope (onboarding.access.visibility_key), hashed to a fixed length."""
    return hashlib.sha256(visibility_key(user).encode()).hexdigest()


def _fresh(rows, *, now):
    """In progress, or ready and not expired, and asked today (a report's
    "late" first contacts are counted against the day)."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    return rows.filter(requested_at__gte=today).filter(
        Q(status__in=[Status.PENDING, Status.RUNNING]) | Q(status=Status.READY, expires_at__gt=now))


def report_pdf_request(*, user, filters):
    """Ask for the committee PDF of `filters` (reports.filters.ReportFilters)
    as `user` sees the report. Returns (the row, whether it is new): an
    identical request still in progress or fresh is returned as it is."""
    params = filters.as_params()
    scope = report_scope_key(user)
    version = data_version() or ""
    now = timezone.now()
    with transaction.atomic():
        # The account's row locked: two clicks at once make one request.
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
        if version:  # no version (the cache is down): nothing can be told fresh
            current = _fresh(ReportPdf.objects.filter(requested_by=user, params=params, scope_key=scope,
                                                      data_version=version), now=now).first()
            if current is not None:
                return current, False
        row = ReportPdf.objects.create(public_id=uuid.uuid4(), requested_by=user, params=params, scope_key=scope,
                                       data_version=version)
        enqueue_on_commit(BUILD_TASK, row.pk)
    logger.info("reports: committee PDF %s requested by user %s", row.pk, user.pk)
    return row, True


report_pdf_request.alters_data = True


def _step(pdf_id, step, progress):
    ReportPdf.objects.filter(pk=pdf_id, status=Status.RUNNING).update(step=step, progress=progress)


def _filters_of(row, user):
    form = ReportFilterForm(row.params, user=user)
    if not form.is_valid():
        # A segment, an EPCI or an event deleted since, a colleague who left the network...
        raise ReportPdfRefused(_("Les filtres de cette demande ne sont plus valables. Demandez le PDF à nouveau "
                                 "depuis la page des rapports."))
    return form.filters()


def report_pdf_build(*, pdf_id):
    """Compute, lay out, store, mark ready. Returns the row, or None when
    there was nothing to do (taken by another worker, finished, gone).
    Raises ReportPdfRefused when it can never be built."""
    from .pdf import report_pdf, report_pdf_context  # WeasyPrint is slow to import: only here

    if not file_job_claim(ReportPdf, pdf_id, lease=LEASE, step=Step.FIGURES, progress=10, error=""):
        return None
    row = ReportPdf.objects.select_related("requested_by").get(pk=pdf_id)
    user = row.requested_by
    if not is_staff_member(user):
        raise ReportPdfRefused(_("Votre compte n'a plus accès aux rapports."))
    with translation.override(settings.LANGUAGE_CODE):
        filters = _filters_of(row, user)
        # Read before the figures: a write meanwhile makes the row's version
        # older than its figures, never newer (no identical request is then
        # served stale figures).
        version, scope = data_version() or "", report_scope_key(user)
        report = report_for(user, filters)
        tables = report_tables(report)
        _step(pdf_id, Step.LAYOUT, 50)
        body = report_pdf(report_pdf_context(user, report, tables))
    name = default_storage.save(f"reports/{secrets.token_urlsafe(24)}.pdf", ContentFile(body))
    now = timezone.now()
    with transaction.atomic():
        done = ReportPdf.objects.filter(pk=pdf_id, status=Status.RUNNING).update(
            status=Status.READY, step=Step.READY, progress=100, file=name, finished_at=now,
            expires_at=now + max_age(), lease_until=None, data_version=version, scope_key=scope,
        )
        if not done:  # deleted or taken back meanwhile: leave no file behind
            files_delete_on_commit([name])
            return None
    logger.info("reports: committee PDF %s ready", pdf_id)
    row.refresh_from_db()
    return row


report_pdf_build.alters_data = True


def report_pdf_failed(*, pdf_id, final, message=""):
    """A try failed: back to pending for the next one, or failed for good
    with `message` (French, shown to the requester)."""
    fields = {"lease_until": None, "progress": 0, "step": Step.QUEUED}
    if final:
        fields.update(status=Status.FAILED, finished_at=timezone.now(),
                      error=str(message or _("La préparation du PDF a échoué. Vous pouvez le demander à nouveau.")))
    else:
        fields["status"] = Status.PENDING
    ReportPdf.objects.filter(pk=pdf_id).exclude(status=Status.READY).update(**fields)


report_pdf_failed.alters_data = True


def report_pdfs_sweep(*, now=None):
    """Send lost requests again, take back those whose worker died, delete
    the expired ones and their files. Returns (requeued, deleted)."""
    return file_jobs_sweep(ReportPdf, task=BUILD_TASK, file_fields=FILE_FIELDS, max_age=max_age(),
                           max_attempts=MAX_ATTEMPTS, now=now)


report_pdfs_sweep.alters_data = True


def report_pdf_of(user, public_id):
    """The request `public_id` if `user` made it and still sees the report
    as then (same scope); None otherwise, whether it exists or not."""
    return ReportPdf.objects.filter(public_id=public_id, requested_by=user,
                                    scope_key=report_scope_key(user)).first()


# The registry of personal data (crm.personal_data): the row names who asked.

def report_pdfs_erase(rows, person):
    rows_and_files_delete(rows, FILE_FIELDS)


def declare_personal_data():
    personal_data(
        ReportPdf, person=PersonKind.STAFF, subject="requested_by", fields=("params", "file"),
        context=("status", "requested_at", "finished_at"), erase=report_pdfs_erase,
        purpose=gettext_lazy("Préparer le rapport PDF demandé pour le comité de pilotage"),
        retention=gettext_lazy("Un jour par défaut (REPORT_PDF_MAX_AGE_HOURS), puis supprimé avec son fichier"),
        label=gettext_lazy("Vos demandes de rapport PDF"),
    )
