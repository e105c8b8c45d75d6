"""Every address the README names (a backticked path starting with "/")
answers, as the person it is written for: the public pages to an anonymous
visitor, /equipe/ to a referent or a coordinator, the regional page to the
regional role, the API's documentation as documented. Placeholders
(<network>, <id>, <signed link>...) are replaced by real objects: the
signed link of a tracking page is a tracking link, that of a kit a kit
link. An address added to the README without a way to reach it here
fails the first test: say here who reads it."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from crm.access import REGIONAL_GROUP
from crm.models import Network
from followup.links import survey_token
from followup.models import CheckIn
from jobs.models import Employer, EmployerNeed
from onboarding.services.retention import renewal_token
from onboarding.services.transfers import objection_token, transfer_propose
from onboarding.tracking_links import tracking_token
from welcome_kits.links import kit_download_token
from welcome_kits.models import Kit

README = Path(__file__).resolve().parents[2] / "README.md"

# Backticked paths that are not addresses of this site, or not meant to answer.
NOT_PAGES = {
    "/etc/accueil/env": "a file on the server",
}
# Named to say that nothing is served there.
NEVER_SERVED = {"/media/"}


def readme_paths():
    text = README.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"`(/[^`\s]*)`", text)))


# (pattern of a README path, who reads it). Checked in this order; the first match wins.
READERS = [
    (r"^/equipe/rapports/region/$", "regional"),
    (r"^/equipe/(demandes-rgpd|registre-des-traitements|orientation|transferts|suivi-apres-installation)/",
     "coordinator"),
    (r"^/equipe/", "referent"),
    (r"^/admin/", "coordinator"),
    (r"^/api/(docs|schema)/$", "anonymous"),  # the schema and its documentation are public (no key)
    (r"^/", "anonymous"),
]


def reader_of(path):
    return next(who for pattern, who in READERS if re.search(pattern, path))


@pytest.fixture
def world(db, alice, bob, project, territory):
    lot = Network.objects.order_by("pk").first()
    lot.slug = "lot"
    lot.save()
    other = Network.objects.create(slug="lot-et-garonne", name="Lot-et-Garonne", programme="Lot-et-Garonne",
                                   welcome_to="en Lot-et-Garonne", reply_to="accueil@lg.example")
    project.refresh_from_db()
    regional = User.objects.create_user("region", password="password")
    regional.groups.add(Group.objects.get(name=REGIONAL_GROUP))
    name = default_storage.save(f"kits/{project.public_id}/readme.pdf", ContentFile(b"%PDF-1.7 readme"))
    kit = Kit.objects.create(project=project, status=Kit.Status.DONE, version=1, file=name, size=15)
    transfer = transfer_propose(project=project, user=alice, to_network=other, reason="Part vivre à Agen")
    tracking = tracking_token(project)
    today = timezone.localdate()
    check_in = CheckIn.objects.create(project=project, months=6, installed_on=today, due_on=today,
                                      expires_on=today + datetime.timedelta(days=60), status="sent",
                                      sent_at=timezone.now())
    employer = Employer.objects.create(
        network=lot, organisation="Boulangerie du Pont", sector="commerce", commune=territory["commune"],
        contact_name="Paul Pain", contact_email="rh@boulangerie.example.org", contact_consent_at=timezone.now())
    need = EmployerNeed.objects.create(employer=employer, rome_code="D1102", occupation="Boulanger",
                                       contract="CDI", commune=territory["commune"])
    return {
        "ids": {"besoins": need.pk},
        "users": {"coordinator": alice, "referent": bob, "regional": regional, "anonymous": None},
        "tokens": {
            "suivi": tracking,
            "conserver": renewal_token(project, project.contact.last_person_contact_at or timezone.now()),
            "kit-de-bienvenue": kit_download_token(kit),
            "transfert": objection_token(transfer),
            "suivi-installation": survey_token(check_in),
        },
        "project": project,
    }


PLACEHOLDER = re.compile(r"<[^>]+>")


def concrete(path, world):
    """The README's path with real objects in place of its placeholders."""
    path = path.replace("…", "")  # "/lot/…": the network's pages, from its home
    path = re.sub(r"^/<(network|slug)>/", "/lot/", path)
    # An id stands for the object its segment names (a need under besoins/), else the project.
    path = re.sub(r"([^/]+)/<(id|pk)>", lambda m: f"{m.group(1)}/{world['ids'].get(m.group(1), world['project'].pk)}",
                  path)

    def token(match):
        # Which link a placeholder stands for is told by the segment before it.
        before = path[:match.start()].rstrip("/").rsplit("/", 1)[-1]
        return world["tokens"][before]

    path = PLACEHOLDER.sub(token, path)
    assert "<" not in path, path
    return path


def test_the_readme_names_the_routing_rules_page_where_it_is():
    assert "/equipe/orientation/regles/" in readme_paths()
    assert "/equipe/orientation/" not in readme_paths()


@pytest.mark.parametrize("path", [p for p in readme_paths() if p not in NOT_PAGES])
def test_every_address_in_the_readme_answers_its_reader(client, world, path):
    user = world["users"][reader_of(path)]
    if user is not None:
        client.force_login(user)
    response = client.get(concrete(path, world))
    expected = 404 if path in NEVER_SERVED else 200
    assert response.status_code == expected, (path, concrete(path, world), reader_of(path))
