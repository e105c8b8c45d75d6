import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import Contact, Need, Segment
from onboarding.models import Project, Task
from onboarding.services.projects import project_create


def _project(referent, *, email, **details):
    contact = Contact.objects.create(first_name="P", last_name=email.split("@")[0], email=email)
    return project_create(contact=contact, source="website", referent=referent, **details)


def test_it_lists_overdue_first_contacts_and_due_tasks_first(client, bob, project):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Project.objects.filter(pk=project.pk).update(first_contact_due_on=yesterday)
    Task.objects.create(project=project, title="Rappeler Camille", due_on=yesterday, assignee=bob.referent)
    Task.objects.create(project=project, title="Dans un mois", due_on=yesterday + datetime.timedelta(days=40),
                        assignee=bob.referent)
    client.force_login(bob)
    content = client.get(reverse("staff_home")).content.decode()
    overdue = content[content.index("Premiers contacts en retard"):content.index("Mes tâches")]
    assert "Camille Roux" in overdue
    assert "Rappeler Camille" in content
    assert "Dans un mois" not in content


def test_coordinators_also_see_the_unassigned_queue_and_loads(client, alice, bob, project):
    _project(None, email="orphan@example.org")
    client.force_login(alice)
    content = client.get(reverse("staff_home")).content.decode()
    queue = content[content.index("File d'attente"):content.index("Charge des référents")]
    assert "orphan" in queue
    assert "Bob Durand" in content[content.index("Charge des référents"):]


def test_a_referent_does_not_get_the_coordinators_sections(client, bob, project):
    client.force_login(bob)
    content = client.get(reverse("staff_home")).content.decode()
    assert "Charge des référents" not in content


def test_the_list_filters_and_searches(client, alice, bob, territory):
    jeune = Segment.objects.get(code="jeune")
    emploi = Need.objects.get(code="emploi")
    a = _project(bob.referent, email="zoe.figeac@example.org", segment=jeune, needs=[emploi],
                 target_commune=territory["commune"], target_epci=territory["epci"])
    b = _project(bob.referent, email="yann.ailleurs@example.org")
    client.force_login(alice)
    url = reverse("project_index")

    def names(params):
        page = client.get(url, params).context["page"]
        return {p.pk for p in page}

    assert names({}) == {a.pk, b.pk}
    assert names({"segment": "jeune"}) == {a.pk}
    assert names({"need": "emploi"}) == {a.pk}
    assert names({"epci": territory["epci"].siren}) == {a.pk}
    assert names({"departement": "46"}) == {a.pk}
    assert names({"q": "ZOE"}) == {a.pk}
    assert names({"q": "figéac"}) == {a.pk}
    assert names({"q": "yann"}) == {b.pk}
    assert names({"state": "contacted"}) == set()


