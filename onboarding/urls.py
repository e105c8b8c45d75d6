from django.urls import path

from onboarding import views

urlpatterns = [
    path("", views.home, name="home"),
    path("equipe/", views.staff_home, name="staff_home"),
    path("equipe/parcours/", views.journey_help, name="journey_help"),
]
