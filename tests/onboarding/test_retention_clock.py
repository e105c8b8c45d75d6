"""The retention clock (Contact.last_person_contact_at) is the last contact
the person initiated, as the issue defines it: a submission, a reply or an
exchange with them, an action on their tracking page, a renewal. Never an
e-mail we send, a staff edit of their details, a staff note, an e-mail
logged by staff (it may be one we sent) nor a transition of their project.

One row per cause, written from that rule: does it move the clock?"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from crm.models import Contact, Network
from crm.outbox import outbox_sweep
from onboarding.models import Interaction
from onboarding.services.activity import interaction_log
from onboarding.services.intake import IntakeData, intake_submit
from onboarding.services.journey import project_transition
from onboarding.services.projects import contact_update_details, project_create, project_update_details
from onboarding.services.retention import retention_reminders_send
from onboarding.states import Channel, Source
from onboarding.tracking_links import tracking_path

LONG_AGO = timezone.now() - datetime.timedelta(days=400)


@pytest.fixture
def person(db, bob):
    network = Network.objects.order_by("pk").first()
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email="camille.roux@example.org",
                                     network=network)
    project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent, network=network)
    Contact.objects.filter(pk=contact.pk).update(last_person_contact_at=LONG_AGO)
    return project


def _submission(project, **_):
    intake_submit(data=IntakeData(first_name="Camille", last_name="Roux", email="CAMILLE.ROUX@example.org",
                                  consent=True),
                  source=Source.WEBSITE, channel=Channel.UI, network=project.network)


def _submission_after_the_project_closed(project, bob, **_):
    project_transition(project=project, transition="abandon", user=bob, fields={"reason": "job"})
    _submission(project)


def _exchange(kind):
    def log(project, bob, **_):
        interaction_log(project=project, user=bob, kind=kind, summary="Échange")
    return log


def _tracking_post(action, **values):
    def post(project, client, **_):
        client.post(tracking_path(project), {"action": action, **values})
    return post


def _data_download(project, client, **_):
    client.post(tracking_path(project) + "mes-donnees/")


def _our_emails(project, bob, django_capture_on_commit_callbacks, **_):
    # The retention reminder itself (the person no longer followed), delivered.
    project_transition(project=project, transition="abandon", user=bob, fields={"reason": "job"})
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_reminders_send(now=timezone.now() + datetime.timedelta(days=365 * 3)) == 1
    outbox_sweep(now=timezone.now() + datetime.timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [["camille.roux@example.org"]]


def _staff_edit(project, bob, **_):
    project_update_details(project=project, user=bob, project_fields={"summary": "Boulangère"})
    contact_update_details(contact=project.contact, user=bob, fields={"phone": "06 12 34 56 78"})


def _transition(project, bob, **_):
    project_transition(project=project, transition="make_contact", user=bob, note="Appel sans réponse")


CAUSES = [
    # (cause, moves the clock?)
    ("a new submission from a known person (their open project)", _submission, True),
    ("a new submission that opens a new project", _submission_after_the_project_closed, True),
    ("a call with the person", _exchange(Interaction.Kind.CALL), True),
    ("a meeting with the person", _exchange(Interaction.Kind.MEETING), True),
    ("a visit", _exchange(Interaction.Kind.VISIT), True),
    ("a correction on the tracking page", _tracking_post("contact", email="camille.roux@example.org"), True),
    ("a deletion request on the tracking page", _tracking_post("delete", message=""), True),
    ("any POST of the tracking page, even one it does not know", _tracking_post("other"), True),
    ("asking for a copy of their data", _data_download, True),
    ("a staff note", _exchange(Interaction.Kind.NOTE), False),
    ("an e-mail logged by staff (it may be one we sent)", _exchange(Interaction.Kind.EMAIL), False),
    ("the e-mails we send", _our_emails, False),
    ("a staff edit of the details", _staff_edit, False),
    ("a transition by the referent", _transition, False),
]


@pytest.mark.parametrize("name, cause, moves", CAUSES, ids=[name for name, _, _ in CAUSES])
def test_only_what_the_person_does_moves_the_clock(name, cause, moves, person, bob, client,
                                                   django_capture_on_commit_callbacks):
    before = timezone.now()
    cause(project=person, bob=bob, client=client, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)

    clock = Contact.objects.get(pk=person.contact_id).last_person_contact_at
    if moves:
        assert clock >= before, name
    else:
        assert clock == LONG_AGO, name


def test_reading_the_tracking_page_does_not_move_it(person, client):
    assert client.get(tracking_path(person)).status_code == 200

    assert Contact.objects.get(pk=person.contact_id).last_person_contact_at == LONG_AGO


def test_an_exchange_logged_for_an_older_date_never_moves_it_back(person, bob):
    Contact.objects.filter(pk=person.contact_id).update(last_person_contact_at=timezone.now())
    recent = Contact.objects.get(pk=person.contact_id).last_person_contact_at

    interaction_log(project=person, user=bob, kind=Interaction.Kind.CALL, summary="Appel de mars",
                    happened_at=LONG_AGO)

    assert Contact.objects.get(pk=person.contact_id).last_person_contact_at == recent


def test_a_first_submission_starts_it(db, territory):
    before = timezone.now()
    intake_submit(data=IntakeData(first_name="Léa", last_name="Nouvelle", email="lea@example.org", consent=True),
                  source=Source.WEBSITE, channel=Channel.UI, network=Network.objects.order_by("pk").first())

    assert Contact.objects.get(email="lea@example.org").last_person_contact_at >= before
