"""Rebuild jobs.ProjectOccupation (the ROME codes read from every project's occupations), e.g. after loading
a new ROME référentiel or data imported without the application's saves."""

from django.core.management.base import BaseCommand

from jobs.matching import occupations_refresh
from onboarding.models import Project

BATCH = 2000


class Command(BaseCommand):
    help = "Relit les codes ROME des professions de tous les projets (jobs.ProjectOccupation)."

    def handle(self, *args, **options):
        ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
        written = 0
        for start in range(0, len(ids), BATCH):
            written += occupations_refresh(ids[start:start + BATCH])
        self.stdout.write(f"{len(ids)} projets relus, {written} codes ROME.")
