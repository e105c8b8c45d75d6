from django.urls import path

from housing import views
from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)

urlpatterns = [
    path("equipe/logements/", views.offer_list, name="housing_offer_list"),
    path("equipe/logements/nouvelle/", views.offer_create, name="housing_offer_create"),
    path("equipe/logements/chiffres/", views.housing_figures_page, name="housing_figures"),
    path("equipe/logements/<int:pk>/", views.offer_detail, name="housing_offer_detail"),
    path("equipe/logements/<int:pk>/modifier/", views.offer_edit, name="housing_offer_edit"),
    path("equipe/logements/<int:pk>/photo/", views.offer_photo, name="housing_offer_photo"),
    path("equipe/logements/sejours/<int:pk>/decision/", views.booking_decision, name="housing_booking_decision"),
    path("equipe/projets/<int:pk>/logement/sejour/", views.booking_request_view, name="housing_booking_request"),
    path("equipe/projets/<int:pk>/logement/proposer/", views.offer_propose, name="housing_offer_propose"),
    path("<network:network>/logements/", views.public_list, name="housing_public_list"),
    path("<network:network>/logements/<int:pk>/photo/", views.public_offer_photo, name="housing_public_photo"),
]
