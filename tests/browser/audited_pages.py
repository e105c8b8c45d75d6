"""The pages the déclaration d'accessibilité names (intake/accessibility.py),
as addresses in a browser test's world: two programmes (so that the site
root lists them), a project with its tracking link and a proposed transfer
with its objection link. `audited_paths` fails on a page it cannot reach,
so a page added to the declaration must be added here too."""

import pytest
from django.urls import reverse

from crm.models import Network
from intake.accessibility import AUDITED_PAGES
from onboarding.services.transfers import objection_token, transfer_propose
from onboarding.tracking_links import tracking_path

__all__ = ["audited_world"]  # `from tests.browser.audited_pages import *` brings the fixture


@pytest.fixture
def audited_world(world):
    """The browser `world` (coordinator "coord", a contacted project), a
    second programme and a transfer of the project proposed to it."""
    project = world["project"]
    other = Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne",
                                   programme="Lot-et-Garonne Attractivité", welcome_to="en Lot-et-Garonne",
                                   reply_to="accueil@lg.example")
    transfer = transfer_propose(project=project, user=world["user"], to_network=other, reason="Part vivre à Agen")
    slug = project.network.slug
    by_network = {name: reverse(name, args=[slug]) for name in (
        "network_home", "intake_form", "intake_thanks", "privacy_notice", "tracking_resend", "tracking_resend_sent",
    )}
    paths = {
        "home": reverse("home"),
        **by_network,
        "tracking": tracking_path(project),
        "data_export": tracking_path(project) + "mes-donnees/",
        "transfer_objection": reverse("transfer_objection", args=[objection_token(transfer)]),
        "accessibility": reverse("accessibility"),
        "login": reverse("login"),
        "staff_home": reverse("staff_home"),
        "project_index": reverse("project_index"),
        "project_detail": reverse("project_detail", args=[project.pk]),
        "report": reverse("report"),
        "privacy_register": reverse("privacy_register"),
        "privacy_requests": reverse("privacy_requests"),
    }
    return {**world, "paths": paths, "other_network": other}


def audited_paths(world, pages=AUDITED_PAGES):
    """[(page, path)] for the declared pages, in the declaration's order."""
    return [(page, world["paths"][page.url_name]) for page in pages]
