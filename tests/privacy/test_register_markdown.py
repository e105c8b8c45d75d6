"""The repository's copy of the register (docs/registre-des-traitements.md)
is generated from privacy/register.py and kept in step, as the journey's
diagram is in the README."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from privacy.register import DEFAULTS, MARKDOWN_PATH, _settings_value, register_markdown

ROOT = Path(__file__).resolve().parents[2]


def test_the_markdown_copy_is_in_step_with_the_register():
    current = (ROOT / MARKDOWN_PATH).read_text(encoding="utf-8")
    assert current == register_markdown() + "\n", (
        f"{MARKDOWN_PATH} is stale: run `python manage.py privacy_register --write`."
    )


def test_the_markdown_copy_leaves_the_networks_controller_and_dpo_to_fill(db):
    text = register_markdown()
    assert "[responsable de traitement : à compléter par le réseau]" in text
    assert "[délégué à la protection des données : à compléter par le réseau]" in text
    assert "Aucun transfert de données hors de l'Union européenne." in text


def test_the_markdown_copy_names_the_settings_it_quotes():
    text = register_markdown()
    assert f"{DEFAULTS['PERSONAL_DATA_RETENTION_YEARS']} ans (réglage `PERSONAL_DATA_RETENTION_YEARS`)" in text
    assert f"{DEFAULTS['OUTBOX_RETENTION_DAYS']} jours (réglage `OUTBOX_RETENTION_DAYS`)" in text


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_the_copys_defaults_are_the_settings_defaults(name):
    # The test settings leave these at their defaults (config/settings/base.py):
    # a default changed there must change here, and the copy be written again.
    assert _settings_value(name) == DEFAULTS[name], (
        f"{name}'s default changed: set it in privacy.register.DEFAULTS, then run "
        "`python manage.py privacy_register --write`."
    )


def test_check_fails_on_a_stale_copy_and_passes_once_written(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="privacy_register --write"):
        call_command("privacy_register", "--check")
    (tmp_path / "docs").mkdir()
    (tmp_path / MARKDOWN_PATH).write_text("# Registre ancien\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("privacy_register", "--check")
    call_command("privacy_register", "--write")
    call_command("privacy_register", "--check")
    assert (tmp_path / MARKDOWN_PATH).read_text(encoding="utf-8") == register_markdown() + "\n"
