from django.core.management.base import BaseCommand

from crm.services.territories import COMMUNES_CSV, territories_load


class Command(BaseCommand):
    help = "Load (or refresh) départements, EPCIs and communes from the bundled open data."

    def add_arguments(self, parser):
        parser.add_argument("--path", default=str(COMMUNES_CSV))

    def handle(self, *args, path, **options):
        result = territories_load(path=path)
        self.stdout.write(
            f"{result.departements} départements, {result.epcis} EPCI, {result.communes} communes "
            f"({result.created} créés, {result.updated} mis à jour)."
        )
