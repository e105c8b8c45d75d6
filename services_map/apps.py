from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesMapConfig(AppConfig):
    """The map of the services around a newcomer's future home: a public page
    per network (Leaflet over the territory's own outlines, and the same
    content as a list grouped by commune without JavaScript), and a section
    on the staff project page and the prospect's tracking page. The points
    are welcome_kits.ServicePoint (the kit lists the nearest ones); the
    outlines are crm's (crm.outlines). Plugs into the pages through
    onboarding.extensions; nothing below imports it."""

    name = "services_map"
    verbose_name = _("Carte des services")

    def ready(self):
        from services_map import receivers

        receivers.connect()
