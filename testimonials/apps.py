from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TestimonialsConfig(AppConfig):
    """Stories of people who settled here, with their written consent,
    matched to each project by what it shares with them (testimonials « en
    relation »). Plugs into the pages through onboarding.extensions;
    nothing below imports it."""

    name = "testimonials"
    verbose_name = _("Témoignages")

    def ready(self):
        from testimonials import receivers, tasks  # noqa: F401  (the task names crm.queue and beat send)

        receivers.connect()
