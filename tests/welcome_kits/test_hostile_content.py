"""Hostile text anywhere in a kit neither reaches the network nor the file
system, nor stops the rendering. The hostile kit is rendered once for the
module; each test reads one thing of that rendering."""

import builtins
import socket

import pytest
from django.contrib.auth.models import Group, User

from crm.access import REFERENT_GROUP
from crm.models import Commune, Need, Network, Organisation, Referent, Segment
from demo.kit_content import kit_content_seed
from tests.conftest import join_network
from tests.module_rows import kept_for_the_module
from welcome_kits import rendering
from welcome_kits.fetcher import StaticOnlyFetcher
from welcome_kits.models import ContentBlock, KitSection, PartnerContact, ServicePoint

from .helpers import create_places, new_project, pdf_pages, pdf_text

pytestmark = pytest.mark.django_db

LONG_WORD = "Anticonstitutionnellement" * 120  # 3,000 letters, no break opportunity
MARKDOWN_ATTACK = f"""\
Texte **normal** avant.

<img src="http://127.0.0.1:9/pixel.png"> ![image](http://127.0.0.1:9/md.png)
<link rel="stylesheet" href="file:///etc/passwd">
<script>document.write('scripted')</script>
<style>@import url(http://127.0.0.1:9/a.css); body {{ background: url(file:///etc/passwd) }}</style>
<div style="background: url(http://127.0.0.1:9/b.png)">bloc stylé</div>
<iframe src="file:///etc/passwd"></iframe><object data="http://127.0.0.1:9/o"></object>
<svg><image href="http://127.0.0.1:9/i.png"/></svg>
[lien piégé](javascript:alert(1)) [fichier](file:///etc/passwd) <a href="http://127.0.0.1:9/">site</a>

{LONG_WORD}
"""
TAG = '<img src="http://127.0.0.1:9/">'
CSS_URL = "x{background:url(http://127.0.0.1:9/c)}"


class RecordingFetcher(StaticOnlyFetcher):
    asked = []

    def fetch(self, url, headers=None):
        RecordingFetcher.asked.append(url)
        return super().fetch(url, headers)


def _refuse_network(monkeypatch):
    """Every attempt to open a socket is recorded and fails (WeasyPrint swallows
    fetch errors, so the record is what the test checks)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("the kit renderer tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


def _record_opened_paths(monkeypatch):
    paths = []
    real_open = builtins.open

    def spy(file, *args, **kwargs):
        paths.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    return paths


def _record_fetches(monkeypatch):
    RecordingFetcher.asked = []
    monkeypatch.setattr(rendering, "StaticOnlyFetcher", RecordingFetcher)
    return RecordingFetcher.asked


@pytest.fixture
def no_network(monkeypatch):
    return _refuse_network(monkeypatch)


@pytest.fixture
def opened_paths(monkeypatch):
    return _record_opened_paths(monkeypatch)


@pytest.fixture(scope="module")
def hostile_project(django_db_setup, django_db_blocker):
    """Hostile text in every field a kit prints, made once for the module (in
    a transaction rolled back after its last test; each test's own changes
    are rolled back after it)."""
    with django_db_blocker.unblock(), kept_for_the_module():
        figeac = create_places()["commune"]
        kit_content_seed()
        # Bob as the root conftest makes him: a referent of the instance's network.
        bob = User.objects.create_user(username="bob", password="password", first_name="Bob", last_name="Durand",
                                       email="bob@example.org")
        bob.groups.add(Group.objects.get(name=REFERENT_GROUP))
        join_network(bob)
        organisation = Organisation.objects.create(name="Département du Lot", kind=Organisation.Kind.DEPARTEMENT)
        Referent.objects.create(user=bob, organisation=organisation, capacity=30)

        Commune.objects.filter(pk=figeac.pk).update(name=f"Figeac {TAG}")
        Segment.objects.filter(code="famille").update(name=f"Famille {TAG}")
        Need.objects.filter(code="garde-ecole").update(name=f"École {CSS_URL}")
        section = KitSection.objects.create(title=f"Section {TAG} {LONG_WORD[:100]}", position=1)
        ContentBlock.objects.create(section=section, title=f"Bloc {TAG}", body=MARKDOWN_ATTACK)
        PartnerContact.objects.create(
            organisation=f"Partenaire {TAG}", contact_name="file:///etc/passwd",
            description=f"{CSS_URL} {LONG_WORD[:250]}",
            phone="<script>x</script>", email="evil@example.org", website="http://127.0.0.1:9/",
        ).needs.set(Need.objects.filter(code="garde-ecole"))
        ServicePoint.objects.create(
            category=ServicePoint.Category.SCHOOL, name=f"École {TAG}", address=LONG_WORD[:300], commune=figeac,
            latitude=44.61, longitude=2.03, phone="<b>05</b>", website="http://127.0.0.1:9/school",
        )
        # Validators keep this out of the admin; an update() goes around them.
        Network.objects.filter(departements__code="46").update(
            programme=f"Oh my {TAG}", tagline=f"<style>{CSS_URL}</style>",
            primary_colour="x}*{a:b", accent_colour="</style",
        )
        referent = bob.referent
        referent.title = f"Référent {TAG}"
        referent.phone = "<script>"
        referent.save()
        bob.last_name = "</p><img src=x>"
        bob.save()
        yield new_project(
            bob.referent, figeac, "famille", ["garde-ecole"], first_name='<img src="file:///etc/passwd">',
            last_name="<script>alert('x')</script>", children_ages=[2, "<b>", None],
        )


@pytest.fixture(scope="module")
def hostile_render(hostile_project, django_db_blocker):
    """The hostile kit rendered once for the module (WeasyPrint takes seconds),
    with what the rendering tried on the way: sockets, files, fetches."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as monkeypatch:
        network_attempts = _refuse_network(monkeypatch)
        opened = _record_opened_paths(monkeypatch)
        asked = _record_fetches(monkeypatch)
        data = rendering.kit_render_pdf(hostile_project)
    return {"data": data, "text": pdf_text(data), "network_attempts": network_attempts, "opened_paths": opened,
            "fetched": asked}


