"""Projects recorded before consents were rows point at version 1 (the text
the form showed), with the channel their first log row tells; each contact's
retention clock starts from the person's own latest contact (onboarding
0005, after crm 0008)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from tests.migrations import database_at, migrate_to

BEFORE = [("crm", "0007_contact_erased_at"), ("onboarding", "0004_project_transfer")]
AFTER = [("crm", "0008_consent"), ("onboarding", "0005_consent")]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def before():
    with database_at(BEFORE) as apps:
        yield apps


def test_existing_projects_get_their_consent_and_contacts_their_clock(before):
    Contact = before.get_model("crm", "Contact")
    Project = before.get_model("onboarding", "Project")
    Transition = before.get_model("onboarding", "ProjectTransition")
    Interaction = before.get_model("onboarding", "Interaction")
    staff = User.objects.create_user("salon")
    now = timezone.now()
    old = now - datetime.timedelta(days=900)

    def project(contact, source, channel, by=None, at=old):
        made = Project.objects.create(contact=contact, source=source, consent_at=at)
        Project.objects.filter(pk=made.pk).update(created_at=at)
        Transition.objects.create(project=made, transition="create", to_state="new", channel=channel, by_id=by)
        return made

    lou = Contact.objects.create(first_name="Lou", last_name="Web", email="lou@example.org")
    Contact.objects.filter(pk=lou.pk).update(created_at=old)
    web = project(lou, "website", "ui")
    Interaction.objects.create(project=web, kind="call", summary="Appel", happened_at=old + datetime.timedelta(days=10))
    Interaction.objects.create(project=web, kind="note", summary="Note", happened_at=now)  # staff's: not the clock
    ines = Contact.objects.create(first_name="Inès", last_name="Salon", email="ines@example.org")
    Contact.objects.filter(pk=ines.pk).update(created_at=old)
    fair = project(ines, "event", "ui", by=staff.pk)
    api = project(ines, "partner_api", "api", at=old + datetime.timedelta(days=30))

    apps = migrate_to(AFTER)

    Consent = apps.get_model("onboarding", "Consent")
    ConsentText = apps.get_model("crm", "ConsentText")
    text = ConsentText.objects.get()
    assert (text.version, text.network_id) == (1, None)
    assert text.published_at <= old  # shown since the first project
    channels = {c.project_id: (c.channel, c.by_id, c.text_id) for c in Consent.objects.all()}
    assert channels == {web.pk: ("form", None, text.pk), fair.pk: ("fair", staff.pk, text.pk),
                        api.pk: ("api", None, text.pk)}
    contacts = apps.get_model("crm", "Contact").objects
    assert contacts.get(pk=lou.pk).last_person_contact_at == old + datetime.timedelta(days=10)
    assert contacts.get(pk=ines.pk).last_person_contact_at == old + datetime.timedelta(days=30)
