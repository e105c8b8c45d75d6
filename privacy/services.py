"""The right of access and portability: a person asks for their data from
their own link, a worker gathers it from the registry of personal data
(crm.personal_data.person_export, the same walk as the erasure) into a JSON
file and a readable PDF, the link's page shows the progress, and the files
expire after DATA_EXPORT_MAX_AGE_HOURS.

Rows are written before anything is queued (crm.queue after the commit), so
a request survives a broker outage: the sweep (beat, every minute) sends a
pending one again, takes back one whose worker died (its lease ended), and
deletes expired files; the claim, the sweep and the files' deletion are the
rules every file made in the background shares (crm.file_jobs).
"""

import datetime
import json
import logging
import secrets
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.file_jobs import file_job_claim, file_jobs_sweep, files_delete_on_commit, rows_and_files_delete
from crm.personal_data import Person, PersonKind, person_export, personal_data
from crm.queue import enqueue_on_commit
from privacy.models import DataExport

logger = logging.getLogger(__name__)

BUILD_TASK = "privacy.tasks.build_data_export"
MAX_ATTEMPTS = 3
LEASE = datetime.timedelta(minutes=5)
FILE_FIELDS = ("json_file", "pdf_file")


def max_age():
    return datetime.timedelta(hours=settings.DATA_EXPORT_MAX_AGE_HOURS)


def data_export_current(*, contact):
    """The person's export still useful: in progress, or ready and not expired."""
    now = timezone.now()
    return (
        DataExport.objects.filter(contact=contact)
        .filter(Q(status__in=[DataExport.Status.PENDING, DataExport.Status.RUNNING])
                | Q(status=DataExport.Status.DONE, expires_at__gt=now))
        .order_by("-requested_at").first()
    )


def data_export_request(*, project):
    """Ask for a copy of the data of the project's person. One at a time: a
    second click while one is in progress (or ready) returns that one."""
    with transaction.atomic():
        # Locked so that two clicks at once make one export.
        contact = type(project.contact).objects.select_for_update().get(pk=project.contact_id)
        current = data_export_current(contact=contact)
        if current is not None and current.status != DataExport.Status.DONE:
            return current
        export = DataExport.objects.create(public_id=uuid.uuid4(), contact=contact, project=project)
        enqueue_on_commit(BUILD_TASK, export.pk)
    logger.info("privacy: data export %s requested for contact %s", export.pk, contact.pk)
    return export


data_export_request.alters_data = True


def _claim(export_id):
    return file_job_claim(DataExport, export_id, lease=LEASE, progress=5)


def _progress(export_id, value):
    DataExport.objects.filter(pk=export_id, status=DataExport.Status.RUNNING).update(progress=value)


def data_export_build(*, export_id):
    """Gather, write both files, mark ready. Returns the export, or None
    when there was nothing to do (taken by another worker, done, gone)."""
    if not _claim(export_id):
        return None
    export = DataExport.objects.select_related("contact", "project__network").get(pk=export_id)
    contact, network = export.contact, export.project.network
    project_ids = tuple(contact.projects.order_by("pk").values_list("pk", flat=True))
    person = Person(kind=PersonKind.PROSPECT, ids=(contact.pk,), project_ids=project_ids,
                    emails=(contact.email.lower(),) if contact.email else ())
    with translation.override(settings.LANGUAGE_CODE):
        sections = person_export(person)
        _progress(export_id, 40)
        now = timezone.now()
        document = _as_json(sections, network=network, now=now)
        body = json.dumps(document, ensure_ascii=False, indent=2).encode()
        _progress(export_id, 55)
        pdf = _as_pdf(sections, network=network, now=now, contact=contact)
        _progress(export_id, 90)
    stem = f"exports/{secrets.token_urlsafe(24)}"
    json_name = default_storage.save(f"{stem}.json", ContentFile(body))
    pdf_name = default_storage.save(f"{stem}.pdf", ContentFile(pdf))
    with transaction.atomic():
        done = DataExport.objects.filter(pk=export_id, status=DataExport.Status.RUNNING).update(
            status=DataExport.Status.DONE, progress=100, json_file=json_name, pdf_file=pdf_name,
            finished_at=now, expires_at=now + max_age(), lease_until=None,
        )
        if not done:  # erased or taken back meanwhile: leave no file behind
            files_delete_on_commit([json_name, pdf_name])
            return None
    logger.info("privacy: data export %s ready", export_id)
    export.refresh_from_db()
    return export


def data_export_failed(*, export_id, final):
    status = DataExport.Status.FAILED if final else DataExport.Status.PENDING
    DataExport.objects.filter(pk=export_id).exclude(status=DataExport.Status.DONE).update(
        status=status, lease_until=None, progress=0
    )


def _as_json(sections, *, network, now):
    return {
        "document": "Copie de vos données personnelles (RGPD, articles 15 et 20)",
        "generated_at": now.isoformat(),
        "controller": {"programme": network.programme, "name": network.name,
                       "data_controller": network.data_controller, "dpo": network.dpo_contact},
        "sections": [
            {"key": section.key, "title": str(section.title), "purpose": section.purpose,
             "retention": section.retention, "labels": {name: str(label) for name, label in section.columns},
             "rows": section.rows}
            for section in sections
        ],
    }


def _as_pdf(sections, *, network, now, contact):
    from crm.pdf import StaticOnlyFetcher, pdf_write  # slow to import: only where a PDF is written

    html = render_to_string("privacy/export_pdf.html", {
        "sections": sections, "network": network, "now": now, "contact": contact,
        "title": _("Copie de vos données personnelles"),
    })
    return pdf_write(html, fetcher=StaticOnlyFetcher())  # tagged PDF/UA-1; the document needs no file


def data_exports_sweep(*, now=None):
    """Send pending exports again, take back those whose worker died, delete
    the expired ones and their files. Returns (requeued, deleted)."""
    return file_jobs_sweep(DataExport, task=BUILD_TASK, file_fields=FILE_FIELDS, max_age=max_age(),
                           max_attempts=MAX_ATTEMPTS, now=now)


def exports_erase(rows, person):
    """The files name the person: they go with the rows, after the commit."""
    rows_and_files_delete(rows, FILE_FIELDS)


def declare_personal_data():
    personal_data(
        DataExport, person=PersonKind.PROSPECT, subject="contact", fields=("json_file", "pdf_file"),
        context=("requested_at", "finished_at"), erase=exports_erase, export=False,
        purpose=gettext_lazy("Vous remettre une copie de vos données"),
        retention=gettext_lazy("Quelques jours (DATA_EXPORT_MAX_AGE_HOURS), puis effacée"),
    )
