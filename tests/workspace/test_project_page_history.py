"""The project page's history, a page at a time: the newest 50 entries, a
link to the older ones (and back), the same queries whatever the history's
length."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Interaction


def _exchanges(project, bob, n):
    start = timezone.now() - datetime.timedelta(days=400)
    Interaction.objects.bulk_create(
        Interaction(project=project, kind="call", summary=f"appel n°{i}.", by=bob,
                    happened_at=start + datetime.timedelta(hours=i))
        for i in range(n)
    )


def _page(client, project, **params):
    response = client.get(reverse("project_detail", kwargs={"pk": project.pk}), params)
    assert response.status_code == 200
    return response.content.decode()


def _history(content):
    start = content.index('aria-labelledby="history-title"')
    return content[start:content.index("</section>", start)]


def test_the_page_shows_the_newest_entries_and_links_to_the_older_ones(client, bob, project):
    _exchanges(project, bob, 60)  # with "Projet reçu": 61 entries, two pages of 50
    client.force_login(bob)
    first = _history(_page(client, project))
    assert first.count("<li class=\"border-start") == 50
    # "Projet reçu" (today) first, then the exchanges from the newest to the 50th entry.
    assert "Projet reçu" in first and "appel n°59." in first and "appel n°11." in first
    assert "appel n°10." not in first
    assert '<nav aria-label="Pages de l’historique">' in first
    assert '<a class="page-link" href="?historique=2#history-title">Plus anciens</a>' in first
    assert "Plus récents" not in first
    assert re.search(r'aria-current="page"><span class="page-link">Page 1</span>', first)

    older = _history(_page(client, project, historique=2))
    assert older.count("<li class=\"border-start") == 11
    assert "appel n°10." in older and "appel n°0." in older
    assert "appel n°11." not in older and "Projet reçu" not in older
    assert '<a class="page-link" href="?historique=1#history-title">Plus récents</a>' in older
    assert "Plus anciens" not in older


def test_a_short_history_has_no_pages(client, bob, project):
    _exchanges(project, bob, 3)
    client.force_login(bob)
    history = _history(_page(client, project))
    assert history.count("<li class=\"border-start") == 4
    assert "Pages de l’historique" not in history


@pytest.mark.parametrize("exchanges", [3, 300])
def test_the_page_runs_the_same_queries_whatever_the_history(client, bob, project, exchanges,
                                                             django_assert_max_num_queries):
    _exchanges(project, bob, exchanges)
    client.force_login(bob)
    # The project page's 35 (tests/workspace/test_project_page.py), whatever the history's length.
    with django_assert_max_num_queries(35):
        content = _page(client, project, historique=2)
    assert ("appel n°0." in content) == (exchanges < 50)
