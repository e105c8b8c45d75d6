"""The timeline read a page at a time: the newest entries first, each page
the next slice of the whole timeline, reading only the newest rows of each
table whatever the history's length."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from onboarding.models import DetailChange, Interaction, ProjectTransition, Task
from onboarding.services.journey import project_transition
from onboarding.timeline import project_timeline, timeline_page


def _history(project, bob, *, exchanges, start=None):
    """`exchanges` exchanges an hour apart, a task and an edit among them, and two transitions."""
    start = start or timezone.now() - datetime.timedelta(days=30)
    Interaction.objects.bulk_create(
        Interaction(project=project, kind="call", summary=f"appel {i}", by=bob,
                    happened_at=start + datetime.timedelta(hours=i))
        for i in range(exchanges)
    )
    Task.objects.create(project=project, title="Rappeler", due_on=datetime.date(2030, 1, 1), assignee=bob.referent,
                        created_by=bob)
    DetailChange.objects.create(project=project, contact=project.contact, by=bob, channel=DetailChange.Channel.UI,
                                changes=[{"label": "Téléphone", "old": "", "new": "0565000000"}])
    project_transition(project=project, transition="make_contact", user=bob)
    project_transition(project=project, transition="pause", user=bob,
                       fields={"reason": "Attend une réponse", "resume_on": datetime.date(2030, 1, 1)})


def _key(entry):
    return (entry.at, entry.kind, entry.title, entry.body)


@pytest.mark.parametrize("size", [7, 10])
def test_the_pages_put_end_to_end_are_the_whole_timeline_newest_first(project, bob, size):
    _history(project, bob, exchanges=23)
    whole = [_key(e) for e in project_timeline(project)]
    assert len(whole) == 23 + 1 + 1 + 3  # exchanges, task, edit, received + two transitions
    assert whole == sorted(whole, key=lambda k: k[0], reverse=True)
    pages, number = [], 1
    while True:
        page = timeline_page(project, str(number), size=size)
        assert page.number == number and page.has_previous == (number > 1)
        pages.extend(_key(e) for e in page)
        if not page.has_next:
            break
        assert len(page) == size
        number += 1
    assert pages == whole
    assert number == -(-len(whole) // size)  # as many pages as needed, no empty last one


@pytest.mark.parametrize(("asked", "shown"), [("", 1), ("abc", 1), ("-3", 1), ("0", 1), ("2", 2), ("3", 3),
                                              ("4", 3), ("999999", 3)])
def test_a_page_number_out_of_range_or_not_a_number_shows_the_nearest_page(project, bob, asked, shown):
    _history(project, bob, exchanges=20)  # 25 entries: three pages of ten
    page = timeline_page(project, asked, size=10)
    assert page.number == shown
    assert len(page) == (5 if shown == 3 else 10)
    assert page.has_next == (shown < 3)


def test_an_entry_of_a_moment_keeps_its_place_between_pages(project, bob):
    """Entries at the same instant (an import, a batch) are neither lost nor repeated across pages."""
    moment = timezone.now() - datetime.timedelta(days=2)
    Interaction.objects.bulk_create(
        Interaction(project=project, kind="note", summary=f"note {i}", by=bob, happened_at=moment) for i in range(9)
    )
    seen = [e.body for n in (1, 2, 3) for e in timeline_page(project, str(n), size=4)]
    assert sorted(seen) == sorted([f"note {i}" for i in range(9)] + [""])  # and "Projet reçu"
    assert seen == [e.body for e in project_timeline(project)]


@pytest.mark.parametrize("exchanges", [30, 400])
def test_a_page_reads_a_bounded_number_of_rows_whatever_the_history(project, bob, exchanges,
                                                                    django_assert_max_num_queries):
    _history(project, bob, exchanges=exchanges)
    ProjectTransition.objects.bulk_create(
        ProjectTransition(project=project, transition="note", from_state="on_hold", to_state="on_hold",
                          at=timezone.now() - datetime.timedelta(days=60, minutes=i)) for i in range(exchanges)
    )
    # The journey's five tables, then one query per app's provider (kits, offers pinned, nudges, proposals,
    # stays, event invitations, the ambassador's referral, check-ins): a fixed number whatever the history's length.
    with CaptureQueriesContext(connection) as captured, django_assert_max_num_queries(13):
        page = timeline_page(project, "1", size=50)
    assert len(page) == 50 and page.has_next
    tables = ("onboarding_projecttransition", "onboarding_interaction", "onboarding_task", "onboarding_detailchange",
              "onboarding_routingdecision")
    for query in captured.captured_queries:
        if query["sql"].startswith("SELECT") and any(f'FROM "{table}"' in query["sql"] for table in tables):
            assert "LIMIT 51" in query["sql"], query["sql"]
