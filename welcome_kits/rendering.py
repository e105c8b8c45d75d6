"""A project's kit as HTML, then as PDF: pure functions, no storage, no writes.

`kit_render_html` is deterministic for a given state of the database (no
timestamps), so its checksum tells whether the content changed since the
last kit; `kit_render_pdf` is what the task and the tests call.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from crm.languages import active_language, contact_language, translated_field, translation_of
from crm.pdf import pdf_write
from onboarding.extensions import sections_for
from onboarding.location import project_commune
from welcome_kits.checklist import checklist_for
from welcome_kits.fetcher import StaticOnlyFetcher
from welcome_kits.kit_map import number_points, surroundings_svg
from welcome_kits.selectors import (
    kit_profile,
    kit_sections_for,
    partners_for,
    services_near,
)
from welcome_kits.text import markdown_to_safe_html

TEMPLATE = "welcome_kits/kit_pdf.html"
SAFE_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Branding:
    programme: str
    welcome_to: str
    tagline: str
    primary: str
    accent: str
    territory: str


DEFAULT_BRANDING = Branding(
    programme="Accueil des nouveaux arrivants", welcome_to="", tagline="", primary="#28536b", accent="#f2a541", territory=""
)


def _branding(departement, network):
    """The cover: the project's network's programme, wording and colours."""
    territory = departement.name if departement else ""
    stored = network
    if stored is None:
        return Branding(**{**DEFAULT_BRANDING.__dict__, "territory": territory})

    def colour(value, fallback):
        # Colours go into a <style> block, where HTML escaping protects nothing.
        return value if SAFE_COLOUR.match(value or "") else fallback

    # The wording in the kit's language; none written: the cover's own words.
    return Branding(
        programme=stored.programme,
        welcome_to=translation_of(stored, "welcome_to"),
        tagline=translation_of(stored, "tagline"),
        primary=colour(stored.primary_colour, DEFAULT_BRANDING.primary),
        accent=colour(stored.accent_colour, DEFAULT_BRANDING.accent),
        territory=territory,
    )


def _household_name(contact):
    if contact.has_partner or contact.children_ages:
        return _("%(name)s et sa famille") % {"name": contact.full_name}
    return contact.full_name


def kit_context(project):
    contact = project.contact
    commune = project_commune(project)  # where the project is: onboarding.location
    profile = kit_profile(project)
    departement = project.departement
    needs = list(project.needs.order_by("position", "name"))
    services = services_near(commune)
    numbered = number_points(services)  # the map's numbers are the list's
    sections = kit_sections_for(project, services)
    # The coordinators' text in the kit's language (crm.languages); a block
    # without its translation is printed in French, marked lang="fr", and the
    # kit says once that some parts are in French (`french_parts`).
    foreign = active_language() != settings.LANGUAGE_CODE
    for chosen in sections:
        for block in chosen.blocks:
            block.in_french = foreign and not translation_of(block, "body")
            block.html = markdown_to_safe_html(translated_field(block, "body"))
    referent = project.referent
    return {
        "project": project,
        "contact": contact,
        "household_name": _household_name(contact),
        "children_count": len(profile.children_ages),
        "profile": profile,
        "commune": commune,
        "departement": departement,
        "branding": _branding(departement, project.network),
        "segment": project.segment,
        "needs": needs,
        "referent": referent,
        "referent_user": referent.user if referent else None,
        "sections": sections,
        "french_parts": any(block.in_french for chosen in sections for block in chosen.blocks),
        "services": services,
        "services_map": surroundings_svg(commune, numbered) if numbered else "",
        "partners": partners_for(profile, needs, commune),
        "checklist": checklist_for(profile),
        # What the apps built on onboarding add to the kit (onboarding.extensions).
        "app_sections": sections_for("welcome_kit", project),
    }


def kit_facts(context):
    """What a kit shows that staff may edit under it, as ids: stored on each
    done kit, to tell what a refreshed version changed and which kits an
    edit concerns (welcome_kits.concerned)."""
    project, referent, profile = context["project"], context["referent"], context["profile"]
    return {
        "referent": project.referent_id,
        "departement": profile.departement_id,
        "epci": profile.epci_id,
        "commune": profile.commune_id,
        "network": project.network_id,
        "segment": project.segment_id,
        "needs": sorted(need.pk for need in context["needs"]),
        "organisation": referent.organisation_id if referent else None,
        "sections": sorted(chosen.section.pk for chosen in context["sections"]),
        "blocks": sorted(block.pk for chosen in context["sections"] for block in chosen.blocks),
        "services": sorted(point.pk for _value, _label, points in context["services"] for point in points),
        "partners": sorted({partner.pk for _need, partners in context["partners"] for partner in partners}),
    }


def kit_render(project):
    """(the kit's HTML, its facts), from one reading of the database."""
    # In the person's language (crm.languages): the fixed parts through the
    # catalogues, the coordinators' text through its translations.
    with translation.override(contact_language(project.contact)):
        context = kit_context(project)
        return render_to_string(TEMPLATE, context), kit_facts(context)


def kit_render_html(project):
    return kit_render(project)[0]


def html_to_pdf(html, *, fetcher=None):
    """A tagged PDF (crm.pdf.pdf_write) with the static-only fetcher and no
    base URL: a relative URL in user text resolves to nothing instead of to a
    path on this machine."""
    return pdf_write(html, fetcher=fetcher or StaticOnlyFetcher())


def kit_render_pdf(project):
    """The PDF bytes of the project's kit, as it would be generated now."""
    return html_to_pdf(kit_render_html(project))
