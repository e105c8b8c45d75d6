from django.urls import path

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from welcome_kits import views

urlpatterns = [
    path("equipe/projets/<int:pk>/kit/", views.project_kits, name="kit_project"),
    path("equipe/projets/<int:pk>/kit/etat/", views.kit_status, name="kit_status"),
    path("equipe/projets/<int:pk>/kit/generer/", views.kit_generate_view, name="kit_generate"),
    path("equipe/projets/<int:pk>/kit/<int:kit_pk>/relancer/", views.kit_retry_view, name="kit_retry"),
    path("equipe/projets/<int:pk>/kit/<int:kit_pk>/telecharger/", views.kit_staff_download,
         name="kit_staff_download"),
    # Links sent before networks: sent on to the kit's network.
    path("kit-de-bienvenue/<str:token>/", views.legacy_kit_download),
    path("<network:network>/kit-de-bienvenue/<str:token>/", views.kit_download, name="kit_download"),
]
