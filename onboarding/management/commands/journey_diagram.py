from django.core.management.base import BaseCommand

from onboarding.diagram import journey_mermaid, journey_svg


class Command(BaseCommand):
    help = "Print the journey's state diagram, generated from the model (Mermaid, or SVG with --svg)."

    def add_arguments(self, parser):
        parser.add_argument("--svg", action="store_true")

    def handle(self, *args, svg, **options):
        self.stdout.write(journey_svg() if svg else journey_mermaid())
