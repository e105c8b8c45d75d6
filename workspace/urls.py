"""The staff pages, under /equipe/."""

from django.urls import include, path

from workspace import views, views_journey, views_routing

urlpatterns = [
    path("", views.dashboard, name="staff_home"),
    path("projets/", views.project_index, name="project_index"),
    path("projets/<int:pk>/", views.project_detail, name="project_detail"),
    path("projets/<int:pk>/modifier/", views.project_edit, name="project_edit"),
    path("projets/<int:pk>/transitions/<slug:name>/", views.project_transition_view, name="project_transition"),
    path("projets/<int:pk>/echanges/", views.interaction_add, name="interaction_add"),
    path("projets/<int:pk>/taches/", views.task_add, name="task_add"),
    path("taches/<int:pk>/faite/", views.task_done, name="task_done"),
    path("parcours/", views_journey.journey_help, name="journey_help"),
    path("orientation/regles/", views_routing.routing_rules, name="routing_rules"),
    path("orientation/regles/nouvelle/", views_routing.routing_rule_create, name="routing_rule_create"),
    path("orientation/regles/<int:pk>/", views_routing.routing_rule_edit, name="routing_rule_edit"),
    path("orientation/apercu/", views_routing.routing_preview, name="routing_preview"),
    path("projets/<int:pk>/reassigner/", views_routing.project_reassign_view, name="project_reassign"),
    path("", include("workspace.views_transfer")),  # transfers between networks (their own file)
    path("", include("workspace.views_duplicates")),  # likely duplicates (their own file)
    path("", include("workspace.views_proposals")),  # withdraw a proposal, record its outcome
]
