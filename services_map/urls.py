from django.urls import path

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from services_map import views

urlpatterns = [
    path("<network:network>/carte-des-services/", views.services_map, name="services_map"),
    path("<network:network>/carte-des-services/contours.geojson", views.services_map_outlines,
         name="services_map_outlines"),
]