def test_it_still_renders_a_kit(hostile_render):
    assert hostile_render["data"].startswith(b"%PDF")
    assert "Vos démarches pour le déménagement" in hostile_render["text"]
    assert pdf_pages(hostile_render["data"]) < 40


def test_it_opens_no_network_connection(hostile_render):
    assert hostile_render["network_attempts"] == []


def test_the_renderer_asks_for_nothing_but_the_kits_stylesheet(hostile_render):
    assert hostile_render["fetched"] == ["kit-static:pdf/kit.css"]


def test_it_reads_no_file_outside_the_static_files(hostile_render):
    assert hostile_render["opened_paths"]  # the spy did see the rendering's files
    assert not [p for p in hostile_render["opened_paths"] if "passwd" in p]
    assert "root:x:0:0" not in hostile_render["text"]


def test_names_and_plain_fields_are_printed_as_text(hostile_render):
    text = hostile_render["text"]
    assert "<img src=\"file:///etc/passwd\"> <script>alert('x')</script>" in text
    assert f"Partenaire {TAG}" in text
    assert "</p><img src=x>" in text


def test_markdown_keeps_its_formatting_and_loses_its_html(hostile_render):
    text = hostile_render["text"]
    assert "Texte normal avant." in text
    assert "lien piégé" in text
    assert "scripted" not in text  # <script> and its content are dropped
    assert "@import" not in text.split("Bloc")[1].split("Vos démarches")[0]


def test_a_bad_colour_falls_back_to_the_default(hostile_project):
    html = rendering.kit_render_html(hostile_project)
    style = html.split("<style>")[1].split("</style>")[0]
    assert "x}*{a:b" not in style and "</style" not in style
    assert rendering.DEFAULT_BRANDING.primary in style
    assert rendering.DEFAULT_BRANDING.accent in style


def test_the_fetcher_stops_what_sanitising_would_have_missed(no_network, opened_paths):
    """Straight to WeasyPrint, without the template's escaping: the fetcher is
    the last line, and it holds."""
    fetcher = StaticOnlyFetcher()
    html = (
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<style>@import url(http://127.0.0.1:9/a.css); @font-face { font-family: x; src: url(http://127.0.0.1:9/f.ttf) }'
        ' p { background: url(file:///etc/passwd); font-family: x }</style>'
        '<p>ok</p><img src="http://127.0.0.1:9/"><img src="https://127.0.0.1:9/">'
        '<img src="/etc/passwd"><object data="file:///etc/passwd"></object>'
        f'<img src="data:image/png;base64,{"A" * 80000}">'
    )
    data = rendering.html_to_pdf(html, fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert no_network == []
    assert not [p for p in opened_paths if "passwd" in p]
    refused = " ".join(fetcher.refused)
    for url in ("http://127.0.0.1:9/a.css", "http://127.0.0.1:9/f.ttf", "file:///etc/passwd",
                "http://127.0.0.1:9/", "https://127.0.0.1:9/", "data:image/png"):
        assert url in refused
