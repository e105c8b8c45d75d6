"""The public side: the project form, the private tracking page, job-fair capture.

Every public page lives under its network's prefix (/lot/je-depose-mon-projet/).
The site root lists the networks; the old addresses without a prefix send
their visitor to the right network (see views.legacy_*).
"""

from django.urls import include, path

from intake import views, views_accessibility, views_fair
from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)

network_patterns = [
    path("", views.network_home, name="network_home"),
    path("theme.css", views.theme_css, name="network_theme"),
    path("je-depose-mon-projet/", views.intake_form, name="intake_form"),
    path("je-depose-mon-projet/merci/", views.intake_thanks, name="intake_thanks"),
    path("donnees-personnelles/", views.privacy_notice, name="privacy_notice"),
    path("communes/suggestions/", views.commune_autocomplete, name="commune_autocomplete"),
    path("suivi/nouveau-lien/", views.tracking_resend, name="tracking_resend"),
    path("suivi/nouveau-lien/envoye/", views.tracking_resend_sent, name="tracking_resend_sent"),
    path("suivi/<str:token>/", views.tracking, name="tracking"),
    path("accessibilite/", views_accessibility.network_accessibility_statement, name="network_accessibility"),
]

# The addresses from before networks, in pages, bookmarks and e-mails already sent.
legacy_patterns = [
    path("je-depose-mon-projet/", views.legacy_page, {"name": "intake_form"}),
    path("je-depose-mon-projet/merci/", views.legacy_page, {"name": "intake_thanks"}),
    path("donnees-personnelles/", views.legacy_page, {"name": "privacy_notice"}),
    path("communes/suggestions/", views.legacy_page, {"name": "commune_autocomplete"}),
    path("suivi/nouveau-lien/", views.legacy_page, {"name": "tracking_resend"}),
    path("suivi/nouveau-lien/envoye/", views.legacy_page, {"name": "tracking_resend_sent"}),
    path("suivi/<str:token>/", views.legacy_tracking),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views_accessibility.accessibility_statement, name="accessibility"),
    path("langue/", views.language_switch, name="language_switch"),
    # The person's answer to a transfer between two networks (its own file).
    path("suivi/", include("intake.views_transfer")),
    path("equipe/salons/", views_fair.fair_events, name="fair_events"),
    path("equipe/salons/<int:event_id>/", views_fair.fair_capture, name="fair_capture"),
    *legacy_patterns,
    path("<network:network>/", include(network_patterns)),
]
