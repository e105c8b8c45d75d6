"""The copy is built by a real worker on the real broker, not in the
request: the person's click is answered at once with the export pending,
the worker writes both files, and the page then offers them."""

import json
import time

import pytest

from onboarding.tracking_links import tracking_token
from privacy.models import DataExport
from tests.workers import WAIT_SECONDS, celery_worker


@pytest.fixture
def worker(django_db_setup, tmp_path):
    with celery_worker(tmp_path / "media", tmp_path / "worker.log", name="exports-e2e"):
        yield tmp_path / "media"


@pytest.mark.django_db(transaction=True)
def test_the_worker_builds_the_copy_after_the_request_is_answered(worker, real_broker, client, project):
    path = f"/{project.network.slug}/suivi/{tracking_token(project)}/mes-donnees/"
    assert client.post(path).status_code == 302
    export = DataExport.objects.get(contact=project.contact)
    assert export.status in (DataExport.Status.PENDING, DataExport.Status.RUNNING)  # the request did not wait

    deadline = time.monotonic() + WAIT_SECONDS
    while export.status != DataExport.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        export.refresh_from_db()
    assert export.status == DataExport.Status.DONE
    assert (worker / export.pdf_file.name).read_bytes().startswith(b"%PDF")
    data = json.loads((worker / export.json_file.name).read_text(encoding="utf-8"))
    assert {s["key"]: s for s in data["sections"]}["crm.contact"]["rows"][0]["first_name"] == "Camille"
    assert client.get(path + "etat/").json()["files"]["pdf"].endswith(f"{export.public_id}.pdf")
