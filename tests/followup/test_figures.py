"""Retention at 6, 12 and 24 months, counted among the people who answered,
with the response rate beside it: somebody who did not answer is never
counted as still here."""

import datetime

from django.urls import reverse

from crm.models import Contact, Need
from followup.models import CheckIn, CheckInAnswer
from followup.selectors import followup_figures
from onboarding.services.projects import project_create

D = datetime.date
NOW = datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC)


def _check_in(bob, months, status, here=None, reason="", needs=()):
    contact = Contact.objects.create(first_name="A", last_name="B", email=f"a{Contact.objects.count()}@example.org")
    project = project_create(contact=contact, source="website", referent=bob.referent)
    check_in = CheckIn.objects.create(project=project, months=months, installed_on=D(2026, 1, 1),
                                      due_on=D(2026, 7, 1), expires_on=D(2026, 8, 30), status=status,
                                      sent_at=None if status == "scheduled" else NOW)
    if here is not None:
        answer = CheckInAnswer.objects.create(check_in=check_in, answered_at=NOW, still_here=here,
                                              left_reason=reason, work="found", partner_work="na", school="na",
                                              ambassador="no")
        answer.missing_needs.set(needs)


def test_retention_counts_respondents_only_with_the_response_rate_beside_it(bob, alice, client,
                                                                             django_assert_max_num_queries):
    job = Need.objects.get(code="emploi")
    # 6 months: 2 stayed (one still needs a job), 1 left, 3 sent without an answer, 1 not sent yet.
    _check_in(bob, 6, "answered", here=True, needs=[job])
    _check_in(bob, 6, "answered", here=True)
    _check_in(bob, 6, "answered", here=False, reason="job")
    for status in ("sent", "sent", "expired"):
        _check_in(bob, 6, status)
    _check_in(bob, 6, "scheduled")
    # 12 months: sent, nobody answered: no retention figure at all, never 100 %.
    _check_in(bob, 12, "expired")
    figures = followup_figures(alice, start=D(2026, 1, 1), end=D(2026, 12, 31))
    six, twelve = figures["overall"][6], figures["overall"][12]
    assert (six["asked"], six["answered"], six["stayed"], six["left"]) == (6, 3, 2, 1)
    assert (six["retention"], six["response_rate"]) == (67, 50)
    assert (twelve["answered"], twelve["retention"], twelve["response_rate"]) == (0, None, 0)
    assert figures["reasons"] == [{"reason": "Travail (perdu, muté, pas trouvé)", "count": 1}]
    assert figures["needs"] == [{"need": job.name, "count": 1}]
    assert followup_figures(bob, start=D(2026, 1, 1), end=D(2026, 12, 31))["overall"][6]["asked"] == 6

    client.force_login(alice)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("followup_figures"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert "67 %" in page.content.decode()
    client.force_login(bob)
    assert client.get(reverse("followup_figures")).status_code == 403
