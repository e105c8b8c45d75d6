"""The anonymisation test walks the registry of personal data
(crm.personal_data): a person is written into every place a prospect's data
can be (the places of test_erasure_leaves_nothing, plus a kit, a transfer,
the outbox), every declared table must then hold a row about them (a new
declaration without a row here fails, so the walk grows with the registry),
and after the erasure, on request or by the purge, every declared field of
every declared table is free of them: blanked, deleted, or rewritten by the
app's own eraser."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone

from ambassadors.models import Ambassador, Referral
from crm.models import Commune, Contact, Event, Network, Organisation, OutboxEmail
from crm.outbox import outbox_add
from crm.personal_data import Person, PersonKind, declarations
from events.models import Invitation
from followup.models import CheckIn, CheckInAnswer
from housing.models import HousingBooking, HousingOffer
from jobs.models import PinnedOffer, ProjectOccupation
from onboarding.models import ProjectTransfer, Proposal
from onboarding.services.intake import CONFIRMATION_EMAIL
from onboarding.services.journey import project_transition
from privacy.models import DataExport
from privacy.services import data_export_build, data_export_request
from tests.onboarding.conftest import FIRST, LAST
from tests.onboarding.test_erasure_leaves_nothing import (
    NEEDLES,
    PLACES,
    api_idempotency_record,
    by_the_purge,
    on_request,
    pause_reason,
    reassignment_reason,
)
from welcome_kits.models import Kit


def _everywhere(ctx):
    # The partner's lead first (it joins the project by the address the
    # correction then changes); the reassignment last (bob acts until then).
    for place in sorted(PLACES, key=lambda p: (p is not api_idempotency_record, p is reassignment_reason)):
        if place is pause_reason:  # after transition_note's first contact: the pause alone
            project_transition(project=ctx.project, transition="pause", user=ctx.bob,
                               fields={"reason": f"{FIRST} attend la réponse d'un employeur"})
        else:
            place(ctx)
    Kit.objects.create(project=ctx.project, status=Kit.Status.DONE, version=1, file=f"kits/{FIRST}.pdf")
    # An offer proposed to them (jobs): which offers says what they look for.
    PinnedOffer.objects.create(project=ctx.project, offer_id="180TEST", title=f"Poste pour {FIRST}",
                               url="https://candidat.francetravail.fr/offres/recherche/detail/180TEST",
                               pinned_by=ctx.bob)
    # The ROME code read in their occupation; a proposal they accepted (kept, naming nobody).
    ProjectOccupation.objects.create(project=ctx.project, for_whom="prospect", rome_code="J1506")
    Proposal.objects.create(project=ctx.project, kind="employer_need", target_id=1, status="accepted",
                            consent_text="En acceptant…", consent_version="emploi-2026-11", proposed_by=ctx.bob)
    network = Network.objects.get()
    # A temporary stay asked for them (housing): its dates and household go with them.
    gite = HousingOffer.objects.create(
        network=network, kind=HousingOffer.Kind.TEMPORARY, title="Gîte du walk", commune=Commune.objects.first(),
        housing_type=HousingOffer.HousingType.GITE, rooms=2, surface=40, available_from=datetime.date(2030, 1, 1),
        available_until=datetime.date(2030, 12, 31), organisation=Organisation.objects.first())
    HousingBooking.objects.create(offer=gite, project=ctx.project, start_on=datetime.date(2030, 3, 1),
                                  end_on=datetime.date(2030, 3, 8), household_size=3)
    # Their registration to a welcome evening (events): how many they came with, whether they came.
    evening = Event.objects.create(name="Soirée du walk", kind=Event.Kind.WELCOME, place="Figeac",
                                   starts_on=datetime.date(2030, 3, 1), ends_on=datetime.date(2030, 3, 1),
                                   network=network)
    Invitation.objects.create(event=evening, contact=ctx.project.contact, invitee_kind="newcomer",
                              registered_at=timezone.now(), household_size=3, attended=True)
    # Their project came through an ambassador's link, and they became an ambassador themselves (ambassadors).
    paul = Contact.objects.create(first_name="Paul", last_name="Delmas", email="paul@ambassadeurs.example",
                                  network=network)
    referrer = Ambassador.objects.create(contact=paul, network=network, commune=Commune.objects.first(),
                                         status=Ambassador.Status.APPROVED, consent_at=timezone.now())
    Referral.objects.create(ambassador=referrer, project=ctx.project, prospect_agreed=True)
    # Paused: an approved ambassador is kept by the purge while active (tests/ambassadors/test_retention.py).
    Ambassador.objects.create(contact=ctx.project.contact, network=network, commune=Commune.objects.first(),
                              occupation=f"Infirmière, demandez {FIRST}", came_from=f"Lyon, chez {LAST}",
                              languages="en", status=Ambassador.Status.PAUSED, consent_version="ambassadeurs-1",
                              consent_at=timezone.now())
    # Their answer to a follow-up check-in (followup): where they live, what they wrote.
    check_in = CheckIn.objects.create(project=ctx.project, months=6, installed_on=datetime.date(2030, 1, 1),
                                      due_on=datetime.date(2030, 7, 1), expires_on=datetime.date(2030, 8, 30))
    CheckInAnswer.objects.create(check_in=check_in, answered_at=timezone.now(), still_here=True,
                                 commune=Commune.objects.first(), missing_other=f"{FIRST} cherche une crèche",
                                 work="found", partner_work="na", school="na", ambassador="no")
    ProjectTransfer.objects.create(project=ctx.project, from_network=network, to_network=network,
                                   reason=f"{FIRST} part vivre ailleurs", proposed_by=ctx.alice)
    # Staff reads: their project's page, and a search of the list by their name (the access log).
    staff = ctx.client_as(ctx.alice)
    assert staff.get(f"/equipe/projets/{ctx.project.pk}/").status_code == 200
    assert staff.get("/equipe/projets/", {"q": LAST}).status_code == 200
    # Their copy of their data, built (its files name them).
    data_export_build(export_id=data_export_request(project=ctx.project).pk)
    outbox_add(CONFIRMATION_EMAIL, args={"email": ctx.person.email}, cause="test",
               contact_id=ctx.person.pk, project_id=ctx.project.pk)


def _person(ctx, emails=None):
    project_ids = tuple(ctx.person.projects.values_list("pk", flat=True))
    return Person(kind=PersonKind.PROSPECT, ids=(ctx.person.pk,), project_ids=project_ids,
                  emails=tuple(emails or ()))


def _holds_them(value):
    text = str(value).upper()
    return any(needle.upper() in text for needle in NEEDLES)


@pytest.mark.parametrize("erase", [on_request, by_the_purge], ids=lambda f: f.__name__)
def test_every_declared_place_is_emptied_of_the_person(erase, ctx):
    _everywhere(ctx)
    email = ctx.person.email
    before = _person(ctx, emails=[email])
    empty = [d.model._meta.label for d in declarations(PersonKind.PROSPECT) if not d.rows(before).exists()]
    assert empty == [], f"the walk writes nothing in these declared tables: {empty}"
    assert any(_holds_them(getattr(row, "first_name", "")) for row in declarations(PersonKind.PROSPECT)[-1]
               .rows(before))

    erase(ctx)

    after = _person(ctx, emails=[email])
    for declaration in declarations(PersonKind.PROSPECT):
        for row in declaration.rows(after):
            for name in declaration.fields:
                value = getattr(row, name)
                assert not _holds_them(value), f"{declaration.model._meta.label}.{name} still holds {value!r}"
    assert not OutboxEmail.objects.filter(Q(contact_id=ctx.person.pk) | Q(project_id=ctx.project.pk)).exists()
    assert not Kit.objects.filter(project=ctx.project).exists()
    assert not PinnedOffer.objects.filter(project=ctx.project).exists()
    assert not ProjectOccupation.objects.filter(project=ctx.project).exists()
    assert not DataExport.objects.filter(contact=ctx.person).exists()
