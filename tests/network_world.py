"""Two networks side by side, for the isolation tests: the Lot (the
instance's first network: alice coordinates, bob and charlie are referents)
and the Lot-et-Garonne (dora coordinates, eve is a referent), each with a
project and whatever hangs off a project (task, exchange, kit, rule,
decision, event, organisation, team, key, receipt, outbox row...)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from api.models import ApiToken, LeadReceipt
from crm.access import COORDINATOR_GROUP, REFERENT_GROUP
from crm.models import (
    Absence,
    AccessLog,
    Commune,
    ConsentText,
    Contact,
    Departement,
    Epci,
    Event,
    Network,
    Organisation,
    OutboxEmail,
    PrivacyRequest,
    Referent,
    Team,
)
from jobs.models import Employer, EmployerNeed, TakeoverBusiness
from onboarding.models import (
    Consent,
    DetailChange,
    Interaction,
    Proposal,
    RetentionMonth,
    RoutingDecision,
    RoutingRule,
    Task,
)
from onboarding.services.projects import project_create
from onboarding.states import Source
from reports.models import ReportTarget
from tests.api.fixtures import make_token
from tests.conftest import join_network
from tests.testimonials.photos import photo
from tests.testimonials.stories import story
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact

__all__ = ["world"]  # `from tests.network_world import *` brings the fixture


def lot_et_garonne():
    network = Network.objects.create(
        slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne Attractivité",
        welcome_to="en Lot-et-Garonne",
    )
    departement = Departement.objects.create(code="47", name="Lot-et-Garonne")
    epci = Epci.objects.create(siren="200068781", name="Val de Garonne Agglomération", nature="CA",
                               departement=departement)
    commune = Commune.objects.create(insee="47157", name="Marmande", departement=departement, epci=epci,
                                     population=17000, latitude="44.5000", longitude="0.1667")
    network.departements.add(departement)
    return network, {"departement": departement, "epci": epci, "commune": commune}


def staff(username, group, network, organisation=None):
    user = User.objects.create_user(username=username, password="password", first_name=username.title(),
                                    last_name="Garonne", email=f"{username}@example.org",
                                    is_staff=group == COORDINATOR_GROUP)
    user.groups.add(Group.objects.get(name=group))
    join_network(user, network)
    if organisation is not None:
        Referent.objects.create(user=user, organisation=organisation, capacity=30)
    return user


def _block_for(network):
    section = KitSection.objects.create(title="Se loger")
    block = ContentBlock.objects.create(section=section, title="Les gîtes d'Agen", body="Texte.")
    block.networks.add(network)
    return block


@pytest.fixture
def world(db, alice, bob, charlie, project, territory):
    lot = Network.objects.order_by("pk").first()
    lot.departements.add(territory["departement"])
    b, b_territory = lot_et_garonne()
    org_b = Organisation.objects.create(name="Département de Lot-et-Garonne", kind=Organisation.Kind.DEPARTEMENT,
                                        network=b)
    dora = staff("dora", COORDINATOR_GROUP, b)
    eve = staff("eve", REFERENT_GROUP, b, org_b)
    team_b = Team.objects.create(name="Équipe Marmande", organisation=org_b)
    team_b.members.add(eve.referent)
    Absence.objects.create(referent=eve.referent, starts_on=datetime.date(2030, 1, 1),
                           ends_on=datetime.date(2030, 1, 2))
    contact_b = Contact.objects.create(first_name="Paulin", last_name="Garonnais", email="paulin@example.org",
                                       network=b)
    project_b = project_create(contact=contact_b, source=Source.WEBSITE, referent=eve.referent, network=b,
                               target_commune=b_territory["commune"])
    today = timezone.localdate()
    token_b, key_b = make_token(ApiToken.Kind.PARTNER, name="agen.fr", network=b)
    rows = SimpleNamespace(
        task=Task.objects.create(project=project_b, title="Rappeler Paulin", due_on=today, assignee=eve.referent,
                                 created_by=dora),
        interaction=Interaction.objects.create(project=project_b, kind=Interaction.Kind.NOTE, summary="Appel",
                                               by=dora),
        rule=RoutingRule.objects.create(name="Tout le 47", network=b, target_referent=eve.referent),
        decision=RoutingDecision.objects.create(project=project_b, kind=RoutingDecision.Kind.AUTOMATIC,
                                                referent=eve.referent, reason="test"),
        event=Event.objects.create(name="Salon d'Agen", place="Agen", starts_on=today, ends_on=today, network=b),
        kit=Kit.objects.create(project=project_b),
        partner=PartnerContact.objects.create(organisation="Mission locale d'Agen", network=b),
        block=_block_for(b),
        target=ReportTarget.objects.create(network=b, year=2030, installations=40),
        privacy=PrivacyRequest.objects.create(contact=contact_b),
        receipt=LeadReceipt.objects.create(token=token_b, project=project_b, created=True),
        outbox=OutboxEmail.objects.create(kind="test", cause="t", language="fr", message_id="<b@example.org>",
                                          project_id=project_b.pk, contact_id=contact_b.pk),
        change=DetailChange.objects.create(contact=contact_b, project=project_b, channel=DetailChange.Channel.UI),
        consent_text=(text_b := ConsentText.objects.create(network=b, version=1, purpose="p", retention="r",
                                                           body="b")),
        consent=Consent.objects.create(project=project_b, contact=contact_b, text=text_b, channel="form"),
        retention_month=RetentionMonth.objects.create(network=b, month=datetime.date(2030, 1, 1)),
        token=token_b,
        # Published, with a photo: shown under its own network's prefix, never under the Lot's.
        testimonial=story(network=b, shown_name="Hugo", photo=photo()),
        access=AccessLog.objects.create(user=eve, username="eve", kind=AccessLog.Kind.PROJECT_PAGE,
                                        project_id=project_b.pk, network=b, path=f"/equipe/projets/{project_b.pk}/"),
        employer=(employer_b := Employer.objects.create(
            network=b, organisation="Conserverie de Marmande", sector="agriculture", commune=b_territory["commune"],
            contact_name="Jean Garonne", contact_email="rh@conserverie.example.org", contact_consent_at=timezone.now())),
        need=(need_b := EmployerNeed.objects.create(employer=employer_b, rome_code="H2102", occupation="Conduite",
                                                    contract="CDD", commune=b_territory["commune"])),
        proposal=Proposal.objects.create(project=project_b, kind="employer_need", target_id=need_b.pk,
                                         proposed_by=eve),
        takeover=TakeoverBusiness.objects.create(
            network=b, activity="Conserverie artisanale", sector="agriculture", commune=b_territory["commune"],
            premises="sold", contact_organisation="CCI de Lot-et-Garonne", contact_name="Jean Garonne",
            contact_email="transmission@cci47.example.org", contact_consent_at=timezone.now()),
    )
    return SimpleNamespace(
        a=lot, b=b, b_territory=b_territory, alice=alice, bob=bob, charlie=charlie, dora=dora, eve=eve,
        org_b=org_b, team_b=team_b, contact_b=contact_b, project_a=project, project_b=project_b, key_b=key_b,
        b_rows=rows,
    )
