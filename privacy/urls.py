"""The rights' pages: the person's own (under their network's prefix and
tracking link) and the coordinators' (under /equipe/)."""

from django.urls import path

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from privacy import views_renewal

urlpatterns = [
    # The answer to the retention reminder (onboarding.services.retention).
    path("<network:network>/donnees-personnelles/conserver/<str:token>/", views_renewal.retention_renewal,
         name="retention_renewal"),
]
