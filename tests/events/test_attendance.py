"""Attendance on the staff's phone page: who and when, in the project's
history; another network's staff see nothing; an erased person's
invitations go with them."""

from django.utils import timezone

from crm.models import Contact
from events.models import Invitation
from onboarding.services.privacy import contact_erase
from onboarding.timeline import project_timeline
from tests.events.conftest import invite


def test_a_referent_marks_a_registered_person_present_and_the_history_shows_it(world, client,
                                                                               django_assert_max_num_queries):
    invitation = invite(world, registered_at=timezone.now(), household_size=2)
    client.force_login(world.bob)
    path = f"/equipe/evenements/{world.evening.pk}/presences/"

    with django_assert_max_num_queries(12):
        page = client.get(path)
    assert page.status_code == 200 and "Camille Test" in page.content.decode()
    assert client.post(path, {"invitation": invitation.pk, "attended": "1"}).status_code == 302

    invitation.refresh_from_db()
    assert (invitation.attended, invitation.attendance_by) == (True, world.bob)
    titles = [entry.title for entry in project_timeline(world.camille_project)]
    assert any(title.startswith("Présent(e) à « Soirée d'accueil de Figeac »") for title in titles)
    assert any(title.startswith("Inscription à « Soirée d'accueil de Figeac »") for title in titles)


def test_another_networks_staff_get_404_and_a_referent_may_not_send(world, client):
    client.force_login(world.dora)
    for suffix in ("", "presences/", "inviter/", "modifier/"):
        assert client.get(f"/equipe/evenements/{world.evening.pk}/{suffix}").status_code == 404, suffix
    client.force_login(world.bob)
    assert client.get(f"/equipe/evenements/{world.evening.pk}/inviter/").status_code == 403
    assert client.get("/equipe/evenements/nouveau/").status_code == 403
    client.force_login(world.alice)
    for suffix in ("modifier/", "inviter/"):
        assert client.get(f"/equipe/evenements/{world.evening.pk}/{suffix}").status_code == 200, suffix


def test_the_erasure_of_a_person_deletes_their_invitations(world):
    invite(world, registered_at=timezone.now(), household_size=2)

    contact_erase(contact=world.camille, user=world.alice)

    assert not Invitation.objects.filter(contact=world.camille).exists()


def test_at_the_door_a_name_typed_finds_the_person_and_marking_them_keeps_the_search(world, client):
    """Accents and case do not matter (crm.selectors.contacts_matching); the
    count says how many of the registered are shown; the button's answer
    comes back to the same search, at the person."""
    camille = invite(world, registered_at=timezone.now(), household_size=2)
    other = Contact.objects.create(first_name="Hélène", last_name="Vidal", email="helene.vidal@example.org",
                                   network=world.camille.network)
    invite(world, contact=other, registered_at=timezone.now(), household_size=1)
    client.force_login(world.bob)
    path = f"/equipe/evenements/{world.evening.pk}/presences/"

    everyone = client.get(path).content.decode()
    assert "Camille Test" in everyone and "Hélène Vidal" in everyone and "2 inscriptions." in everyone
    found = client.get(path, {"q": "HELENE"}).content.decode()
    assert "Hélène Vidal" in found and "Camille Test" not in found
    assert "1 personne trouvée sur 2 inscriptions." in found
    nobody = client.get(path, {"q": "Zorro"}).content.decode()
    assert "Aucune personne inscrite ne correspond à cette recherche." in nobody

    answer = client.post(path, {"invitation": camille.pk, "attended": "1", "q": "camille"})
    assert answer.status_code == 302
    assert answer["Location"] == f"{path}?q=camille#invitation-{camille.pk}"
    camille.refresh_from_db()
    assert camille.attended is True
