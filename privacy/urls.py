"""The rights' pages: the person's own (under their network's prefix and
tracking link) and the coordinators' (under /equipe/)."""

from django.urls import path  # noqa: F401

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from privacy import views_register

urlpatterns = [
    path("equipe/registre-des-traitements/", views_register.register_page, name="privacy_register"),
]
