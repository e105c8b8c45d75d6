from django.urls import path

from followup import views
from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)

urlpatterns = [
    path("equipe/suivi-apres-installation/chiffres/", views.figures, name="followup_figures"),
    path("<network:network>/suivi-installation/<str:token>/", views.survey, name="followup_survey"),
]
