"""A worker process killed mid-render (as the OOM killer would kill a prefork
child): the kit is still done within seconds, by the same message coming
back (acks_late + reject_on_worker_lost) and taking its row back at once.
Its own module: the end-to-end module's worker must not be there to take the
task instead."""

import os
import time
from pathlib import Path

import pytest

from tests.workers import WAIT_SECONDS, celery_worker
from welcome_kits.models import Kit
from welcome_kits.services import kit_request

from .test_worker_e2e import _wait_until_done


def _children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.django_db(transaction=True)
def test_a_kit_whose_worker_process_is_killed_mid_render_is_done_within_seconds(
    real_broker, kit_content, make_project, tmp_path
):
    """A prefork worker's child is killed (as the OOM killer would) while it
    renders: its message comes back at once and takes the row back."""
    log = tmp_path / "worker.log"
    with celery_worker(tmp_path, log, name="kits-kill", pool="prefork") as process:
        project = make_project(kit_content["commune"], "famille", ["garde-ecole"], children_ages=[2])
        kit = kit_request(project=project)
        deadline = time.monotonic() + WAIT_SECONDS
        while Kit.objects.get(pk=kit.pk).status != Kit.Status.RUNNING:
            assert time.monotonic() < deadline, "the kit never started"
            time.sleep(0.02)
        (child,) = _children(process.pid)
        os.kill(child, 9)
        killed_at = time.monotonic()
        kit = _wait_until_done(kit)
        recovered_in = time.monotonic() - killed_at
    assert kit.status == Kit.Status.DONE, kit.error
    assert kit.attempts == 2  # the killed run and the one that finished
    assert recovered_in < 20, f"took {recovered_in:.1f} s (a lease is 30 s, the sweep a minute)"
    assert "WorkerLostError" in log.read_text()
