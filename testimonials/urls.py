from django.urls import include, path

from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)
from testimonials import views

network_patterns = [
    path("temoignages/", views.testimonials_page, name="testimonials_public"),
    path("temoignages/<int:pk>/photo/", views.testimonial_photo, name="testimonial_photo"),
]

urlpatterns = [
    path("<network:network>/", include(network_patterns)),
]
