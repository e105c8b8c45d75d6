"""The committee PDF is asked for, then made by a task: the request is a row
written first and its task queued once, after the commit; the same request
again (same person, filters, scope, data, day) while it is in progress or
fresh is that row; the task reads the report's figures, writes a real
tagged PDF with them, and a failure leaves the request failed with its
reason, never lost; the sweep sends lost requests again and deletes
expired files."""

import datetime
import io
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from crm.models import Segment
from onboarding.services.journey import project_transition
from reports.committee_pdf import BUILD_TASK, MAX_ATTEMPTS, report_pdfs_sweep
from reports.models import ReportPdf
from reports.tasks import build_report_pdf

from .pdf_flow import pdf_ask, pdf_download
from .test_dataset import PERIOD_2025, build_dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(alice, bob, charlie, territory):
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)


@pytest.fixture
def coordinator(client, alice, data):
    client.force_login(alice)
    return client


@pytest.fixture
def published():
    """What crm.queue hands to the broker (nothing is run)."""
    with mock.patch("crm.queue.publish") as publish:
        yield publish


def pages_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_asking_writes_the_request_and_queues_its_task_once_after_the_commit(
        coordinator, alice, published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = coordinator.post(reverse("report_pdf_request"), {**PERIOD_2025, "source": "website"})
        assert published.call_count == 0  # not before the commit
    row = ReportPdf.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("report_pdf_status", args=[row.public_id])
    assert len(callbacks) == 1
    assert published.call_args_list == [mock.call(BUILD_TASK, row.pk)]
    assert (row.requested_by, row.status, row.step, row.progress) == (alice, "pending", "queued", 0)
    assert row.params == {**PERIOD_2025, "source": "website"}
    assert len(row.scope_key) == 64 and row.data_version and not row.file


def test_the_same_request_while_it_is_in_progress_is_the_same_row(coordinator, published):
    first = pdf_ask(coordinator, PERIOD_2025)
    response = coordinator.post(reverse("report_pdf_request"), PERIOD_2025, follow=True)
    assert ReportPdf.objects.get() == first
    assert published.call_count == 1
    assert "déjà été demandé avec les mêmes filtres" in response.content.decode()


def test_a_ready_and_fresh_identical_request_is_reused_without_building_again(coordinator):
    first = pdf_ask(coordinator, PERIOD_2025)
    assert first.status == ReportPdf.Status.READY
    with mock.patch("reports.pdf.report_pdf") as render:
        again = pdf_ask(coordinator, PERIOD_2025)
    assert again == first and render.call_count == 0
    assert ReportPdf.objects.count() == 1


@pytest.mark.parametrize("change", ["other filters", "data written", "expired", "failed", "another day"])
def test_a_request_that_is_not_identical_or_not_fresh_is_built_again(coordinator, alice, data, published, change):
    first = pdf_ask(coordinator, PERIOD_2025)
    params = PERIOD_2025
    if change == "other filters":
        params = {**PERIOD_2025, "source": "event"}
    elif change == "data written":
        # The data version moves with every write a report reads (onboarding.data_version).
        project_transition(project=data.p4, transition="make_contact", user=alice)
    elif change == "expired":
        ReportPdf.objects.filter(pk=first.pk).update(status="ready", expires_at=timezone.now())
    elif change == "failed":
        ReportPdf.objects.filter(pk=first.pk).update(status="failed")
    else:
        ReportPdf.objects.filter(pk=first.pk).update(requested_at=timezone.now() - datetime.timedelta(days=1))
    second = pdf_ask(coordinator, params)
    assert second != first
    assert [c.args for c in published.call_args_list] == [(BUILD_TASK, first.pk), (BUILD_TASK, second.pk)]


def test_another_persons_identical_request_is_not_theirs(client, alice, bob, data, published):
    client.force_login(alice)
    mine = pdf_ask(client, PERIOD_2025)
    client.force_login(bob)
    theirs = pdf_ask(client, PERIOD_2025)
    assert theirs != mine and theirs.scope_key != mine.scope_key


def test_the_task_writes_a_tagged_pdf_with_the_figures_of_the_page(coordinator):
    row = pdf_ask(coordinator, PERIOD_2025)
    assert (row.status, row.step, row.progress, row.attempts) == ("ready", "ready", 100, 1)
    assert row.finished_at and row.expires_at == row.finished_at + datetime.timedelta(hours=24)
    content = pdf_download(coordinator, row)
    assert default_storage.open(row.file.name).read() == content
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == "Rapport pour le comité de pilotage"
    text = " ".join(pages_text(content).split())
    tables = coordinator.get(reverse("report_data"), PERIOD_2025).json()["tables"]
    # The funnel as the page counts it: 7 new projects in 2025, 2 installed (tests/reports/test_dataset.py).
    reached = {row["code"]: row["projects"] for row in tables["entonnoir"]["rows"]}
    assert (reached["new"], reached["installed"]) == (7, 2)
    assert f"{reached['new']} Nouveaux projets" in text
    assert "Période : 01/01/2025 – 31/12/2025" in text


def test_the_task_reports_each_step_on_the_row(coordinator, published):
    row = pdf_ask(coordinator, PERIOD_2025)
    seen = []
    from reports import pdf

    real = pdf.report_pdf

    def spy(context, **kwargs):
        seen.append(ReportPdf.objects.values_list("status", "step", "progress").get(pk=row.pk))
        return real(context, **kwargs)

    with mock.patch.object(pdf, "report_pdf", spy):
        build_report_pdf.delay(row.pk)
    assert seen == [("running", "layout", 50)]
    assert ReportPdf.objects.values_list("status", "step").get(pk=row.pk) == ("ready", "ready")


def test_a_failure_marks_the_request_failed_with_a_reason_and_keeps_no_file(coordinator, published):
    row = pdf_ask(coordinator, PERIOD_2025)
    with mock.patch("reports.pdf.report_pdf", side_effect=RuntimeError("WeasyPrint is out of memory")):
        build_report_pdf.delay(row.pk)
    row.refresh_from_db()
    assert (row.status, row.progress, row.file.name or "") == ("failed", 0, "")
    assert row.error == "La préparation du PDF a échoué. Vous pouvez le demander à nouveau."
    page = coordinator.get(reverse("report_pdf_status", args=[row.public_id])).content.decode()
    assert row.error in page and "Demander le PDF à nouveau" in page
    assert "WeasyPrint" not in page
    assert coordinator.get(reverse("report_pdf_file", args=[row.public_id])).status_code == 404


def test_a_try_that_fails_before_the_last_goes_back_to_waiting(coordinator, published):
    from reports.committee_pdf import report_pdf_failed

    row = pdf_ask(coordinator, PERIOD_2025)
    ReportPdf.objects.filter(pk=row.pk).update(status="running", progress=50, step="layout")
    report_pdf_failed(pdf_id=row.pk, final=False)
    assert ReportPdf.objects.values_list("status", "step", "progress", "error").get(pk=row.pk) == (
        "pending", "queued", 0, "")


def test_filters_no_longer_valid_fail_at_once_with_their_reason(coordinator, data, published):
    segment = Segment.objects.create(code="saisonniers", name="Saisonniers")
    row = pdf_ask(coordinator, {**PERIOD_2025, "segment": segment.pk})
    segment.delete()
    build_report_pdf.delay(row.pk)
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 1
    assert row.error.startswith("Les filtres de cette demande ne sont plus valables.")


def test_an_account_that_lost_its_role_gets_no_pdf(coordinator, alice, published):
    row = pdf_ask(coordinator, PERIOD_2025)
    alice.groups.clear()
    build_report_pdf.delay(row.pk)
    row.refresh_from_db()
    assert (row.status, row.error) == ("failed", "Votre compte n'a plus accès aux rapports.")


def test_a_request_already_taken_or_finished_is_left_alone(coordinator):
    row = pdf_ask(coordinator, PERIOD_2025)
    name = row.file.name
    assert build_report_pdf.delay(row.pk).get() is None
    row.refresh_from_db()
    assert (row.status, row.file.name, row.attempts) == ("ready", name, 1)


def test_the_sweep_sends_a_lost_request_again(coordinator, published, django_capture_on_commit_callbacks):
    row = pdf_ask(coordinator, PERIOD_2025)  # its message never reached a worker
    assert report_pdfs_sweep() == (0, 0)  # too young: its own message may still come
    ReportPdf.objects.filter(pk=row.pk).update(requested_at=timezone.now() - datetime.timedelta(minutes=5))
    published.reset_mock()
    with django_capture_on_commit_callbacks(execute=True):
        assert report_pdfs_sweep() == (1, 0)
    assert published.call_args_list == [mock.call(BUILD_TASK, row.pk)]


def test_the_sweep_takes_back_a_request_whose_worker_died(coordinator, django_capture_on_commit_callbacks):
    with mock.patch("crm.queue.publish"):
        row = pdf_ask(coordinator, PERIOD_2025)
    ReportPdf.objects.filter(pk=row.pk).update(status="running", attempts=1,
                                               lease_until=timezone.now() - datetime.timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process here
        assert report_pdfs_sweep() == (1, 0)
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("ready", 2)


def test_the_sweep_gives_up_after_the_last_try(coordinator, published):
    row = pdf_ask(coordinator, PERIOD_2025)
    ReportPdf.objects.filter(pk=row.pk).update(status="running", attempts=MAX_ATTEMPTS,
                                               lease_until=timezone.now() - datetime.timedelta(seconds=1))
    published.reset_mock()
    assert report_pdfs_sweep() == (0, 0)
    assert ReportPdf.objects.get().status == "failed" and published.call_count == 0
    assert "a échoué" in coordinator.get(reverse("report_pdf_status", args=[row.public_id])).content.decode()


def test_the_sweep_deletes_an_expired_pdf_and_its_file(coordinator, django_capture_on_commit_callbacks):
    row = pdf_ask(coordinator, PERIOD_2025)
    assert default_storage.exists(row.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_pdfs_sweep(now=row.expires_at - datetime.timedelta(seconds=1)) == (0, 0)
    assert default_storage.exists(row.file.name)
    with django_capture_on_commit_callbacks(execute=True):
        assert report_pdfs_sweep(now=row.expires_at + datetime.timedelta(seconds=1)) == (0, 1)
    assert not ReportPdf.objects.exists()
    assert not default_storage.exists(row.file.name)
    assert coordinator.get(reverse("report_pdf_status", args=[row.public_id])).status_code == 404


def test_a_staff_members_erasure_takes_their_requests_and_files(client, alice, bob, data,
                                                                 django_capture_on_commit_callbacks):
    from crm.personal_data import Person, PersonKind, person_erase

    client.force_login(alice)
    hers = pdf_ask(client, PERIOD_2025)
    client.force_login(bob)
    his = pdf_ask(client, PERIOD_2025)
    with django_capture_on_commit_callbacks(execute=True):
        person_erase(Person(kind=PersonKind.STAFF, ids=(alice.pk,)))
    assert list(ReportPdf.objects.all()) == [his]
    assert not default_storage.exists(hers.file.name) and default_storage.exists(his.file.name)


def test_the_sweep_runs_every_minute_and_the_task_names_match(settings):
    from reports.tasks import sweep_report_pdfs

    assert settings.CELERY_BEAT_SCHEDULE["reports-pdf-sweep"] == {"task": sweep_report_pdfs.name, "schedule": 60.0}
    assert build_report_pdf.name == BUILD_TASK
