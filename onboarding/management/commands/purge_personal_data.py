from django.core.management.base import BaseCommand

from onboarding.services.retention import personal_data_purge


class Command(BaseCommand):
    help = "Anonymise contacts with no open project and no activity for the retention period."

    def handle(self, *args, **options):
        count = personal_data_purge()
        self.stdout.write(f"{count} contact(s) anonymisé(s).")
