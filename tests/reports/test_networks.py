"""Reports per network. Two networks: A (the instance's first, with the
hand-made dataset of test_dataset.py) and B (the Lot-et-Garonne, four
projects of its own). For a coordinator of A, of B and of both, every
figure equals the figure worked out in Python from the rows of their
networks' projects alone; the regional role reads counts per network and
nothing about a person; a coordinator of A reads nothing of B."""

import datetime
import re
from collections import Counter

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crm.access import COORDINATOR_GROUP, REFERENT_GROUP, REGIONAL_GROUP
from crm.models import Contact, Event, Need, Network, Organisation, Referent, Segment
from onboarding.models import Project, ProjectTransition
from onboarding.services.projects import project_create
from onboarding.states import OPEN_STATES, Source, State
from reports.filters import ReportFilterForm, ReportFilters
from reports.models import ReportTarget
from reports.selectors import INSTALLED_STATES, PIPELINE, pipeline_report
from reports.tables import report_tables
from tests.conftest import join_network

from .test_dataset import PERIOD_2025, at, build_dataset, happening_at, walk

pytestmark = pytest.mark.django_db
YEAR_2025 = ReportFilters(start=datetime.date(2025, 1, 1), end=datetime.date(2025, 12, 31))


def _account(username, group, *networks):
    user = User.objects.create_user(username=username, password="password", first_name=username.title(),
                                    last_name="Réseau")
    user.groups.add(Group.objects.get(name=group))
    for network in networks:
        join_network(user, network)
    return user


@pytest.fixture
def two(alice, bob, charlie, territory):
    """A: the dataset; B: its own four projects, event, referent and target."""
    a = Network.objects.get()
    data = build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    Event.objects.filter(pk=data.salon.pk).update(network=a)
    b = Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne Attractivité",
                               welcome_to="en Lot-et-Garonne")
    b.departements.add(data.agen["departement"])
    dora = _account("dora", COORDINATOR_GROUP, b)
    erin = _account("erin", REFERENT_GROUP, b)
    Referent.objects.create(user=erin, organisation=Organisation.objects.create(name="Agen Agglo", kind="epci",
                                                                                network=b))
    forum = Event.objects.create(name="Forum de l'installation d'Agen", place="Agen", network=b,
                                 starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 1))
    agen = data.agen["commune"]

    def new(name, created, source, **details):
        contact = Contact.objects.create(first_name=name, last_name="Garonnais", email=f"{name}@example.org",
                                         network=b)
        with happening_at(created):
            project = project_create(contact=contact, source=source, referent=erin.referent, target_commune=agen,
                                     target_epci=agen.epci, network=b, **details)
        return project

    q1 = new("Quentin", at("02-10"), Source.WEBSITE, segment=Segment.objects.get(code="talent"),
             needs=list(Need.objects.filter(code="emploi")))
    walk(q1, [
        ("make_contact", at("02-12"), None),
        ("qualify", at("02-20"), None),
        ("confirm_move", at("03-01"), {"target_commune": agen.insee, "move_date": "2025-04-01"}),
        ("mark_installed", at("04-05"), {"installed_commune": agen.insee, "installed_on": "2025-04-02"}),
    ], user=dora)
    q2 = new("Rose", at("03-01"), Source.EVENT, event=forum)
    walk(q2, [("make_contact", at("03-03"), None), ("abandon", at("03-20"), {"reason": "job"})], user=dora)
    new("Simon", at("04-01"), Source.PHONE, segment=Segment.objects.get(code="jeune"))
    q4 = new("Tina", at("05-05"), Source.WEBSITE)
    walk(q4, [("make_contact", at("05-06"), None)], user=dora)
    ReportTarget.objects.create(network=a, year=2025, installations=12)
    ReportTarget.objects.create(network=b, year=2025, installations=30)
    both = _account("eve", COORDINATOR_GROUP, a, b)
    return {"a": a, "b": b, "dora": dora, "erin": erin, "eve": both, "forum": forum, "data": data}


def _report(user, rf):
    request = rf.get(reverse("report"), PERIOD_2025)
    request.user = user
    from reports.views import _report_for

    return _report_for(request)[1]


