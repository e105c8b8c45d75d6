from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crm.models import Commune
from demo.services import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create the two demo networks, their staff, routing rules, events and projects (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=300, help="How many demo projects in all.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Demo accounts have a known password: refused unless DEBUG or this flag.",
        )

    def handle(self, *args, projects, seed, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to create demo accounts with DEBUG off (use --allow-production).")
        if projects < 0:
            raise CommandError("--projects must be positive.")
        if not Commune.objects.exists():
            raise CommandError("Load the territories first: manage.py load_territories")
        # Demo prospects have made-up addresses: their e-mails (confirmations,
        # kit links) go nowhere instead of flooding the console.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        result = demo_load(projects=projects, seed=seed)
        self.stdout.write(
            f"{result.projects_created} projets créés ({result.projects_total} projets de démonstration en tout)."
        )
        self.stdout.write("")
        self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD})")
        for network, user in zip(result.networks, result.coordinators, strict=True):
            self.stdout.write(f"  {network.programme} (/{network.slug}/) – coordination : {user.username}")
        for referent in result.referents[:3]:
            self.stdout.write(f"  référent     : {referent.user.username} ({referent.title})")
        self.stdout.write(f"  … et {max(0, len(result.referents) - 3)} autres référents (voir l'administration).")
        self.stdout.write(f"  régional (chiffres par réseau, sans données personnelles) : {result.regional.username}")
