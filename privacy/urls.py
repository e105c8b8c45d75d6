"""The rights' pages: the person's own (under their network's prefix and
tracking link) and the coordinators' (under /equipe/)."""

from django.urls import path

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from privacy import views_requests

urlpatterns = [
    # The requests queue (coordinators).
    path("equipe/demandes-rgpd/", views_requests.privacy_requests, name="privacy_requests"),
    path("equipe/demandes-rgpd/nouvelle/", views_requests.privacy_request_new, name="privacy_request_new"),
    path("equipe/demandes-rgpd/<int:request_id>/", views_requests.privacy_request_detail,
         name="privacy_request_detail"),
    path("equipe/demandes-rgpd/<int:request_id>/prolonger/", views_requests.privacy_request_extend_view,
         name="privacy_request_extend"),
]
