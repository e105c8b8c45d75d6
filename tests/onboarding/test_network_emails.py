"""A programme's alerts never reach another programme's coordinators: the
queue alert and the daily digest go to the coordinators of the project's
network only (crm.selectors.coordinators_with_email(networks=...))."""

import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail

from crm.access import COORDINATOR_GROUP
from crm.models import Contact, Network
from onboarding.models import Project
from onboarding.services.deadlines import deadlines_digest_send
from onboarding.services.projects import project_create
from onboarding.services.routing import route_project
from onboarding.states import Source
from tests.conftest import join_network


@pytest.fixture
def lg(db):
    return Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne Attractivité",
                                  welcome_to="en Lot-et-Garonne")


@pytest.fixture
def gaelle(lg):
    """The Lot-et-Garonne's coordinator."""
    user = User.objects.create_user("gaelle", email="gaelle@example.org", password="password")
    user.groups.add(Group.objects.get(name=COORDINATOR_GROUP))
    join_network(user, lg)
    return user


def _queued(network):
    contact = Contact.objects.create(first_name="Camille", last_name="Roux", email=f"c@{network.slug}.example.org")
    project = project_create(contact=contact, source=Source.WEBSITE, network=network)
    route_project(project=project)  # no rule, no referent: the coordinators' queue
    return Project.objects.get(pk=project.pk)


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_queued_project_alerts_its_own_networks_coordinators_only(alice, gaelle, lg, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project = _queued(lg)
    assert project.network == lg and project.referent is None
    assert len(_to("gaelle@example.org")) == 1
    assert _to("alice@example.org") == []


def test_the_digest_gives_each_coordinator_the_queue_of_their_networks(alice, gaelle, lg,
                                                                      django_capture_on_commit_callbacks):
    lot = Network.objects.exclude(pk=lg.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        in_lot, in_lg = _queued(lot), _queued(lg)
        Project.objects.filter(pk__in=[in_lot.pk, in_lg.pk]).update(
            first_contact_due_on=datetime.date(2026, 7, 14))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert deadlines_digest_send(today=datetime.date(2026, 7, 20)) == 2
    (for_alice,), (for_gaelle,) = _to("alice@example.org"), _to("gaelle@example.org")
    assert f"Projet n°{in_lot.pk}," in for_alice.body and f"Projet n°{in_lg.pk}," not in for_alice.body
    assert f"Projet n°{in_lg.pk}," in for_gaelle.body and f"Projet n°{in_lot.pk}," not in for_gaelle.body


def test_a_deletion_request_alerts_its_own_networks_coordinators_only(alice, gaelle, lg,
                                                                     django_capture_on_commit_callbacks):
    from intake.services import privacy_deletion_request

    contact = Contact.objects.create(first_name="Léa", last_name="Fabre", email="lea@example.org", network=lg)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_deletion_request(contact=contact)
    assert len(_to("gaelle@example.org")) == 1
    assert _to("alice@example.org") == []


def test_an_address_known_in_another_network_is_free_here(lg, contact, project):
    """Correcting one's e-mail to an address another programme knows is not
    refused: that would tell the other programme's people apart."""
    from intake.services import contact_correct

    Contact.objects.create(first_name="Autre", last_name="Personne", email="pris@example.org", network=lg)
    contact.refresh_from_db()
    assert contact_correct(contact=contact, email="pris@example.org", phone="", current_city="") == ["email"]
    contact.refresh_from_db()
    assert contact.email == "pris@example.org"


def test_a_network_offers_the_shared_segments_it_has_not_switched_off(project, lg):
    from crm.models import Segment
    from crm.selectors import segments_offered
    from workspace.forms import ProjectDetailsForm

    lot = project.network
    lot.disabled_segments.add(Segment.objects.get(code="saisonnier"))
    codes = set(segments_offered(lot.pk).values_list("code", flat=True))
    assert "saisonnier" not in codes and "famille" in codes
    assert "saisonnier" in set(segments_offered(lg.pk).values_list("code", flat=True))
    choices = set(ProjectDetailsForm(instance=project).fields["segment"].queryset.values_list("code", flat=True))
    assert choices == codes


@pytest.mark.parametrize("slug", ["equipe", "admin", "suivi", "API"])
def test_a_network_cannot_take_an_address_of_the_site(db, slug):
    from django.core.exceptions import ValidationError

    network = Network(slug=slug, name=f"Réseau {slug}", programme="P", welcome_to="ici")
    with pytest.raises(ValidationError) as refused:
        network.full_clean()
    assert "adresse du site" in str(refused.value)
