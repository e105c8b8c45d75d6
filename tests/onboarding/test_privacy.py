import datetime

from django.utils import timezone

from crm.models import Contact, PrivacyRequest
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.retention import personal_data_purge, retention_reminders_send


def _age(project, contact, years):
    """The person last reached us `years` ago (their retention clock), and was asked a month and more ago."""
    past = timezone.now() - datetime.timedelta(days=365 * years + 1)
    Project.objects.filter(pk=project.pk).update(updated_at=past)
    Contact.objects.filter(pk=contact.pk).update(updated_at=past, last_person_contact_at=past)
    retention_reminders_send(now=timezone.now() - datetime.timedelta(days=40))


def test_erasing_keeps_the_figures_and_removes_the_person(project, contact, bob):
    project_transition(project=project, transition="make_contact", user=bob, note="Camille a deux enfants")
    Interaction.objects.create(project=project, kind="call", summary="Habite au 3 rue X", by=bob)
    PrivacyRequest.objects.create(contact=contact, message="Merci d'effacer")
    contact_erase(contact=contact, user=bob)
    contact.refresh_from_db()
    assert (contact.first_name, contact.email, contact.phone) == ("Anonyme", "", "")
    assert not Interaction.objects.filter(summary__contains="rue").exists()
    assert not ProjectTransition.objects.exclude(transition="close_on_erasure").exclude(note="").exists()
    assert PrivacyRequest.objects.values_list("status", "message").get() == ("answered", "")
    assert PrivacyRequest.objects.get().answered_at is not None
    project.refresh_from_db()
    # The figures stay: the journey's log, closed by the system (tests in test_erasure_closes_projects).
    assert project.state == "abandoned"
    assert list(ProjectTransition.objects.filter(project=project).values_list("transition", flat=True)) == [
        "create", "make_contact", "close_on_erasure"]


def test_the_purge_erases_closed_projects_past_retention_only(project, contact, bob):
    project_transition(project=project, transition="reject", user=bob, fields={"reason": "spam"})
    other = Contact.objects.create(first_name="Léa", last_name="Open", email="lea@example.org")
    from onboarding.services.projects import project_create

    open_project = project_create(contact=other, source="website")
    _age(project, contact, 4)
    _age(open_project, other, 4)
    assert personal_data_purge() == 1
    contact.refresh_from_db()
    other.refresh_from_db()
    assert contact.first_name == "Anonyme"
    assert other.first_name == "Léa"  # an open project is still followed


def test_the_purge_keeps_recent_contacts(project, contact, bob):
    project_transition(project=project, transition="reject", user=bob, fields={"reason": "spam"})
    _age(project, contact, 2)
    assert personal_data_purge() == 0


def test_erasing_a_contact_deletes_their_welcome_kits(project, contact, bob, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from welcome_kits.models import Kit

    name = default_storage.save("kits/test-erase.pdf", ContentFile(b"%PDF-1.7 Camille Roux"))
    Kit.objects.create(project=project, status=Kit.Status.DONE, version=1, file=name)
    with django_capture_on_commit_callbacks(execute=True):
        contact_erase(contact=contact, user=bob)
    assert not Kit.objects.filter(project=project).exists()
    assert not default_storage.exists(name)


def test_the_project_history_shows_its_kits(client, project, bob):
    from welcome_kits.models import Kit

    Kit.objects.create(project=project, status=Kit.Status.DONE, version=2, file="kits/k.pdf", finished_at=timezone.now())
    client.force_login(bob)
    content = client.get(f"/equipe/projets/{project.pk}/").content.decode()
    assert "Kit de bienvenue prêt (version 2)" in content


def test_the_daily_purge_is_scheduled(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["onboarding-personal-data-purge"]
    assert entry["task"] == "onboarding.tasks.purge_personal_data"
    from onboarding.tasks import purge_personal_data

    assert purge_personal_data.name == entry["task"]


def test_an_erasure_is_recorded_as_such_not_guessed_from_the_name(db, client, contact, project):
    from onboarding.services.retention import contacts_past_retention
    from onboarding.tracking_links import tracking_path

    # A real person called Anonyme, with a phone only, is a person like any other:
    # their tracking page opens, and the retention purge counts them.
    Contact.objects.filter(pk=contact.pk).update(first_name="Anonyme", email="", phone="0612345678")
    assert client.get(tracking_path(project)).status_code == 200
    Project.objects.filter(pk=project.pk).update(state="abandoned", abandon_reason="other")
    long_after = timezone.now() + datetime.timedelta(days=5 * 366)
    assert contact.pk in set(contacts_past_retention(now=long_after).values_list("pk", flat=True))

    contact_erase(contact=Contact.objects.get(pk=contact.pk))
    contact.refresh_from_db()
    assert contact.erased_at is not None
    assert contact.pk not in set(contacts_past_retention(now=long_after).values_list("pk", flat=True))
    assert client.get(tracking_path(project)).status_code != 200  # the link answers as a bad one
