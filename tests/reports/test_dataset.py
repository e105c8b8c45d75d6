"""The hand-made dataset of the report tests, and a check that it is a true
history (every log row leaves the state the previous one entered).

Eight projects walked through the real services, then dated in 2025 with
queryset updates; times are 10:00 UTC so that every stay lasts whole days
whatever the daylight saving time. The expected figures in the other
test_reports_* files are worked out by hand from this table:

     referent source      territory (EPCI)            segment      walk (2025 unless said)
P1   bob      website     target Agen, installed      seconde-vie  new 01-10, contact 01-13, qualify 01-23,
                          Figeac (Grand-Figeac)                    pause 02-02, resume 03-04, confirm 03-14,
                                                                   installed 04-13 (on 04-10)
P2   bob      event       Figeac (Grand-Figeac)       talent       new 03-15, contact 03-25, qualify 04-04,
                                                                   support 04-14, confirm 05-14, installed
                                                                   06-13 (on 06-10), follow-up closed 12-13
P3   charlie  event       Agen (CA Agen)              jeune        new 03-16, contact 03-18, abandon 04-17 (job),
                                                                   reopen 05-17, qualify 05-27
P4   bob      phone       Agen (CA Agen)              seconde-vie  new 06-02, never contacted
P5   charlie  website     Figeac (Grand-Figeac)       jeune        new 07-01, rejected 07-02
P6   bob      website     Grand-Figeac (no commune)   seconde-vie  new 2024-11-04, contact 2024-11-06,
                                                                   qualify 2024-11-16, pause 2024-12-16 (still)
P7   charlie  partner_api Agen (CA Agen)              famille      new 09-01, contact 09-05, pause 09-15,
                                                                   resume 10-15, abandon 10-25 (housing)
P8   bob      website     Figeac (Grand-Figeac)       seconde-vie  new 12-20, contact 2026-01-05,
                                                                   qualify 2026-01-15

Two variants, added by the tests that need them (`late_recorded_move`, `system_closures`):

P9   bob      website     Figeac (Grand-Figeac)       seconde-vie  new 12-01, contact 12-02, qualify 12-04,
                                                                   confirm 12-08, installed recorded 2026-01-06
                                                                   (on 2025-12-20)
P4'  its contact's data erased at their request on 11-20: close_on_erasure (P4 was new, open)
P6'  transferred to another network on 08-01: close_on_transfer (P6 was on hold, open)
"""

import datetime
from types import SimpleNamespace
from unittest import mock

import pytest
from django.utils import timezone

from crm.models import Commune, Contact, Departement, Epci, Event, Need, Segment
from onboarding.models import Interaction, Project, ProjectTransition
from onboarding.services.journey import project_transition
from onboarding.services.projects import project_create
from onboarding.states import Source, State

UTC = datetime.UTC
PERIOD_2025 = {"start": "2025-01-01", "end": "2025-12-31"}


def at(day, hour=10, minute=0):
    """A moment of 2025 (or another year) from "MM-DD" or "YYYY-MM-DD", in UTC."""
    if len(day) == 5:
        day = f"2025-{day}"
    return datetime.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=UTC)


def lot_et_garonne():
    lot_et_garonne = Departement.objects.create(code="47", name="Lot-et-Garonne")
    agen_epci = Epci.objects.create(siren="200035459", name="CA d'Agen", nature="CA", departement=lot_et_garonne)
    agen = Commune.objects.create(insee="47001", name="Agen", departement=lot_et_garonne, epci=agen_epci)
    return {"departement": lot_et_garonne, "epci": agen_epci, "commune": agen}


def new_project(name, *, created, referent, source, commune=None, epci=None, segment=None, needs=(),
                event=None, due=None):
    """A project created at `created` (a moment), its first contact due on `due`."""
    contact = Contact.objects.create(first_name=name, last_name="Test", email=f"{name.lower()}@example.org")
    with happening_at(created):
        project = project_create(
            contact=contact, source=source, referent=referent, target_commune=commune,
            target_epci=epci or (commune.epci if commune else None),
            segment=Segment.objects.get(code=segment) if segment else None,
            needs=list(Need.objects.filter(code__in=needs)), event=event,
        )
    Project.objects.filter(pk=project.pk).update(first_contact_due_on=due)
    project.refresh_from_db()  # the journey's date conditions read its creation day
    return project


