"""A prospect who reads English gets their kit in English: the fixed parts
through the catalogue, the coordinators' blocks through their English text;
a block nobody translated yet stays French, marked so, and the kit says it
once, politely."""

import pytest

from tests.tagged_pdf import assert_tagged
from welcome_kits.rendering import html_to_pdf, kit_render_html

from .helpers import pdf_text

pytestmark = pytest.mark.django_db

NOTE = "Some parts of this kit are not translated yet"


def test_the_kit_of_a_prospect_reading_english_is_in_english(kit_content, make_project):
    # Renting is translated in the demo content, buying is not (demo.kit_content.BLOCKS_EN).
    project = make_project(kit_content["commune"], "famille", ["logement-location", "logement-achat"],
                           children_ages=[7])
    project.contact.language = "en"
    project.contact.save()

    html = kit_render_html(project)
    assert '<html lang="en">' in html
    assert html.count(NOTE) == 1
    assert '<article class="block" lang="fr">' in html  # the untranslated block says its language

    pdf = html_to_pdf(html)
    assert_tagged(pdf, title="Welcome kit – Lot", lang="en")  # the PDF says its language to screen readers
    text = pdf_text(pdf)
    for english in ("Your welcome kit in the Lot", "Settling in Figeac", "Contents", "Finding a home", "Renting: good habits",
                    "A home to buy", "Your moving checklist", "The Lot in a few words"):
        assert english in text, english
    assert "Acheter ou faire construire" in text  # the French block, kept rather than left out
    assert "Votre kit de bienvenue" not in text


def test_the_kit_of_a_french_prospect_says_nothing_about_translations(kit_content, make_project):
    project = make_project(kit_content["commune"], "famille", ["logement-achat"])
    html = kit_render_html(project)
    assert '<html lang="fr">' in html and NOTE not in html and ' lang="fr"><h2>' not in html
    assert "Acheter ou faire construire" in html and "Trouver un logement" in html