def _expected(networks):
    """The figures worked out in Python from the rows of the networks' projects."""
    projects = list(Project.objects.filter(network__in=networks))
    ids = {p.pk for p in projects}
    in_2025 = [p for p in projects if p.created_at.year == 2025]
    log = [row for row in ProjectTransition.objects.all() if row.project_id in ids]
    reached = {
        state: len({r.project_id for r in log if r.to_state == state and r.at.year == 2025 and r.transition != "resume"})
        for state in PIPELINE
    }
    installed = Counter(p.installed_on.replace(day=1) for p in projects
                        if p.state in INSTALLED_STATES and p.installed_on and p.installed_on.year == 2025)
    targets = sum(ReportTarget.objects.filter(network__in=networks, year=2025).values_list("installations", flat=True))
    return {
        "states": {state: sum(p.state == state for p in projects) for state in State.values},
        "reached": reached,
        "new_by_month": sorted(Counter((p.created_at.date().replace(day=1), p.source) for p in in_2025).items()),
        "installations": dict(installed),
        "targets": {2025: targets} if targets else {},
        "events": dict(Counter(p.event_id for p in in_2025 if p.event_id)),
        "segments": dict(Counter(p.segment_id for p in in_2025)),
        "referents_open": dict(Counter(p.referent_id for p in projects if p.state in OPEN_STATES)),
        "abandons": dict(Counter(r.fields["reason"] for r in log if r.transition == "abandon" and r.at.year == 2025)),
        "open": sum(p.state in OPEN_STATES for p in projects),
    }


def _figures(report):
    return {
        "states": report["states"],
        "reached": report["funnel"]["reached"],
        "new_by_month": sorted(((month, source), n) for month, source, n in report["new_by_month"]),
        "installations": report["installations"],
        "targets": report["targets"],
        "events": {row["event"]: row["captured"] for row in report["events"]},
        "segments": {row["segment"]: row["new"] for row in report["segments"] if row["new"]},
        "referents_open": {row["referent"]: row["open"] for row in report["referents"] if row["open"]},
        "abandons": report["abandons"],
        "open": sum(report["states"][state] for state in OPEN_STATES),
    }


@pytest.mark.parametrize("who, networks", [("alice", ["a"]), ("dora", ["b"]), ("eve", ["a", "b"])])
def test_each_figure_of_a_network_is_the_figure_of_its_own_projects(two, rf, who, networks, alice):
    user = alice if who == "alice" else two[who]
    mine = [two[n] for n in networks]
    expected = _expected(mine)
    assert _figures(_report(user, rf)) == expected
    # The truth table has something in each cell: both networks count.
    assert expected["states"] != _expected([two["a"], two["b"]])["states"] or len(networks) == 2
    assert expected["open"] > 0 and expected["new_by_month"]


@pytest.mark.parametrize("who, networks", [("alice", ["a"]), ("dora", ["b"])])
def test_every_table_of_a_networks_report_is_that_of_its_projects_alone(two, rf, who, networks, alice):
    # Every table, time in stage and conversion included: the report of a
    # network's coordinator is the report of that network's projects.
    user = alice if who == "alice" else two[who]
    mine = Network.objects.filter(slug__in=[two[n].slug for n in networks]).values("pk")
    alone = pipeline_report(Project.objects.filter(network__in=mine), YEAR_2025, networks=mine)
    theirs = _report(user, rf)
    for slug, table in report_tables(alone).items():
        assert report_tables(theirs)[slug].as_json() == table.as_json(), slug


def test_a_coordinator_of_a_reads_nothing_of_b_in_the_page_and_the_exports(two, client, alice):
    client.force_login(alice)
    page = client.get(reverse("report"), PERIOD_2025).content.decode()
    workbook = client.get(reverse("report_table_export", args=["referents", "csv"]), PERIOD_2025).content.decode()
    events = client.get(reverse("report_table_export", args=["evenements", "csv"]), PERIOD_2025).content.decode()
    for text in (page, workbook):
        assert "Erin" not in text
    assert "Forum de l'installation d'Agen" not in page + events
    assert "Salon Vivre dans le Lot" in events


def test_the_filters_offer_only_the_users_events_and_referents(two, alice):
    shared = Event.objects.create(name="Salon régional", place="Toulouse", starts_on=datetime.date(2025, 9, 1),
                                  ends_on=datetime.date(2025, 9, 1))
    form = ReportFilterForm({}, user=two["dora"])
    assert set(form.fields["event"].queryset) == {two["forum"], shared}
    assert list(form.fields["referent"].queryset) == [two["erin"].referent]
    # Picking another network's referent is refused as any wrong choice.
    assert not ReportFilterForm({"referent": alice.pk}, user=two["dora"]).is_valid()


