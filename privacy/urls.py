"""The rights' pages: the person's own (under their network's prefix and
tracking link) and the coordinators' (under /equipe/)."""

from django.urls import include, path

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from privacy import views_export, views_register, views_renewal, views_requests

person_patterns = [
    path("suivi/<str:token>/mes-donnees/", views_export.data_export, name="data_export"),
    path("suivi/<str:token>/mes-donnees/etat/", views_export.data_export_state, name="data_export_state"),
    path("suivi/<str:token>/mes-donnees/<uuid:public_id>.<str:fmt>", views_export.data_export_file,
         name="data_export_file"),
    # The answer to the retention reminder (onboarding.services.retention).
    path("donnees-personnelles/conserver/<str:token>/", views_renewal.retention_renewal, name="retention_renewal"),
]

urlpatterns = [
    path("equipe/registre-des-traitements/", views_register.register_page, name="privacy_register"),
    # The requests queue (coordinators).
    path("equipe/demandes-rgpd/", views_requests.privacy_requests, name="privacy_requests"),
    path("equipe/demandes-rgpd/nouvelle/", views_requests.privacy_request_new, name="privacy_request_new"),
    path("equipe/demandes-rgpd/<int:request_id>/", views_requests.privacy_request_detail,
         name="privacy_request_detail"),
    path("equipe/demandes-rgpd/<int:request_id>/prolonger/", views_requests.privacy_request_extend_view,
         name="privacy_request_extend"),
    path("<network:network>/", include(person_patterns)),
]