def test_the_list_paginates(client, alice):
    for i in range(30):
        _project(None, email=f"p{i}@example.org")
    client.force_login(alice)
    first = client.get(reverse("project_index"))
    second = client.get(reverse("project_index"), {"page": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


@pytest.mark.parametrize("size", [3, 40])
def test_dashboard_and_list_run_a_fixed_number_of_queries(client, alice, bob, size, django_assert_max_num_queries):
    for i in range(size):
        p = _project(bob.referent, email=f"q{i}@example.org")
        Task.objects.create(project=p, title="t", due_on=timezone.localdate(), assignee=bob.referent)
    for user in (alice, bob):
        client.force_login(user)
        with django_assert_max_num_queries(20):
            assert client.get(reverse("staff_home")).status_code == 200
        with django_assert_max_num_queries(20):
            assert client.get(reverse("project_index")).status_code == 200


def test_a_referent_sees_their_open_projects_grouped_by_state(client, bob, alice, project):
    from onboarding.services.journey import project_transition

    other = _project(bob.referent, email="second@example.org")
    project_transition(project=other, transition="make_contact", user=bob)
    client.force_login(bob)
    board = {column["state"]: [p.pk for p in column["projects"]] for column in client.get(reverse("staff_home")).context["board"]}
    assert board["new"] == [project.pk]
    assert board["contacted"] == [other.pk]
    assert board["settling"] == []


@pytest.mark.parametrize("size", [2, 30])
def test_the_edit_and_transition_pages_run_a_fixed_number_of_queries(
    client, bob, size, django_assert_max_num_queries
):
    projects = [_project(bob.referent, email=f"e{i}@example.org") for i in range(size)]
    client.force_login(bob)
    target = projects[-1]
    with django_assert_max_num_queries(20):
        assert client.get(reverse("project_edit", kwargs={"pk": target.pk})).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("project_transition", kwargs={"pk": target.pk, "name": "reject"})).status_code == 200


def _overdue(referent, name, days_late):
    project = _project(referent, email=f"{name}@example.org")
    Project.objects.filter(pk=project.pk).update(
        first_contact_due_on=timezone.localdate() - datetime.timedelta(days=days_late))
    return project


def _overdue_rows(content):
    """[(project link, referent, due date)] of the coordinators' overdue table, in order."""
    section = content[content.index('id="overdue-title"'):content.index('id="tasks-title"')]
    return re.findall(r'<tr>\s*<th scope="row"[^>]*><a href="([^"]+)">[^<]+</a></th>\s*<td>(.*?)</td>\s*'
                      r'<td[^>]*>([\d/]+)</td>', section, re.S)


@pytest.fixture
def late(bob, charlie):
    """Overdue first contacts: Charlie's 9 days late, Bob's 3 and 12, one unassigned 5 (and one not late)."""
    _project(bob.referent, email="on-time@example.org")
    return {
        "bob_3": _overdue(bob.referent, "bob3", 3),
        "charlie_9": _overdue(charlie.referent, "charlie9", 9),
        "nobody_5": _overdue(None, "nobody5", 5),
        "bob_12": _overdue(bob.referent, "bob12", 12),
    }


def test_coordinators_see_every_overdue_first_contact_with_its_referent_and_the_total(client, alice, late):
    client.force_login(alice)
    content = client.get(reverse("staff_home")).content.decode()
    rows = _overdue_rows(content)
    # The most overdue first; each row links to its project and names its referent.
    assert [(link, referent.strip()) for link, referent, _due in rows] == [
        (reverse("project_detail", args=[late["bob_12"].pk]), "Bob Durand"),
        (reverse("project_detail", args=[late["charlie_9"].pk]), "Charlie Petit"),
        (reverse("project_detail", args=[late["nobody_5"].pk]), '<span class="text-muted">Sans référent</span>'),
        (reverse("project_detail", args=[late["bob_3"].pk]), "Bob Durand"),
    ]
    assert "4 premiers contacts en retard au total." in content


def test_coordinators_sort_the_overdue_first_contacts_by_referent(client, alice, late):
    client.force_login(alice)
    content = client.get(reverse("staff_home"), {"retards": "referent"}).content.decode()
    order = [link for link, _referent, _due in _overdue_rows(content)]
    # Bob (most overdue first), Charlie, then the unassigned.
    assert order == [reverse("project_detail", args=[late[key].pk]) for key in ("bob_12", "bob_3", "charlie_9",
                                                                                 "nobody_5")]
    assert 'aria-sort="ascending"' in content[content.index('id="overdue-title"'):content.index("Référent</th>")]


def test_an_unknown_order_is_the_deadline_order(client, alice, late):
    client.force_login(alice)
    by_deadline = _overdue_rows(client.get(reverse("staff_home")).content.decode())
    assert _overdue_rows(client.get(reverse("staff_home"), {"retards": "'; drop"}).content.decode()) == by_deadline


def test_the_total_counts_what_is_not_shown(client, alice, bob):
    for i in range(23):
        _overdue(bob.referent, f"late{i}", 2 + i)
    client.force_login(alice)
    content = client.get(reverse("staff_home")).content.decode()
    assert len(_overdue_rows(content)) == 20
    assert "23 premiers contacts en retard au total. Les 20 premiers sont affichés." in content


def test_a_referent_sees_only_their_own_overdue_first_contacts(client, bob, late):
    client.force_login(bob)
    content = client.get(reverse("staff_home")).content.decode()
    section = content[content.index('id="overdue-title"'):content.index('id="tasks-title"')]
    assert "bob12" in section and "bob3" in section
    assert "charlie9" not in section and "nobody5" not in section
    assert "2 premiers contacts en retard au total." in section
