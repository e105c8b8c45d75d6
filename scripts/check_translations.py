"""The translations check (README, "Languages"), run by scripts/test.sh.

For every language of settings.LANGUAGES but the site's own (French):

1. `makemessages` over the project: new strings come into
   locale/<language>/LC_MESSAGES/django.po (with file references only, no
   line numbers: a moved line is no change), strings gone leave it, and a
   string that changed is kept with the old translation marked "fuzzy";
2. the catalogue keeps the strings of the public side, the files
   PUBLIC_SOURCES names (staff pages and the admin stay French:
   crm.middleware.StaffPagesInFrenchMiddleware), and any other string
   someone translated (a label of a model the public pages show);
3. it fails, listing them with their files, on a public string without
   translation or marked fuzzy;
4. it compiles the catalogue (django.mo, committed beside it: the run
   command needs no gettext).

Usage: .venv/bin/python scripts/check_translations.py [--no-extract]
(--no-extract: only check and compile the .po as it is). Needs gettext
(xgettext, msgmerge, msgfmt): scripts/test.sh installs it as root.
"""

import argparse
import fnmatch
import os
import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The files whose strings a prospect (or a partner's program, for the API)
# reads: globs relative to the repository. A new public page adds its
# templates and Python files here; a pattern that matches no file fails the
# check (a typo would otherwise leave a page untranslated silently).
PUBLIC_SOURCES = (
    # Every page's frame, the error pages, the language switch, e-mails' frame.
    "templates/base.html",
    "templates/403.html",
    "templates/403_csrf.html",
    "templates/404.html",
    "templates/includes/*.html",
    "templates/email/*.html",
    # The project form, its thanks, the tracking page and its actions, the
    # privacy notice, the link pages, the transfer answer, the accessibility statement.
    "intake/forms.py",
    "intake/views.py",
    "intake/views_proposals.py",
    "intake/views_transfer.py",
    "intake/views_accessibility.py",
    "intake/accessibility.py",
    "intake/templates/intake/*.html",
    "intake/templates/intake/email/*",
    # What the person is told by the services behind these pages, and their e-mails.
    "crm/validators.py",
    "onboarding/states.py",
    "onboarding/services/intake.py",
    "onboarding/templates/onboarding/email/confirmation*",
    "onboarding/templates/onboarding/email/privacy_request_answered*",
    "onboarding/templates/onboarding/email/privacy_request_extended*",
    "onboarding/templates/onboarding/email/proposal_made*",
    "onboarding/templates/onboarding/email/retention_reminder*",
    "onboarding/templates/onboarding/email/transfer_proposed*",
    # The welcome kit, its page and its e-mail.
    "welcome_kits/templates/welcome_kits/kit_pdf.html",
    "welcome_kits/templates/welcome_kits/_tracking_section.html",
    "welcome_kits/templates/welcome_kits/link_problem.html",
    "welcome_kits/templates/welcome_kits/email/*",
    "welcome_kits/checklist.py",
    "welcome_kits/rendering.py",
    # The other public pages and the sections they add to the tracking page and the kit.
    "privacy/templates/privacy/renewal*.html",
    "privacy/templates/privacy/_tracking_data_download.html",
    "privacy/templates/privacy/data_export.html",
    "privacy/templates/privacy/export_pdf.html",
    "privacy/views_export.py",
    "services_map/templates/services_map/map.html",
    "services_map/templates/services_map/_services_list.html",
    "services_map/templates/services_map/_tracking_section.html",
    "services_map/forms.py",
    "services_map/layers.py",
    "testimonials/templates/testimonials/public.html",
    "testimonials/templates/testimonials/_story.html",
    "testimonials/templates/testimonials/_tracking_section.html",
    "testimonials/templates/testimonials/_kit_section.html",
    "testimonials/views.py",
    "testimonials/regions.py",
    "housing/templates/housing/public_list.html",
    "housing/templates/housing/_offer_facts.html",
    "jobs/templates/jobs/_tracking_section.html",
    "jobs/templates/jobs/_kit_section.html",
    "onboarding/templates/onboarding/_proposals_kit_section.html",
    "onboarding/templates/onboarding/email/proposal_counterpart_to_prospect*",
    # An introduction and its withdrawal, to an ambassador in their language (a partner's: French).
    "onboarding/templates/onboarding/email/proposal_put_in_touch*",
    "onboarding/templates/onboarding/email/proposal_withdrawn*",
    # Ambassadors: the sign-up and its thanks, their own page (profile, link,
    # poster, leaving), their e-mails, and how the tracking page describes one.
    "ambassadors/templates/ambassadors/sign_up*.html",
    "ambassadors/templates/ambassadors/own*.html",
    "ambassadors/templates/ambassadors/left.html",
    "ambassadors/templates/ambassadors/poster.html",
    "ambassadors/templates/ambassadors/email/*",
    "ambassadors/views.py",
    "ambassadors/forms.py",
    "ambassadors/proposals.py",
    "ambassadors/services.py",
    # Events: the invitation page and its e-mails.
    "events/templates/events/invitation*.html",
    "events/templates/events/_error_summary.html",
    "events/templates/events/email/*",
    "events/views.py",
    "events/forms.py",
    "events/services.py",
    # The follow-up survey, its states and its e-mail.
    "followup/templates/followup/survey*.html",
    "followup/templates/followup/_error_summary.html",
    "followup/templates/followup/email/*",
    "followup/views.py",
    "followup/forms.py",
    # Businesses to take over: the public list, the tracking page's and the kit's sections.
    "jobs/templates/jobs/takeover_public_list.html",
    "jobs/templates/jobs/_takeover_facts.html",
    "jobs/templates/jobs/_tracking_takeovers.html",
    "jobs/templates/jobs/_takeover_kit_section.html",
    "jobs/proposals.py",
    "housing/proposals.py",
    # The API's error messages (they follow Accept-Language).
    "api/exceptions.py",
    "api/middleware.py",
    "api/authentication.py",
    "api/permissions.py",
    "api/parsers.py",
    "api/idempotency.py",
)

# Not the project's sources: makemessages skips them.
IGNORED = ("tests", "benchmarks", "staticfiles", "media", "test-artifacts", "node_modules", "docs", "demo")


def _languages():
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _check_public_sources():
    """Every project file PUBLIC_SOURCES names; fails on a pattern that names none."""
    tracked = [
        str(path.relative_to(ROOT)) for path in ROOT.rglob("*")
        if path.is_file() and not any(part.startswith(".") or part in IGNORED for part in path.relative_to(ROOT).parts)
    ]
    missing = [pattern for pattern in PUBLIC_SOURCES if not any(_matches(name, pattern) for name in tracked)]
    if missing:
        sys.exit("check_translations: these PUBLIC_SOURCES match no file: " + ", ".join(missing))


def _MakeMessages():  # noqa: N802  (stands for the command class)
    """Django's makemessages, also reading `_l("…")`: the project's alias of
    gettext_lazy beside `_` (a proposal kind's label and consent text, the
    ambassadors' consent), which xgettext would otherwise skip."""
    from django.core.management.commands.makemessages import Command

    class MakeMessages(Command):
        xgettext_options = [*Command.xgettext_options, "--keyword=_l"]

    return MakeMessages()


def _extract(language, po_path):
    from django.core.management import call_command

    _check_public_sources()
    before = po_path.read_text(encoding="utf-8") if po_path.exists() else None
    call_command(_MakeMessages(), locale=[language], add_location="file", no_obsolete=True, no_wrap=True,
                 ignore_patterns=[f"{name}/*" for name in IGNORED] + list(IGNORED), verbosity=0)
    kept = _public_catalogue(po_path.read_text(encoding="utf-8"))
    if before is not None:
        # The extraction date alone is no change (no diff for nothing).
        old_date = re.search(r'^"POT-Creation-Date: .*"$', before, re.M)
        if old_date:
            kept = re.sub(r'^"POT-Creation-Date: .*"$', lambda _m: old_date.group(0), kept, count=1, flags=re.M)
    po_path.write_text(kept, encoding="utf-8")


def _matches(name, pattern):
    """A glob whose `*` stays within one folder ("intake/templates/intake/*.html" is not fair/…)."""
    names, patterns = name.split("/"), pattern.split("/")
    return len(names) == len(patterns) and all(map(fnmatch.fnmatchcase, names, patterns))


def _is_public(references):
    files = {reference.split(":")[0] for reference in references}
    return any(_matches(name, pattern) for name in files for pattern in PUBLIC_SOURCES)


def _public_catalogue(text):
    """The catalogue without the strings no prospect reads: kept are the
    header, every string of a public file (translated or not: the check
    wants it), and any other string someone translated (a label of a staff
    file that a public page shows too, entered by hand in the .po)."""
    blocks = re.split(r"\n\s*\n", text.strip())
    kept = [blocks[0]]  # the header
    for block, entry in zip(blocks[1:], (_entry(block) for block in blocks[1:]), strict=True):
        if entry is None:
            continue
        _msgid, strings, flags, references = entry
        translated = strings and all(strings) and "fuzzy" not in flags
        if _is_public(references) or translated:
            kept.append(block)
    return "\n\n".join(kept) + "\n"


def _unquote(line):
    return line[line.index('"') + 1:line.rindex('"')].encode("raw_unicode_escape").decode("unicode_escape")


def _entry(block):
    """(msgid, [msgstr...], flags, references) of one entry; None for the header or an obsolete one."""
    lines = [line for line in block.splitlines() if line.strip()]
    if not lines or all(line.startswith("#~") for line in lines):
        return None
    flags, references, fields, current = set(), [], {}, None
    for line in lines:
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#:"):
            references += line[2:].split()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += _unquote(line)
        else:
            current = line.split(" ", 1)[0]
            fields[current] = _unquote(line)
    msgid = fields.get("msgid", "")
    if msgid == "" and "msgctxt" not in fields:
        return None  # the header
    strings = [value for key, value in fields.items() if key.startswith("msgstr")]
    return msgid, strings, flags, references


def po_entries(text):
    """[(msgid, [msgstr...], flags, references)] of a .po file, the header left out."""
    return [entry for entry in map(_entry, re.split(r"\n\s*\n", text)) if entry is not None]


def problems(po_path):
    """The public strings without translation or marked fuzzy: [(kind, msgid, references)]."""
    found = []
    for msgid, strings, flags, references in po_entries(po_path.read_text(encoding="utf-8")):
        if "fuzzy" in flags:
            found.append(("fuzzy", msgid, references))
        elif not strings or any(not value for value in strings):
            found.append(("untranslated", msgid, references))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-extract", action="store_true", help="check and compile the .po files as they are")
    options = parser.parse_args()

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    needed = ["msgfmt"] if options.no_extract else ["xgettext", "msgmerge", "msgfmt"]
    absent = [tool for tool in needed if shutil.which(tool) is None]
    if absent:
        sys.exit(f"check_translations: gettext is missing ({', '.join(absent)}): apt-get install gettext")

    failed = False
    for language in _languages():
        po_path = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
        if not options.no_extract:
            po_path.parent.mkdir(parents=True, exist_ok=True)
            _extract(language, po_path)
        if not po_path.exists():
            sys.exit(f"check_translations: {po_path.relative_to(ROOT)} is missing")
        found = [(kind, msgid, refs) for kind, msgid, refs in problems(po_path) if _is_public(refs)]
        if found:
            failed = True
            print(f"{po_path.relative_to(ROOT)}: {len(found)} public string(s) to translate "
                  "(write the msgstr, remove the 'fuzzy' flag once checked):", file=sys.stderr)
            for kind, msgid, references in found:
                print(f"  [{kind}] {msgid!r}\n      in {' '.join(sorted(set(references)))}", file=sys.stderr)
    # Compiled even when a string is missing: the pages show French for it meanwhile.
    call_command("compilemessages", locale=_languages(), verbosity=0)
    if failed:
        sys.exit(1)
    print(f"check_translations: {', '.join(_languages())}: every public string is translated.")


if __name__ == "__main__":
    main()
