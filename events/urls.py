from django.urls import path

from events import views
from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)

urlpatterns = [
    path("equipe/evenements/", views.event_list, name="event_list"),
    path("equipe/evenements/nouveau/", views.event_create, name="event_create"),
    path("equipe/evenements/chiffres/", views.event_figures_page, name="event_figures"),
    path("equipe/evenements/<int:pk>/", views.event_detail, name="event_detail"),
    path("equipe/evenements/<int:pk>/modifier/", views.event_edit, name="event_edit"),
    path("equipe/evenements/<int:pk>/inviter/", views.event_send, name="event_send"),
    path("equipe/evenements/<int:pk>/presences/", views.event_attendance, name="event_attendance"),
    path("<network:network>/invitation/<str:token>/", views.invitation_page, name="event_invitation"),
]
