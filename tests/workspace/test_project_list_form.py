"""The staff list's filter form, rendered by hand (workspace/form_rendering.py)
and its options (and blank form) kept per scope and choices version: every
field keeps its label, its GET name, the value chosen and its error; the
options are the reader's networks' and fresh after a write to what they
offer, kept across writes to projects; the page's queries do not grow with
the projects nor with the options."""

import datetime
import re

import pytest
from django.urls import reverse

from crm.models import Contact, Event, Network, Segment
from onboarding.services.projects import project_create
from tests.conftest import referent_create
from tests.network_world import *  # noqa: F403

FIELDS = {  # GET name: label (French, as the filter set names them)
    "q": "Recherche (nom, e-mail, commune)", "state": "État", "segment": "Segment", "need": "Besoin",
    "departement": "Département", "epci": "Intercommunalité", "source": "Source", "event": "Événement",
    "referent": "Référent",
}


def _list(client, **params):
    response = client.get(reverse("project_index"), params)
    assert response.status_code == 200
    return response.content.decode()


def _form(content):
    start = content.index('<form method="get"')
    return content[start:content.index("</form>", start)]


def test_every_filter_has_its_label_tied_to_its_control_and_its_get_name(client, alice):
    client.force_login(alice)
    form = _form(_list(client))
    assert 'role="search" aria-label="Filtrer les projets"' in form
    for name, label in FIELDS.items():
        assert f'<label for="id_{name}" class="form-label">{label}</label>' in form
        assert re.search(rf'<(select|input type="text") name="{name}"[^>]* id="id_{name}"', form), name
    assert form.count("<label ") == len(FIELDS)


def test_the_chosen_values_stay_chosen_and_the_search_stays_typed(client, alice, bob):
    client.force_login(alice)
    form = _form(_list(client, q='Roux "Camille"', state="new", referent=bob.referent.pk, source="website"))
    assert 'value="Roux &quot;Camille&quot;"' in form
    assert '<option value="new" selected>Nouveau</option>' in form
    assert f'<option value="{bob.referent.pk}" selected>Bob Durand</option>' in form
    assert '<option value="website" selected>' in form
    assert '<option value="" selected>Tous</option>' in form  # the filters not given: "Tous"
    assert form.count(" selected>") == 3 + 5  # of eight selects: the three chosen, five left at "Tous"/"Toutes"


def test_a_refused_value_is_said_on_its_field_and_linked_to_it(client, alice):
    client.force_login(alice)
    form = _form(_list(client, state="nowhere"))
    (select,) = re.findall(r'<select name="state"[^>]*>', form)
    attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', select))
    assert attributes["class"].split() == ["select", "form-select", "is-invalid"], select
    assert attributes["aria-invalid"] == "true", select
    assert "id_state_error" in attributes["aria-describedby"].split(), select
    assert '<div id="id_state_error" class="invalid-feedback">' in form
    assert "Sélectionnez un choix valide. nowhere n’en fait pas partie." in form
    assert form.count("is-invalid") == 1


def test_an_event_added_is_offered_on_the_next_page(client, alice):
    client.force_login(alice)
    assert "Salon de Cahors" not in _form(_list(client))
    today = datetime.date(2030, 5, 1)
    Event.objects.create(name="Salon de Cahors", place="Cahors", starts_on=today, ends_on=today,
                         network=Network.objects.order_by("pk").first())
    assert "Salon de Cahors" in _form(_list(client))


def test_another_networks_people_and_events_are_never_offered_even_once_kept(client, world):
    client.force_login(world.dora)  # the Lot-et-Garonne's options are kept first
    theirs = _form(_list(client))
    assert "Salon d&#x27;Agen" in theirs and "Eve Garonne" in theirs
    client.force_login(world.alice)
    ours = _form(_list(client))
    assert "Salon d&#x27;Agen" not in ours and "Eve Garonne" not in ours
    assert "Bob Durand" in ours and "Charlie Petit" in ours


def _projects_and_referents(organisation, n):
    for i in range(n):
        user = referent_create(f"ref{i}", "Réf", f"N{i}", organisation)
        contact = Contact.objects.create(first_name="P", last_name=f"n{i}", email=f"p{i}@example.org")
        project_create(contact=contact, source="website", referent=user.referent)


# The session, its user, the coordinator check, the count, the page, the
# names of its segments, referents, communes and EPCIs (one statement), the
# access log's row (in a savepoint: three): 9 once the options are kept (13
# with the names read by five prefetches; 20 when the nine fields were
# rendered through crispy-forms).
LIST_QUERIES = 9


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_runs_the_same_queries_whatever_the_projects_and_the_options(
        client, alice, organisation, size, django_assert_max_num_queries):
    _projects_and_referents(organisation, size)
    client.force_login(alice)
    _list(client)  # the options read and kept
    with django_assert_max_num_queries(LIST_QUERIES):
        content = _list(client)
    assert content.count('<th scope="row"') == min(size, 25)
    assert f"N{size - 1}" in _form(content)  # every referent offered


def test_the_referents_list_runs_as_few_queries(client, bob, project, django_assert_max_num_queries):
    client.force_login(bob)
    _list(client)
    with django_assert_max_num_queries(LIST_QUERIES + 2):  # a referent's visibility: their profile and teams
        content = _list(client)
    assert "Camille Roux" in content


def test_the_kept_options_and_blank_form_outlive_a_project_written(
        client, alice, bob, project, django_assert_max_num_queries):
    """A project written bumps the reports' data version, not the choices:
    the next page reads no option again (the nine fields' six queries)."""
    client.force_login(alice)
    _list(client)
    project.summary = "Cherche un poste d'infirmière"
    project.save()
    with django_assert_max_num_queries(LIST_QUERIES):
        _list(client)
    with django_assert_max_num_queries(LIST_QUERIES):
        _list(client, state="new")  # a chosen filter: the options kept, the form built


@pytest.mark.parametrize("params", [{}, {"state": "new"}])
def test_a_segment_renamed_is_offered_under_its_new_name_on_the_next_page(client, alice, params):
    segment = Segment.objects.create(code="soignants", name="Soignants")
    client.force_login(alice)
    assert ">Soignants</option>" in _form(_list(client, **params))
    segment.name = "Professions de santé"
    segment.save()
    form = _form(_list(client, **params))
    assert ">Professions de santé</option>" in form and ">Soignants</option>" not in form
