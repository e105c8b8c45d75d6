"""Schedule the check-ins of the projects installed before the follow-up
existed, from their installation date as the journey log records it.

Idempotent (one check-in per project and delay), in keyset batches; the
check-ins already past their expiry are written expired and never sent.
The daily pass does the same for any installed project left without."""

from django.core.management.base import BaseCommand

from followup.services import BATCH, check_ins_backfill


class Command(BaseCommand):
    help = "Planifie les questionnaires de suivi des projets déjà installés (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=BATCH, help="Projets lus à la fois (défaut %(default)s).")

    def handle(self, *args, batch, **options):
        written = check_ins_backfill(batch=max(batch, 1))
        self.stdout.write(f"{written} questionnaire(s) de suivi planifié(s).")
