"""The public side: the project form, the private tracking page, job-fair capture."""

from django.urls import include, path

from intake import views, views_fair

urlpatterns = [
    path("", views.home, name="home"),
    path("je-depose-mon-projet/", views.intake_form, name="intake_form"),
    path("je-depose-mon-projet/merci/", views.intake_thanks, name="intake_thanks"),
    path("donnees-personnelles/", views.privacy_notice, name="privacy_notice"),
    path("communes/suggestions/", views.commune_autocomplete, name="commune_autocomplete"),
    path("suivi/nouveau-lien/", views.tracking_resend, name="tracking_resend"),
    path("suivi/nouveau-lien/envoye/", views.tracking_resend_sent, name="tracking_resend_sent"),
    path("suivi/<str:token>/", views.tracking, name="tracking"),
    path("suivi/", include("intake.views_transfer")),  # the person's answer to a transfer (its own file)
    path("equipe/salons/", views_fair.fair_events, name="fair_events"),
    path("equipe/salons/<int:event_id>/", views_fair.fair_capture, name="fair_capture"),
]
