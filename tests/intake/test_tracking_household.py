"""The tracking page tells the person what they told us, their household
included (partner, partner's occupation and job search, children's ages),
and, once the move is set, where and when; once installed, where and since
when."""

import datetime
import html

import pytest

from crm.models import Contact
from onboarding.models import Project
from onboarding.tracking_links import tracking_path
from tests.intake.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _said(client, project):
    content = html.unescape(client.get(tracking_path(project)).content.decode())
    start = content.index('id="project-title"')
    return " ".join(content[start:content.index("</section>", start)].split())


@pytest.mark.parametrize(("household", "shown", "not_shown"), [
    ({}, ["Votre foyer", "Pas de conjoint(e) indiqué(e)", "Pas d'enfant indiqué"], ["En couple"]),
    ({"has_partner": True}, ["En couple", "Pas d'enfant indiqué"], ["Profession de votre conjoint", "cherche"]),
    ({"has_partner": True, "partner_occupation": "Infirmière", "partner_seeks_job": True},
     ["En couple", "Profession de votre conjoint(e) : Infirmière", "Votre conjoint(e) cherche un emploi"], []),
    ({"children_ages": [9]}, ["Un enfant : 9 ans"], ["Pas d'enfant"]),
    ({"children_ages": [0, 1, 4]}, ["3 enfants : moins d'un an, 1 an, 4 ans"], []),
], ids=["alone", "couple", "couple-working-partner", "one-child", "three-children"])
def test_the_page_shows_the_household(client, project, contact, household, shown, not_shown):
    Contact.objects.filter(pk=contact.pk).update(**household)
    said = _said(client, project)
    for text in shown:
        assert text in said, text
    for text in not_shown:
        assert text not in said, text


def test_a_settling_project_shows_the_commune_and_the_date(client, project, territory):
    move = datetime.date(2031, 7, 14)
    Project.objects.filter(pk=project.pk).update(state="settling", move_date=move,
                                                 target_commune=territory["commune"])
    content = " ".join(html.unescape(client.get(tracking_path(project)).content.decode()).split())
    assert "Votre arrivée à Figeac est prévue le lundi 14 juillet 2031." in content
    assert 'Date d\'arrivée prévue</dt> <dd class="col-sm-8">14 juillet 2031</dd>' in content


def test_an_installed_project_shows_where_and_since_when(client, project, territory):
    Project.objects.filter(pk=project.pk).update(state="installed", installed_on=datetime.date(2025, 3, 1),
                                                 installed_commune=territory["commune"])
    content = client.get(tracking_path(project)).content.decode()
    assert "Installé(e) à Figeac depuis le 1 mars 2025." in content


def test_without_a_date_nothing_is_made_up(client, project):
    content = html.unescape(client.get(tracking_path(project)).content.decode())
    assert "Date d'arrivée prévue" not in content
    assert "est prévue le" not in content