def test_a_target_is_set_for_one_of_the_users_networks_only(two, client, alice):
    client.force_login(alice)
    client.post(reverse("report_target_edit"), {"year": 2026, "installations": 40})
    assert ReportTarget.objects.get(year=2026).network == two["a"]
    # Alice is not in B: her post for B changes nothing.
    client.post(reverse("report_target_edit"), {"network": two["b"].pk, "year": 2025, "installations": 1})
    assert ReportTarget.objects.get(network=two["b"], year=2025).installations == 30
    client.force_login(two["eve"])
    client.post(reverse("report_target_edit"), {"network": two["b"].pk, "year": 2025, "installations": 31})
    assert ReportTarget.objects.get(network=two["b"], year=2025).installations == 31
    page = client.get(reverse("report"), PERIOD_2025).content.decode()
    assert 'name="network"' in page and "Lot-et-Garonne" in page


@pytest.fixture
def regional(db):
    return _account("region", REGIONAL_GROUP)


def test_the_regional_page_shows_counts_per_network_and_month(two, client, regional):
    client.force_login(regional)
    response = client.get(reverse("report_regional"), PERIOD_2025)
    assert response.status_code == 200
    rows = {n["name"]: n for n in response.context["networks"]}
    for network in (two["a"], two["b"]):
        projects = Project.objects.filter(network=network)
        new = Counter(p.created_at.month for p in projects if p.created_at.year == 2025)
        contacted = Counter(p.first_contacted_at.month for p in projects
                            if p.first_contacted_at and p.first_contacted_at.year == 2025)
        installed = Counter(p.installed_on.month for p in projects
                            if p.state in INSTALLED_STATES and p.installed_on and p.installed_on.year == 2025)
        got = rows[network.name]["months"]
        assert [(r["new"], r["contacted"], r["installed"]) for r in got] == [
            (new[m], contacted[m], installed[m]) for m in range(1, 13)]
        assert rows[network.name]["total"]["new"] == sum(new.values()) > 0


def test_the_regional_page_names_nobody_and_links_no_project(two, client, regional):
    client.force_login(regional)
    page = client.get(reverse("report_regional"), PERIOD_2025).content.decode()
    # The CSRF token is random letters: "bob" may be in it by chance.
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    people = list(Contact.objects.values_list("first_name", "email")) + list(
        User.objects.exclude(pk=regional.pk).values_list("first_name", "username"))
    for first_name, other in people:
        assert f">{first_name}" not in page and other not in page
    for public_id in Project.objects.values_list("public_id", flat=True):
        assert str(public_id) not in page
    assert "/equipe/projets/" not in page and ".csv" not in page and ".xlsx" not in page


def test_the_regional_role_reads_no_report_of_projects(two, client, regional):
    client.force_login(regional)
    for url in (reverse("report"), reverse("report_data"), reverse("report_workbook"),
                reverse("report_table_export", args=["referents", "csv"])):
        assert client.get(url, PERIOD_2025).status_code == 403


def test_a_coordinator_cannot_read_the_regional_page(two, client, alice):
    client.force_login(alice)
    assert client.get(reverse("report_regional"), PERIOD_2025).status_code == 403
    client.logout()
    assert client.get(reverse("report_regional")).status_code == 302


def test_the_regional_page_runs_a_fixed_number_of_queries(client, regional, alice, bob, charlie, territory):
    client.force_login(regional)
    url = reverse("report_regional")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, PERIOD_2025).status_code == 200
        return len(queries)

    empty = count()
    build_dataset(alice=alice, bob=bob, charlie=charlie, territory=territory)
    Network.objects.create(slug="autre", name="Autre", programme="Autre", welcome_to="ailleurs")
    assert count() == empty


def test_the_regional_account_lands_on_its_page_and_finds_it_in_the_menu(client, regional):
    client.force_login(regional)
    response = client.get(reverse("staff_home"))
    assert response.status_code == 302 and response.url == reverse("report_regional")
    page = client.get(response.url).content.decode()
    assert f'href="{reverse("report_regional")}"' in page
    assert reverse("project_index") not in page  # no staff menu: it reads counts only
