from django.core.management.base import BaseCommand

from demo.kit_content import kit_content_seed


class Command(BaseCommand):
    help = (
        "Create or update the demo content of the welcome kits (sections, partners, service points, "
        "branding) for the Lot and the Lot-et-Garonne. Idempotent; run after load_territories."
    )

    def handle(self, *args, **options):
        counts = kit_content_seed()
        self.stdout.write(
            "Kit content: {sections} sections, {blocks} blocks, {partners} partners, "
            "{service_points} service points".format(**counts)
        )
        if counts["skipped_service_points"]:
            self.stderr.write(
                f"{counts['skipped_service_points']} service points skipped: their communes are not loaded "
                "(run load_territories first)."
            )