def happening_at(moment):
    """The clock stopped at `moment`: what the services write then is dated
    then (log rows and the stage times kept with them), and the journey's
    date conditions (a planned move not in the past...) read that day."""
    return mock.patch.object(timezone, "now", lambda: moment)


def walk(project, steps, *, user):
    """Apply [(transition, moment, fields)] through the service, each at its moment."""
    for name, moment, fields in steps:
        with happening_at(moment):
            project_transition(project=project, transition=name, user=user, fields=fields or {})
        if name == "make_contact":
            Project.objects.filter(pk=project.pk).update(first_contacted_at=moment)
    return project


def build_dataset(*, alice, bob, charlie, territory):
    figeac = territory["commune"]
    grand_figeac = territory["epci"]
    agen = lot_et_garonne()
    salon = Event.objects.create(
        name="Salon Vivre dans le Lot – Paris", place="Paris", starts_on=datetime.date(2025, 3, 15),
        ends_on=datetime.date(2025, 3, 16),
    )
    b, c = bob.referent, charlie.referent

    p1 = new_project("P1", created=at("01-10"), referent=b, source=Source.WEBSITE, commune=agen["commune"],
                     segment="seconde-vie", needs=["emploi"], due=datetime.date(2025, 1, 17))
    walk(p1, [
        ("make_contact", at("01-13"), None),
        ("qualify", at("01-23"), None),
        ("pause", at("02-02"), {"reason": "Attend une réponse d'employeur"}),
        ("resume", at("03-04"), None),
        ("confirm_move", at("03-14"), {"target_commune": agen["commune"].insee, "move_date": "2025-04-10"}),
        ("mark_installed", at("04-13"), {"installed_commune": figeac.insee, "installed_on": "2025-04-10"}),
    ], user=alice)

    p2 = new_project("P2", created=at("03-15"), referent=b, source=Source.EVENT, commune=figeac, segment="talent",
                     needs=["emploi", "logement-location"], event=salon, due=datetime.date(2025, 3, 21))
    walk(p2, [
        ("make_contact", at("03-25"), None),
        ("qualify", at("04-04"), None),
        ("start_support", at("04-14"), None),
        ("confirm_move", at("05-14"), {"move_date": "2025-06-10"}),
        ("mark_installed", at("06-13"), {"installed_commune": figeac.insee, "installed_on": "2025-06-10"}),
    ], user=alice)
    Interaction.objects.create(project=p2, kind=Interaction.Kind.CALL, summary="Point à six mois",
                               happened_at=at("12-01"), by=alice)
    walk(p2, [("close_follow_up", at("12-13"), None)], user=alice)

    p3 = new_project("P3", created=at("03-16"), referent=c, source=Source.EVENT, commune=agen["commune"],
                     segment="jeune", needs=["logement-location"], event=salon, due=datetime.date(2025, 3, 21))
    walk(p3, [
        ("make_contact", at("03-18"), None),
        ("abandon", at("04-17"), {"reason": "job"}),
        ("reopen", at("05-17"), None),
        ("qualify", at("05-27"), None),
    ], user=alice)

    p4 = new_project("P4", created=at("06-02"), referent=b, source=Source.PHONE, commune=agen["commune"],
                     segment="seconde-vie", needs=["mobilite"], due=datetime.date(2025, 6, 9))

    p5 = new_project("P5", created=at("07-01"), referent=c, source=Source.WEBSITE, commune=figeac,
                     segment="jeune", due=datetime.date(2025, 7, 8))
    walk(p5, [("reject", at("07-02"), {"reason": "spam"})], user=alice)

    p6 = new_project("P6", created=at("2024-11-04"), referent=b, source=Source.WEBSITE, epci=grand_figeac,
                     segment="seconde-vie", needs=["emploi"], due=datetime.date(2024, 11, 8))
    walk(p6, [
        ("make_contact", at("2024-11-06"), None),
        ("qualify", at("2024-11-16"), None),
        ("pause", at("2024-12-16"), {"reason": "Vente de la maison"}),
    ], user=alice)

    p7 = new_project("P7", created=at("09-01"), referent=c, source=Source.PARTNER_API, commune=agen["commune"],
                     segment="famille", needs=["garde-ecole"], due=datetime.date(2025, 9, 5))
    walk(p7, [
        ("make_contact", at("09-05"), None),
        ("pause", at("09-15"), {"reason": "Réflexion en famille"}),
        ("resume", at("10-15"), None),
        ("abandon", at("10-25"), {"reason": "housing"}),
    ], user=alice)

    p8 = new_project("P8", created=at("12-20"), referent=b, source=Source.WEBSITE, commune=figeac,
                     segment="seconde-vie", needs=["emploi"], due=datetime.date(2025, 12, 27))
    walk(p8, [
        ("make_contact", at("2026-01-05"), None),
        ("qualify", at("2026-01-15"), None),
    ], user=alice)

    return SimpleNamespace(
        p1=p1, p2=p2, p3=p3, p4=p4, p5=p5, p6=p6, p7=p7, p8=p8, salon=salon, agen=agen,
        figeac=figeac, grand_figeac=grand_figeac, lot=territory["departement"],
    )


