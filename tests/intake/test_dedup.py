"""One e-mail is one person: a second submission completes the contact
(never overwrites it: a public form must not let anyone rewrite someone
else's details) and, while a project is open, joins its history instead of
making a duplicate."""

import pytest

from crm.models import Contact
from onboarding.models import Interaction, Project
from onboarding.services.intake import IntakeData, IntakeRefused, intake_submit
from onboarding.services.projects import project_create
from onboarding.states import Channel, Source, State
from tests.intake.fixtures import *  # noqa: F403
from tests.intake.fixtures import mails_to

pytestmark = pytest.mark.django_db


def test_the_same_email_in_another_case_is_the_same_person(submit, territory):
    submit()
    response = submit(email="Camille.ROUX@Example.org", phone="+33 7 81 23 45 67", current_city="Bordeaux")
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.email == "camille.roux@example.org"  # kept as first typed
    # What is known is kept; what was typed is in the history for staff to check.
    assert (contact.phone, contact.current_city) == ("06 12 34 56 78", "Lyon")
    summary = Interaction.objects.get(kind=Interaction.Kind.SUBMISSION).summary
    assert "Bordeaux" in summary


def test_a_second_submission_fills_only_what_the_contact_did_not_say(submit, territory):
    submit(phone="")
    submit(phone="07 81 23 45 67", current_city="Bordeaux")
    contact = Contact.objects.get()
    assert (contact.phone, contact.current_city) == ("07 81 23 45 67", "Lyon")


def test_a_second_submission_joins_the_open_project(submit, territory):
    submit()
    project = Project.objects.get()
    submit(email="CAMILLE.roux@example.org", message="Finalement nous visons le printemps.")
    assert Project.objects.count() == 1
    interaction = Interaction.objects.get(project=project)
    assert interaction.kind == Interaction.Kind.SUBMISSION
    assert "Finalement nous visons le printemps." in interaction.summary
    assert "Territoire visé : Figeac" in interaction.summary
    assert "Besoins : Emploi, Logement à louer" in interaction.summary


def test_the_second_submission_is_confirmed_without_revealing_it_on_the_page(client, submit, territory):
    first = submit()
    second = submit(email="camille.ROUX@example.org")
    assert first["Location"] == second["Location"]
    messages = mails_to("camille.roux@example.org")
    assert [m.subject for m in messages] == [
        "Votre projet d'installation est bien enregistré",
        "Votre nouvelle demande est ajoutée à votre projet",
    ]


def test_a_blank_field_never_erases_what_we_know(submit, territory):
    submit()
    submit(phone="", current_city="", children_ages="")
    contact = Contact.objects.get()
    assert (contact.phone, contact.current_city) == ("06 12 34 56 78", "Lyon")


def test_an_open_project_in_any_open_state_takes_the_submission(contact, bob, walk_to, submit, territory):
    project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)
    walk_to(project, State.ON_HOLD)
    submit(email=contact.email.upper())
    assert Project.objects.count() == 1
    assert Interaction.objects.filter(project=project, kind=Interaction.Kind.SUBMISSION).count() == 1


@pytest.mark.parametrize("state", [State.ABANDONED, State.INSTALLED, State.REJECTED])
def test_a_closed_project_does_not_stop_a_new_one(contact, bob, walk_to, submit, territory, state):
    old = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent)
    walk_to(old, state)
    submit(email=contact.email)
    assert Project.objects.filter(contact=contact).count() == 2
    new = Project.objects.exclude(pk=old.pk).get()
    assert new.state == State.NEW
    # The known person's submission is kept in the new project's history.
    assert Interaction.objects.filter(kind=Interaction.Kind.SUBMISSION).get().project == new


def _data(**overrides):
    return IntakeData(**{"first_name": "Lou", "last_name": "Martin", "email": "lou@example.org", "consent": True,
                         **overrides})


def test_the_service_returns_whether_it_created_the_project(db):
    first = intake_submit(data=_data(), source=Source.PARTNER_API, channel=Channel.API)
    second = intake_submit(data=_data(email="LOU@example.org"), source=Source.PARTNER_API, channel=Channel.API)
    assert (first.created, second.created) == (True, False)
    assert first.project.pk == second.project.pk
    assert first.project.source == Source.PARTNER_API


@pytest.mark.parametrize(
    "overrides",
    [{"consent": False}, {"email": "", "phone": ""}, {"first_name": " "}, {"last_name": ""}],
)
def test_the_service_refuses_what_no_channel_may_skip(db, overrides):
    with pytest.raises(IntakeRefused):
        intake_submit(data=_data(**overrides), source=Source.WEBSITE, channel=Channel.UI)
    assert not Contact.objects.exists()
    assert not Project.objects.exists()


def test_a_failure_while_routing_saves_nothing(db, monkeypatch):
    def broken(*, project, user=None):
        raise RuntimeError("routing down")

    monkeypatch.setattr("onboarding.services.intake.route_project", broken)
    with pytest.raises(RuntimeError):
        intake_submit(data=_data(), source=Source.WEBSITE, channel=Channel.UI)
    assert not Contact.objects.exists()
    assert not Project.objects.exists()
