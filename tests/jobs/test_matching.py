"""Who fits which employer's need, and why: a truth table written from what
the territory needs (the right occupation, for the prospect or the partner;
close enough to the job; there in time; a project still looking; the same
programme), both ways (a need's projects, a project's needs), with bounded
queries on both pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crm.models import Commune, Contact, Epci
from jobs.matching import needs_for_project, projects_for_need
from jobs.models import EmployerNeed, ProjectOccupation
from onboarding.models import Project
from onboarding.services.projects import project_create
from onboarding.states import Source
from tests.jobs.employers import hospital_need
from tests.network_world import lot_et_garonne

# name: (prospect's occupation, partner's occupation, where, horizon, state)
PEOPLE = {
    "nurse_in_figeac": ("Infirmière", "", "figeac", "lt6m", "new"),
    "partner_nurse_nearby": ("Boulanger", "infirmier", "nearby", "6-12m", "contacted"),
    "nurse_too_far": ("Infirmière", "", "cahors", "lt6m", "new"),
    "nurse_much_later": ("infirmier", "", "figeac", "later", "new"),
    "nurse_in_two_years": ("infirmier", "", "figeac", "1-2y", "qualified"),
    "nurse_aiming_at_the_epci": ("Infirmière", "", "epci", "unknown", "new"),
    "baker_in_figeac": ("Boulanger", "", "figeac", "lt6m", "new"),
    "nurse_paused": ("Infirmière", "", "figeac", "lt6m", "on_hold"),
    "nurse_of_another_programme": ("Infirmière", "", "marmande", "lt6m", "new"),
}

# Who fits the hospital's nurse need, and for whom, by its start date.
SOON = {"nurse_in_figeac": ["prospect"], "partner_nurse_nearby": ["partner"],
        "nurse_aiming_at_the_epci": ["prospect"]}
UNDATED = {**SOON, "nurse_much_later": ["prospect"], "nurse_in_two_years": ["prospect"]}


@pytest.fixture
def town(territory, bob, django_capture_on_commit_callbacks):
    figeac = territory["commune"]
    other_epci = Epci.objects.create(siren="200066835", name="CC Causses et Vallée de la Dordogne", nature="CC",
                                     departement=territory["departement"])
    cahors_epci = Epci.objects.create(siren="200023737", name="CA Grand Cahors", nature="CA",
                                      departement=territory["departement"])
    places = {
        "figeac": {"target_commune": figeac},
        # 15 km from Figeac, in another EPCI.
        "nearby": {"target_commune": Commune.objects.create(
            insee="46130", name="Gramat-le-Proche", departement=territory["departement"], epci=other_epci,
            latitude="44.7000", longitude="1.9000")},
        # 55 km away.
        "cahors": {"target_commune": Commune.objects.create(
            insee="46042", name="Cahors", departement=territory["departement"], epci=cahors_epci,
            latitude="44.4475", longitude="1.4419")},
        "epci": {"target_epci": territory["epci"]},
    }
    need = hospital_need(territory)
    other_network, other_territory = lot_et_garonne()
    places["marmande"] = {"target_commune": other_territory["commune"], "network": other_network}
    projects = {}
    for name, (occupation, partner, where, horizon, state) in PEOPLE.items():
        with django_capture_on_commit_callbacks(execute=True):
            contact = Contact.objects.create(first_name=name, last_name="Test", email=f"{name}@example.org",
                                             occupation=occupation, partner_occupation=partner)
            project = project_create(contact=contact, source=Source.WEBSITE, referent=bob.referent,
                                     horizon=horizon, **places[where])
        Project.objects.filter(pk=project.pk).update(state=state)
        projects[name] = Project.objects.get(pk=project.pk)
    return need, projects


def fits(need, projects):
    by_id = {p.pk: name for name, p in projects.items()}
    return {by_id[m.project.pk]: m.for_whom for m in projects_for_need(need)}


def test_who_fits_a_need_starting_soon_and_one_without_a_date(town):
    need, projects = town
    # The codes were read from the occupations once each project was committed (jobs.receivers).
    assert ProjectOccupation.objects.filter(project=projects["partner_nurse_nearby"]).count() == 2

    EmployerNeed.objects.filter(pk=need.pk).update(start_on=timezone.localdate() + datetime.timedelta(days=90))
    need.refresh_from_db()
    assert fits(need, projects) == SOON

    EmployerNeed.objects.filter(pk=need.pk).update(start_on=None)
    need.refresh_from_db()
    assert fits(need, projects) == UNDATED

    why = {m.project.pk: m.why for m in projects_for_need(need)}
    assert why[projects["nurse_in_figeac"].pk] == "son métier, même intercommunalité"
    assert why[projects["partner_nurse_nearby"].pk] == "le métier du conjoint, à 15 km"

    for name, project in projects.items():
        expected = [need.pk] if name in UNDATED else []
        assert [m.need.pk for m in needs_for_project(project)] == expected, name

    EmployerNeed.objects.filter(pk=need.pk).update(status="closed")
    assert needs_for_project(projects["nurse_in_figeac"]) == []


def test_both_pages_show_the_matches_in_bounded_queries(town, client, bob, alice,
                                                        django_assert_max_num_queries):
    need, projects = town
    client.force_login(alice)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("jobs_need_detail", args=[need.pk]))
    assert page.status_code == 200
    assert len(page.context["matches"]) == len(UNDATED)

    client.force_login(bob)
    response = client.post(reverse("jobs_need_propose", args=[need.pk]),
                           {"project": projects["partner_nurse_nearby"].pk, "for_whom": "partner", "back": "project"})
    assert response.status_code == 302
    # The project page with a proposal and a need that fits: the jobs sections stay within a few queries
    # (the other apps' sections read theirs too: housing, testimonials, events' history, the ambassadors',
    # the follow-up's section and history).
    with django_assert_max_num_queries(46):
        page = client.get(reverse("project_detail", args=[projects["partner_nurse_nearby"].pk]))
    content = page.content.decode()
    assert "Besoins des recruteurs locaux qui correspondent" in content and "déjà proposé" in content
    proposal = projects["partner_nurse_nearby"].proposals.get()
    assert (proposal.for_whom, proposal.status, proposal.proposed_by) == ("partner", "proposed", bob)
