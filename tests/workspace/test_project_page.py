import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Interaction, ProjectTransition, Task
from onboarding.services.journey import project_transition


def _detail(client, project):
    return client.get(reverse("project_detail", kwargs={"pk": project.pk}))


def test_it_moves_the_project_from_its_page(client, bob, project):
    client.force_login(bob)
    response = client.post(
        reverse("project_transition", kwargs={"pk": project.pk, "name": "make_contact"}),
        {"expected_state": "new", "note": "Appel de bienvenue"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.state == "contacted"
    row = ProjectTransition.objects.get(project=project, transition="make_contact")
    assert (row.by, row.channel, row.note) == (bob, "ui", "Appel de bienvenue")


def test_it_reports_a_change_made_meanwhile(client, bob, alice, project):
    project_transition(project=project, transition="make_contact", user=alice)
    client.force_login(bob)
    response = client.post(
        reverse("project_transition", kwargs={"pk": project.pk, "name": "make_contact"}),
        {"expected_state": "new"}, follow=True,
    )
    assert "modifié par quelqu&#x27;un d&#x27;autre" in response.content.decode()
    assert ProjectTransition.objects.filter(project=project, transition="make_contact").count() == 1


def test_it_offers_exactly_the_transitions_possible_now(client, bob, project):
    client.force_login(bob)
    content = _detail(client, project).content.decode()
    for label in ("Premier contact établi", "Mettre en pause", "Déclarer un abandon", "Déclarer non recevable"):
        assert label in content
    assert "Qualifier le projet" not in content
    assert "Marquer comme installé" not in content


def test_it_explains_a_blocked_transition_instead_of_a_dead_button(client, bob, alice, project, territory):
    today = timezone.localdate()
    for name, fields in [
        ("make_contact", {}),
        ("qualify", {"segment": "jeune", "needs": ["emploi"], "target_epci": territory["epci"].siren}),
        ("confirm_move", {"target_commune": territory["commune"].insee, "move_date": today}),
        ("mark_installed", {"installed_commune": territory["commune"].insee, "installed_on": today}),
    ]:
        project_transition(project=project, transition=name, user=alice, fields=fields)
    client.force_login(bob)
    content = _detail(client, project).content.decode()
    assert "Clore le suivi</strong> : pas encore possible" in content
    assert "un échange de suivi doit être enregistré après la date d&#x27;installation" in content
    response = client.post(
        reverse("project_transition", kwargs={"pk": project.pk, "name": "close_follow_up"}),
        {"expected_state": "installed"},
    )
    assert response.status_code == 200
    assert "« Clore le suivi » n'a pas été fait" in response.content.decode()
    project.refresh_from_db()
    assert project.state == "installed"


def test_a_transition_form_shows_field_errors_and_saves_nothing(client, bob, project):
    project_transition(project=project, transition="make_contact", user=bob)
    client.force_login(bob)
    response = client.post(
        reverse("project_transition", kwargs={"pk": project.pk, "name": "pause"}),
        {"expected_state": "contacted", "reason": ""},
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    project.refresh_from_db()
    assert project.state == "contacted"


def test_it_logs_an_interaction_and_a_task(client, bob, project):
    client.force_login(bob)
    client.post(reverse("interaction_add", kwargs={"pk": project.pk}), {
        "interaction-kind": "call", "interaction-happened_at": "2026-11-20T10:00",
        "interaction-summary": "Premier appel <b>chaleureux</b>",
    })
    client.post(reverse("task_add", kwargs={"pk": project.pk}), {
        "task-title": "Envoyer la liste des écoles", "task-due_on": "2026-11-30", "task-assignee": bob.referent.pk,
    })
    assert Interaction.objects.get(project=project).summary == "Premier appel <b>chaleureux</b>"
    assert Task.objects.get(project=project).title == "Envoyer la liste des écoles"
    content = _detail(client, project).content.decode()
    # User text is shown escaped.
    assert "Premier appel &lt;b&gt;chaleureux&lt;/b&gt;" in content


def test_an_invalid_interaction_is_refused_with_a_message(client, bob, project):
    client.force_login(bob)
    response = client.post(reverse("interaction_add", kwargs={"pk": project.pk}), {
        "interaction-kind": "call", "interaction-happened_at": "pas une date", "interaction-summary": "",
    })
    assert response.status_code == 400
    assert Interaction.objects.count() == 0


def test_the_history_is_chronological_newest_first(client, bob, project):
    now = timezone.now()
    Interaction.objects.create(project=project, kind="call", summary="ancien", by=bob,
                               happened_at=now - datetime.timedelta(days=3))
    project_transition(project=project, transition="make_contact", user=bob)
    Interaction.objects.create(project=project, kind="note", summary="récent", by=bob, happened_at=now + datetime.timedelta(minutes=1))
    client.force_login(bob)
    content = _detail(client, project).content.decode()
    assert content.index("récent") < content.index("Nouveau → Premier contact") < content.index("ancien")
    # The call logged as three days before the project was received comes last.
    assert content.index("Projet reçu") < content.index("ancien")


def test_it_edits_the_details_but_never_the_state(client, bob, project):
    client.force_login(bob)
    response = client.post(reverse("project_edit", kwargs={"pk": project.pk}), {
        "contact-first_name": "Camille", "contact-last_name": "Roux-Martin", "contact-email": "camille@example.org",
        "contact-phone": "", "contact-current_city": "Lyon", "contact-occupation": "",
        "project-summary": "Boulangère", "project-message": "", "project-horizon": "lt6m", "state": "installed",
    })
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.contact.last_name == "Roux-Martin"
    assert project.summary == "Boulangère"
    assert project.state == "new"


@pytest.mark.parametrize("size", [2, 30])
def test_the_project_page_runs_a_fixed_number_of_queries(client, bob, project, size, django_assert_max_num_queries):
    for i in range(size):
        Interaction.objects.create(project=project, kind="call", summary=f"appel {i}", by=bob)
        Task.objects.create(project=project, title=f"tâche {i}", due_on="2026-12-01", assignee=bob.referent, created_by=bob)
    client.force_login(bob)
    # 35 whatever the history's length: the page's 25 and the sections' own (proposals' section and history,
    # local needs that fit, housing's stays, related testimonials, event invitations, the ambassadors' referral
    # (read once for the section and the history entry) and suggestions), each a fixed number.
    with django_assert_max_num_queries(35):
        response = _detail(client, project)
    assert response.status_code == 200
