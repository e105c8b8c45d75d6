from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy.register import MARKDOWN_PATH, register_markdown


class Command(BaseCommand):
    help = (
        "Print the register of processing (RGPD art. 30) as Markdown, generated from privacy/register.py; "
        f"--write writes {MARKDOWN_PATH}, --check fails when that copy is stale."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help=f"write {MARKDOWN_PATH}")
        group.add_argument("--check", action="store_true", help=f"exit 1 when {MARKDOWN_PATH} is not up to date")

    def handle(self, *args, write, check, **options):
        text = register_markdown() + "\n"
        path = Path(settings.BASE_DIR) / MARKDOWN_PATH
        if write:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            self.stdout.write(f"{MARKDOWN_PATH} written.")
        elif check:
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current != text:
                raise CommandError(f"{MARKDOWN_PATH} is stale: run `python manage.py privacy_register --write`.")
            self.stdout.write(f"{MARKDOWN_PATH} is up to date.")
        else:
            self.stdout.write(text, ending="")
