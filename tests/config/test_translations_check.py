"""The translations check (scripts/check_translations.py, run by
scripts/test.sh): a public string without translation or marked fuzzy fails
it, a staff string does not; the committed catalogue is compiled."""

import gettext
import importlib.util
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_translations.py"
_spec = importlib.util.spec_from_file_location("check_translations", SCRIPT)
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
CATALOGUE = HEADER + """
#: intake/templates/intake/intake_thanks.html
msgid "Merci"
msgstr "Thank you"

#: intake/templates/intake/intake_thanks.html
msgid "Un nouveau texte"
msgstr ""

#: intake/forms.py
#, fuzzy, python-format
#| msgid "Bonjour %(name)s"
msgid "Bonjour %(name)s !"
msgstr "Hello %(name)s"

#: workspace/templates/workspace/dashboard.html
msgid "Mes projets"
msgstr ""

#: welcome_kits/models.py
msgid "Pharmacie"
msgstr "Pharmacy"

#: intake/templates/intake/tracking.html
msgid "Un enfant :"
msgid_plural "%(counter)s enfants :"
msgstr[0] "One child:"
msgstr[1] ""
"""


def test_a_public_string_untranslated_or_fuzzy_fails_the_check_and_a_staff_one_does_not(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(CATALOGUE, encoding="utf-8")
    found = [(kind, msgid) for kind, msgid, refs in check.problems(po) if check._is_public(refs)]
    assert found == [("untranslated", "Un nouveau texte"), ("fuzzy", "Bonjour %(name)s !"),
                     ("untranslated", "Un enfant :")]


def test_the_catalogue_keeps_public_strings_and_translated_ones_only():
    kept = check._public_catalogue(CATALOGUE)
    assert '"Mes projets"' not in kept  # staff, untranslated: not the public side's
    for msgid in ('"Un nouveau texte"', '"Pharmacy"', '"Bonjour %(name)s !"'):
        assert msgid in kept


def test_a_glob_stays_within_its_folder():
    assert check._matches("intake/templates/intake/tracking.html", "intake/templates/intake/*.html")
    assert not check._matches("intake/templates/intake/fair/capture.html", "intake/templates/intake/*.html")


def test_the_committed_catalogues_are_complete_and_compiled():
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        po = Path(settings.BASE_DIR) / "locale" / code / "LC_MESSAGES" / "django.po"
        assert [(kind, msgid) for kind, msgid, refs in check.problems(po) if check._is_public(refs)] == []
        with open(po.with_suffix(".mo"), "rb") as mo:
            compiled = gettext.GNUTranslations(mo)
        for msgid, strings, _flags, _refs in check.po_entries(po.read_text(encoding="utf-8")):
            if len(strings) == 1:  # the .mo says what the .po says: compiled after the last edit
                assert compiled.gettext(msgid) == strings[0], msgid
