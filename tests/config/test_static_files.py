"""Static files as production collects them. The manifest storage rewrites
every url() and sourceMappingURL to the hashed copy and refuses a reference
to a file that is not there; after such a failure every page answers 500.
Django's ManifestStaticFilesStorage does the same post-processing as
production's whitenoise storage, minus the (slow) compression, which
scripts/smoke_production.py runs for real."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    # override_settings rebuilds the static files storage (Django's setting_changed receiver).
    with override_settings(STORAGES=MANIFEST_STORAGES, STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root, json.loads((root / "staticfiles.json").read_text())["paths"]


def test_it_collects_every_static_file_with_a_manifest(collected):
    root, manifest = collected
    for name in ("vendor/bootstrap/bootstrap.bundle.min.js", "vendor/bootstrap/bootstrap.min.css", "css/app.css",
                 "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css"):
        assert (root / manifest[name]).exists()


def test_a_vendored_script_points_at_its_collected_source_map(collected):
    root, manifest = collected
    script = (root / manifest["vendor/bootstrap/bootstrap.bundle.min.js"]).read_text()
    hashed_map = manifest["vendor/bootstrap/bootstrap.bundle.min.js.map"].rsplit("/", 1)[1]
    assert script.rstrip().endswith(f"sourceMappingURL={hashed_map}")
    assert (root / "vendor/bootstrap" / hashed_map).exists()


@pytest.mark.django_db
def test_the_web_manifest_names_its_icons_by_their_collected_addresses(collected, client):
    # Production keeps only the hashed copies: an icon named by its plain name would be a 404.
    root, manifest = collected
    with override_settings(STORAGES=MANIFEST_STORAGES, STATIC_ROOT=root):
        icons = client.get("/manifest.webmanifest").json()["icons"]
    assert len(icons) == 4
    for icon in icons:
        name = icon["src"].removeprefix("/static/")
        assert name in manifest.values(), name
        assert (root / name).exists()
