"""The follow-up cast: Bob's project in Figeac, walked to "installé" through
the one journey service; `installed_on(day)` says when the log records the
installation and schedules its check-ins as of `today`."""

import datetime

import pytest

from followup.models import CheckIn
from followup.services import check_ins_schedule
from onboarding.models import ProjectTransition
from onboarding.states import State

D = datetime.date


@pytest.fixture
def installed(project, walk_to):
    """installed(day, today=None): Bob's project installed on `day`, its check-ins scheduled."""

    def install(day, today=None):
        walk_to(project, State.INSTALLED)
        ProjectTransition.objects.filter(project=project, transition="mark_installed").update(
            fields={"installed_commune": "46102", "installed_on": day.isoformat()})
        check_ins_schedule(project_id=project.pk, today=today or day)
        return {row.months: row for row in CheckIn.objects.filter(project=project)}

    return install
