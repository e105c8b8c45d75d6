"""Bad input: a clear French message on the field, and nothing saved."""

import re

import pytest

from crm.models import Commune, Contact, Departement
from onboarding.models import Project
from tests.intake.fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def assert_nothing_saved():
    assert not Contact.objects.exists()
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        # Django says "courriel", DRF's catalogue (when installed) "e-mail".
        ({"email": "camille.roux@"}, "email", "Saisissez une adresse"),
        ({"email": ""}, "email", "Ce champ est obligatoire."),
        ({"phone": "12345"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"phone": "+33 0 6 12"}, "phone", "Ce numéro de téléphone n'est pas valide."),
        ({"target_commune": "Paris"}, "target_commune", "Nous ne trouvons pas « Paris » parmi les communes"),
        ({"target_commune": ""}, "target_commune", "Indiquez la commune"),
        ({"territory_choice": "epci", "target_commune": ""}, "target_epci", "Choisissez le secteur"),
        ({"message": "x" * 5001}, "message", "au plus 5000 caractères (actuellement 5001)"),
        ({"first_name": "x" * 101}, "first_name", "au plus 100 caractères"),
        ({"summary": "x" * 301}, "summary", "au plus 300 caractères"),
        ({"children_ages": "quatre"}, "children_ages", "Indiquez seulement des âges en années"),
        ({"children_ages": "4, 40"}, "children_ages", "entre 0 et 25 ans"),
        ({"consent": None}, "consent", "Votre accord est nécessaire"),
        ({"last_name": ""}, "last_name", "Ce champ est obligatoire."),
    ],
)
def test_bad_input_gets_a_french_message_on_its_field(submit, territory, overrides, field, message):
    response = submit(**overrides)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    html = response.content.decode()
    # The field is marked invalid and points at its message; the summary links to it.
    auto_id = response.context["form"][field].auto_id
    assert re.search(rf'aria-describedby="[^"]*{auto_id}_error"', html)
    assert f'id="{auto_id}_error"' in html
    assert 'role="alert"' in html and 'id="error-summary"' in html
    assert_nothing_saved()


def test_a_name_two_communes_share_needs_its_departement(submit, territory):
    lot_et_garonne = Departement.objects.create(code="47", name="Lot-et-Garonne")
    Commune.objects.create(insee="46999", name="Cambes", departement=territory["departement"], epci=territory["epci"])
    other = Commune.objects.create(insee="47999", name="Cambes", departement=lot_et_garonne, epci=territory["epci"])
    response = submit(target_commune="cambes")
    assert "précisez le département" in " ".join(response.context["form"].errors["target_commune"])
    assert_nothing_saved()
    assert submit(target_commune="Cambes (47)").status_code == 302
    assert Project.objects.get().target_commune == other


def test_the_answers_are_kept_when_the_form_comes_back(submit, territory):
    response = submit(target_commune="Pariss", message="Une maison <b>avec</b> jardin")
    html = response.content.decode()
    assert 'value="Pariss"' in html
    # Text comes back as typed, escaped.
    assert "Une maison &lt;b&gt;avec&lt;/b&gt; jardin" in html
    assert "<b>avec</b>" not in html


def test_text_is_stored_as_typed(submit, territory):
    typed = "<script>alert('x')</script> & « guillemets »"
    submit(message=typed, first_name="Zoé <i>")
    assert Project.objects.get().message == typed
    assert Contact.objects.get().first_name == "Zoé <i>"
