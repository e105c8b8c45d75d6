"""The registry of personal data (crm.personal_data): every table that holds
something about a person is declared, for a kind of person, with how it is
erased and exported; the rights walk it and nothing else."""

import datetime

import pytest
from django.apps import apps
from django.utils import timezone

from crm import personal_data as registry
from crm.models import Contact, Team
from crm.personal_data import PersonKind, declarations, personal_data, undeclared_models
from onboarding.models import Interaction, Project
from onboarding.services.journey import project_transition
from onboarding.services.privacy import contact_erase
from onboarding.services.retention import personal_data_purge, retention_reminders_send
from reports.filters import ReportFilters
from reports.selectors import pipeline_report
from tests.reports.test_dataset import build_dataset

EVERY_APP = [config.label for config in apps.get_app_configs()]


def test_every_model_holding_personal_data_is_declared_or_exempted():
    assert undeclared_models(EVERY_APP) == []


def test_a_model_left_out_of_the_registry_is_found(monkeypatch):
    monkeypatch.setattr(registry, "_declared", {
        key: value for key, value in registry._declared.items() if key[0] != "onboarding.Interaction"
    })
    assert undeclared_models(EVERY_APP) == ["onboarding.Interaction"]


@pytest.mark.parametrize("field_name, looks", [
    ("first_name", True), ("email", True), ("phone", True), ("summary", True), ("changes", True),
    ("state", False), ("created_at", False), ("version", False),
])
def test_what_makes_a_field_look_personal(field_name, looks):
    model = {"first_name": Contact, "email": Contact, "phone": Contact, "summary": Interaction,
             "changes": apps.get_model("onboarding", "DetailChange"), "state": Project, "created_at": Contact,
             "version": apps.get_model("welcome_kits", "Kit")}[field_name]
    assert registry.looks_personal(model._meta.get_field(field_name)) is looks


def test_a_declaration_names_real_fields_and_a_known_kind_of_person():
    with pytest.raises(ValueError, match="no field"):
        personal_data(Interaction, person=PersonKind.PROSPECT, subject="project__contact", fields=("sumary",),
                      purpose="x", retention="x")
    with pytest.raises(ValueError, match="kind of person"):
        personal_data(Interaction, person="visitor", subject="project__contact", fields=("summary",),
                      purpose="x", retention="x")
    with pytest.raises(ValueError, match="erase"):
        personal_data(Interaction, person=PersonKind.PROSPECT, subject="project__contact", fields=("summary",),
                      purpose="x", retention="x", erase="forget")


def test_each_kind_of_person_has_its_tables():
    kinds = {d.person for d in declarations()}
    assert kinds == {PersonKind.PROSPECT, PersonKind.STAFF, PersonKind.PARTNER, PersonKind.TESTIMONIAL,
                     PersonKind.EMPLOYER}
    assert declarations(PersonKind.PROSPECT)[0].model._meta.label == "admin.LogEntry"  # read before rows go
    assert declarations(PersonKind.PROSPECT)[-1].model is Contact  # the others find their rows through it


@pytest.fixture
def recorded(monkeypatch):
    """The registry as it is, plus a declaration that records each erasure it
    takes part in (on a table no prospect declaration uses: the teams')."""
    monkeypatch.setattr(registry, "_declared", dict(registry._declared))
    seen = []
    personal_data(Team, person=PersonKind.PROSPECT, subject=lambda person: Team.objects.none(), fields=(),
                  purpose="x", retention="x", erase=lambda rows, person: seen.append(person))
    return seen


def test_an_erasure_on_request_walks_the_registry(recorded, project, contact, alice):
    contact_erase(contact=contact, user=alice)

    assert [(p.kind, p.ids, p.project_ids, p.emails, p.by) for p in recorded] == [
        (PersonKind.PROSPECT, (contact.pk,), (project.pk,), ("camille.roux@example.org",), alice)
    ]


def test_the_purge_walks_it_too(recorded, project, contact, alice):
    project_transition(project=project, transition="abandon", user=alice, fields={"reason": "job"})

    later = timezone.now() + datetime.timedelta(days=366 * 5)
    retention_reminders_send(now=later - datetime.timedelta(days=40))  # asked first, no answer
    assert personal_data_purge(now=later) == 1

    assert [p.ids for p in recorded] == [(contact.pk,)]


def test_a_declaration_that_fails_undoes_the_whole_erasure(monkeypatch, project, contact, alice):
    monkeypatch.setattr(registry, "_declared", dict(registry._declared))

    def broken(rows, person):
        raise RuntimeError("the outbox is unreachable")

    personal_data(Team, person=PersonKind.PROSPECT, subject=lambda person: Team.objects.none(), fields=(),
                  purpose="x", retention="x", erase=broken, order=950)
    with pytest.raises(RuntimeError):
        contact_erase(contact=contact, user=alice)

    assert Contact.objects.get(pk=contact.pk).first_name == "Camille"
    assert Contact.objects.get(pk=contact.pk).erased_at is None
    project.refresh_from_db()
    assert project.state == "new"


# --- the committee's figures do not move -----------------------------------------------

YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["request", "purge"])
def test_the_committee_figures_are_the_same_after_erasing_people_whose_projects_are_closed(
        how, alice, bob, charlie, territory):
    data = build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    before = pipeline_report(Project.objects.all(), YEAR_2025, today=datetime.date(2026, 2, 1))
    # P1 is installed, P2 integrated (followed up and closed), P5 rejected,
    # P7 abandoned: nobody follows them any more.
    closed = [data.p1.contact, data.p2.contact, data.p5.contact, data.p7.contact]

    if how == "request":
        for contact in closed:
            contact_erase(contact=contact, user=alice)
    else:
        later = timezone.now() + datetime.timedelta(days=366 * 5)
        retention_reminders_send(now=later - datetime.timedelta(days=40))  # asked first, no answer
        personal_data_purge(now=later)

    erased = set(Contact.objects.filter(erased_at__isnull=False).values_list("first_name", "last_name"))
    assert erased == {("Anonyme", f"n°{contact.pk}") for contact in closed}
    assert pipeline_report(Project.objects.all(), YEAR_2025, today=datetime.date(2026, 2, 1)) == before
