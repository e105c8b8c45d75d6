"""The staff list counts up to a cap, then says "plus de": the count stops
reading at the cap whatever the number of projects."""

import pytest
from django.urls import reverse

from crm.models import Contact
from onboarding.models import Project
from onboarding.services.projects import project_create
from workspace import pagination
from workspace.pagination import CappedPaginator, capped_count


def _projects(n):
    for i in range(n):
        contact = Contact.objects.create(first_name="P", last_name=f"n{i}", email=f"p{i}@example.org")
        project_create(contact=contact, source="website")


@pytest.mark.parametrize(("rows", "count", "capped"), [(0, 0, False), (4, 4, False), (5, 5, False), (6, 5, True),
                                                      (9, 5, True)])
def test_the_count_stops_at_the_cap(db, rows, count, capped):
    _projects(rows)
    assert capped_count(Project.objects.all(), cap=5) == (count, capped)


def test_the_pages_past_the_cap_are_not_offered(db):
    _projects(7)
    paginator = CappedPaginator(Project.objects.order_by("pk"), 2, cap=5)
    assert paginator.num_pages == 3
    assert paginator.get_page(9).number == 3
    assert paginator.capped


def test_the_list_says_there_are_more_past_the_cap(client, alice, monkeypatch):
    _projects(4)
    monkeypatch.setattr(pagination, "LIST_COUNT_CAP", 3)
    client.force_login(alice)
    content = client.get(reverse("project_index")).content.decode()
    assert "Plus de 3 projets trouvés" in content


def test_the_dashboard_says_there_are_more_overdue_first_contacts_past_the_cap(client, alice, monkeypatch):
    import datetime

    _projects(4)
    Project.objects.update(first_contact_due_on=datetime.date(2020, 1, 6))
    monkeypatch.setattr(pagination, "LIST_COUNT_CAP", 3)
    client.force_login(alice)
    response = client.get(reverse("staff_home"))
    assert (response.context["overdue_total"], response.context["overdue_capped"]) == (3, True)
    assert "Plus de 3 premiers contacts en retard au total." in response.content.decode()


def test_the_list_gives_the_exact_count_under_the_cap(client, alice):
    _projects(2)
    client.force_login(alice)
    content = client.get(reverse("project_index")).content.decode()
    assert "2 projets trouvés." in content


@pytest.mark.parametrize("size", [3, 60])
def test_the_searched_list_runs_the_same_queries_whatever_the_number_of_projects(
        client, alice, size, django_assert_max_num_queries):
    _projects(size)
    client.force_login(alice)
    # The account's first page: its options read (six); the search's communes by name (one).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("project_index"), {"q": "example", "state": "new"})
    assert response.status_code == 200
