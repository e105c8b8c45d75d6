"""The staff's commune pickers name each commune with its département
("Cambes (46)" and "Cambes (47)", not "Cambes" twice) and take either the
<select>'s choice (without JavaScript) or the text of the suggestions (the
public form's component, with it), read as the public form reads it."""

import pytest
from django.urls import reverse

from crm.models import Commune, Departement, Epci
from crm.widgets import CommuneChoiceField
from onboarding.models import DetailChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def cambes(territory):
    lot = territory["departement"]
    lg = Departement.objects.create(code="47", name="Lot-et-Garonne")
    duras = Epci.objects.create(siren="244701447", name="CC du Pays de Duras", nature="CC", departement=lg)
    return {
        "46": Commune.objects.create(insee="46044", name="Cambes", departement=lot, epci=territory["epci"]),
        "47": Commune.objects.create(insee="47045", name="Cambes", departement=lg, epci=duras),
    }


def _edit(client, project, commune):
    return client.post(reverse("project_edit", kwargs={"pk": project.pk}), {
        "contact-first_name": "Camille", "contact-last_name": "Roux", "contact-email": "camille.roux@example.org",
        "project-horizon": "lt6m", "project-target_commune": commune, "project-keep_referent": "on",
    })


def test_the_edit_page_names_each_commune_with_its_departement(client, bob, project, cambes):
    client.force_login(bob)
    content = client.get(reverse("project_edit", kwargs={"pk": project.pk})).content.decode()
    assert f'<option value="{cambes["46"].pk}">Cambes (46)</option>' in content
    assert f'<option value="{cambes["47"].pk}">Cambes (47)</option>' in content
    assert "data-commune-picker" in content


@pytest.mark.parametrize(("given", "expected"), [
    ("pk-46", "46"),           # the <select>, without JavaScript
    ("Cambes (46)", "46"),     # the suggestion's text
    ("cambes (47)", "47"),     # typed: case and accents do not matter, as on the public form
    ("Figeac", "figeac"),      # a name nobody else has needs no département
    ("", None),                # left empty: no commune
], ids=["select", "suggestion", "typed", "unique-name", "empty"])
def test_the_edit_form_takes_the_choice_or_the_text(client, bob, project, cambes, territory, given, expected):
    client.force_login(bob)
    if given == "pk-46":
        given = str(cambes["46"].pk)
    assert _edit(client, project, given).status_code == 302
    project.refresh_from_db()
    wanted = {"46": cambes["46"], "47": cambes["47"], "figeac": territory["commune"], None: None}[expected]
    assert project.target_commune == wanted


@pytest.mark.parametrize(("typed", "message"), [
    ("Cambes", "Plusieurs communes s&#x27;appellent ainsi"),
    ("Camberra", "Nous ne trouvons pas « Camberra »"),
    ("999999", "Sélectionnez un choix valide"),
], ids=["ambiguous", "unknown", "no-such-id"])
def test_a_commune_that_cannot_be_told_is_refused_and_shown_back(client, bob, project, cambes, typed, message):
    client.force_login(bob)
    response = _edit(client, project, typed)
    assert response.status_code == 200
    content = response.content.decode()
    assert message in content
    project.refresh_from_db()
    assert project.target_commune is None
    if not typed.isdigit():
        assert f'data-typed="{typed}"' in content  # for the script to put it back in the text field


def test_the_text_of_the_commune_already_chosen_is_no_change(client, bob, project, cambes):
    client.force_login(bob)
    _edit(client, project, str(cambes["47"].pk))
    changes = DetailChange.objects.count()
    _edit(client, project, "Cambes (47)")
    assert DetailChange.objects.count() == changes


def test_the_field_keeps_to_its_queryset(cambes):
    field = CommuneChoiceField(queryset=Commune.objects.filter(departement__code="46"), required=False)
    assert field.clean("Cambes (46)") == cambes["46"]
    with pytest.raises(Exception, match="choix valide"):
        field.clean("Cambes (47)")


def test_the_routing_preview_and_the_transition_forms_use_the_same_picker(client, alice, project, cambes):
    client.force_login(alice)
    for url in (reverse("routing_preview"), reverse("project_transition", args=[project.pk, "confirm_move"])):
        content = client.get(url).content.decode()
        assert "data-commune-picker" in content, url
        assert "Cambes (47)</option>" in content, url
