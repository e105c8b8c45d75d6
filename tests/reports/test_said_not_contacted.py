"""The report counts the people who said nobody had called them yet, in the period."""

import datetime

import pytest

from onboarding.access import projects_visible_to
from onboarding.models import Project
from onboarding.services.nudges import prospect_not_contacted
from reports.filters import ReportFilters
from reports.headline import said_not_contacted_text
from reports.selectors import pipeline_report
from tests.onboarding.routing_helpers import fill, referent

D = datetime.date


def _new_project(owner, due_on):
    project = fill(owner, 1)[0]
    Project.objects.filter(pk=project.pk).update(first_contact_due_on=due_on)
    return Project.objects.get(pk=project.pk)


@pytest.mark.django_db
def test_the_report_counts_the_people_who_said_nobody_called_in_the_period(alice):
    marie = referent("Marie", "Dupont")
    said_in_july = [_new_project(marie, D(2026, 7, 10)) for _ in range(2)]
    for project in said_in_july:
        prospect_not_contacted(project=project, today=D(2026, 7, 13))
    prospect_not_contacted(project=_new_project(marie, D(2026, 8, 3)), today=D(2026, 8, 5))  # August
    report = pipeline_report(projects_visible_to(alice), ReportFilters(start=D(2026, 7, 1), end=D(2026, 7, 31)),
                             today=D(2026, 8, 10))
    assert report["said_not_contacted"] == 2
    assert said_not_contacted_text(2) == "2 personnes ont signalé ne pas avoir été contactées"
    assert said_not_contacted_text(0) == ""
