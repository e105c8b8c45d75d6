import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from crm.models import Commune
from demo.services import DEMO_PASSWORD, SERVICES_UP_TO, demo_load


class Command(BaseCommand):
    help = (
        "Create the two demo networks, their staff, routing rules, events and projects (idempotent). "
        f"The first {SERVICES_UP_TO} projects go through the real services, the rest are built in bulk "
        "by the same rules (demo.bulk)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=300, help="How many demo projects in all.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--allow-production", action="store_true",
            help="Demo accounts have a known password: refused unless DEBUG or this flag.",
        )
        parser.add_argument(
            "--benchmark", action="store_true",
            help="Benchmark data: every project built in bulk, accounts without any password (so allowed "
                 "with DEBUG off), teams and capacities sized for --projects.",
        )

    def handle(self, *args, projects, seed, allow_production, benchmark, **options):
        if not settings.DEBUG and not allow_production and not benchmark:
            raise CommandError("Refusing to create demo accounts with DEBUG off (use --allow-production).")
        if projects < 0:
            raise CommandError("--projects must be positive.")
        if not Commune.objects.exists():
            raise CommandError("Load the territories first: manage.py load_territories")
        # Demo prospects have made-up addresses: their e-mails (confirmations,
        # kit links) go nowhere instead of flooding the console.
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        started = time.perf_counter()

        def progress(done, log_rows):
            self.stdout.write(f"  {done} projets construits en masse, {log_rows} lignes d'historique")

        # Benchmark data: all in bulk (the services' share would add minutes, not realism).
        result = demo_load(projects=projects, seed=seed, benchmark=benchmark,
                           services_up_to=0 if benchmark else SERVICES_UP_TO,
                           progress=progress if benchmark or projects > SERVICES_UP_TO else None)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{result.projects_created} projets créés en {seconds:.0f} s "
            f"({result.projects_total} projets de démonstration en tout)."
        )
        self.stdout.write("")
        if benchmark:
            self.stdout.write("Données de mesure : les comptes n'ont pas de mot de passe (connexion impossible).")
        else:
            self.stdout.write(f"Comptes de démonstration (mot de passe pour tous : {DEMO_PASSWORD})")
        for network, user in zip(result.networks, result.coordinators, strict=True):
            self.stdout.write(f"  {network.programme} (/{network.slug}/) – coordination : {user.username}")
        for referent in result.referents[:3]:
            self.stdout.write(f"  référent     : {referent.user.username} ({referent.title})")
        self.stdout.write(f"  … et {max(0, len(result.referents) - 3)} autres référents (voir l'administration).")
        self.stdout.write(f"  régional (chiffres par réseau, sans données personnelles) : {result.regional.username}")
