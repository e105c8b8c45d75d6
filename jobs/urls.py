from django.urls import path

from jobs import views

urlpatterns = [
    path("equipe/projets/<int:pk>/offres/proposer/", views.offer_pin_view, name="jobs_offer_pin"),
    path("equipe/projets/<int:pk>/offres/etat/", views.offers_status, name="jobs_offers_status"),
]