def late_recorded_move(data, *, alice, bob):
    """P9: moved in on 20 December 2025, recorded on 6 January 2026."""
    p9 = new_project("P9", created=at("12-01"), referent=bob.referent, source=Source.WEBSITE, commune=data.figeac,
                     segment="seconde-vie", needs=["emploi"], due=datetime.date(2025, 12, 5))
    return walk(p9, [
        ("make_contact", at("12-02"), None),
        ("qualify", at("12-04"), None),
        ("confirm_move", at("12-08"), {"move_date": "2025-12-20"}),
        ("mark_installed", at("2026-01-06"), {"installed_commune": data.figeac.insee, "installed_on": "2025-12-20"}),
    ], user=alice)


def system_closures(data):
    """P4 closed by the erasure of its contact's data (11-20), P6 by its
    transfer to another network (08-01): the system's transitions, dated."""
    from onboarding.services.privacy import contact_erase
    from onboarding.states import Channel

    with happening_at(at("11-20")):
        contact_erase(contact=data.p4.contact)
    with happening_at(at("08-01")):
        project_transition(project=data.p6, transition="close_on_transfer", user=None, channel=Channel.SYSTEM)


def cast_and_dataset():
    """Alice, Bob and Charlie, the territory and the dataset, without fixtures:
    for a module that makes them once (tests/module_rows.py)."""
    from tests.conftest import alice_create, organisation_create, referent_create, territory_create

    alice = alice_create()
    organisation = organisation_create()
    bob = referent_create("bob", "Bob", "Durand", organisation)
    charlie = referent_create("charlie", "Charlie", "Petit", organisation)
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory_create())


@pytest.fixture
def dataset(db, alice, bob, charlie, territory):
    return build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)


def test_it_builds_a_true_history(dataset):
    rows = list(ProjectTransition.objects.order_by("project_id", "at", "id").values_list(
        "project_id", "from_state", "to_state"))
    previous = {}
    for project_id, from_state, to_state in rows:
        assert from_state == previous.get(project_id, ""), (project_id, from_state, to_state)
        previous[project_id] = to_state
    states = dict(Project.objects.values_list("pk", "state"))
    assert previous == states
    assert states[dataset.p6.pk] == State.ON_HOLD
    assert Project.objects.get(pk=dataset.p6.pk).paused_from == State.QUALIFIED


def test_it_dates_the_history_in_the_past(dataset):
    assert not ProjectTransition.objects.filter(at__gt=at("2026-01-15")).exists()
    assert Project.objects.get(pk=dataset.p1.pk).first_contacted_at == at("01-13")
