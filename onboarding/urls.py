from django.urls import path

from onboarding import views, views_fair, views_public, views_routing, views_workspace
from onboarding.reports import views as views_reports

urlpatterns = [
    path("", views.home, name="home"),
    path("equipe/", views_workspace.dashboard, name="staff_home"),
    path("equipe/projets/", views_workspace.project_index, name="project_index"),
    path("equipe/projets/<int:pk>/", views_workspace.project_detail, name="project_detail"),
    path("equipe/projets/<int:pk>/modifier/", views_workspace.project_edit, name="project_edit"),
    path("equipe/projets/<int:pk>/transitions/<slug:name>/", views_workspace.project_transition_view,
         name="project_transition"),
    path("equipe/projets/<int:pk>/echanges/", views_workspace.interaction_add, name="interaction_add"),
    path("equipe/projets/<int:pk>/taches/", views_workspace.task_add, name="task_add"),
    path("equipe/taches/<int:pk>/faite/", views_workspace.task_done, name="task_done"),
    path("equipe/parcours/", views.journey_help, name="journey_help"),
    path("equipe/orientation/regles/", views_routing.routing_rules, name="routing_rules"),
    path("equipe/orientation/regles/nouvelle/", views_routing.routing_rule_create, name="routing_rule_create"),
    path("equipe/orientation/regles/<int:pk>/", views_routing.routing_rule_edit, name="routing_rule_edit"),
    path("equipe/orientation/apercu/", views_routing.routing_preview, name="routing_preview"),
    path("equipe/projets/<int:pk>/reassigner/", views_routing.project_reassign_view, name="project_reassign"),
    # Intake: the public project form, the private tracking page, job-fair capture.
    path("je-depose-mon-projet/", views_public.intake_form, name="intake_form"),
    path("je-depose-mon-projet/merci/", views_public.intake_thanks, name="intake_thanks"),
    path("donnees-personnelles/", views_public.privacy_notice, name="privacy_notice"),
    path("communes/suggestions/", views_public.commune_autocomplete, name="commune_autocomplete"),
    path("suivi/nouveau-lien/", views_public.tracking_resend, name="tracking_resend"),
    path("suivi/nouveau-lien/envoye/", views_public.tracking_resend_sent, name="tracking_resend_sent"),
    path("suivi/<str:token>/", views_public.tracking, name="tracking"),
    path("equipe/salons/", views_fair.fair_events, name="fair_events"),
    path("equipe/salons/<int:event_id>/", views_fair.fair_capture, name="fair_capture"),
    # Pipeline reports for coordinators and the steering committee.
    path("equipe/rapports/", views_reports.report_page, name="report"),
    path("equipe/rapports/data.json", views_reports.report_data, name="report_data"),
    path("equipe/rapports/rapport.pdf", views_reports.report_pdf_view, name="report_pdf"),
    path("equipe/rapports/rapport.xlsx", views_reports.report_workbook, name="report_workbook"),
    path("equipe/rapports/tableaux/<slug:slug>.<str:fmt>", views_reports.report_table_export,
         name="report_table_export"),
    path("equipe/rapports/objectif/", views_reports.report_target_edit, name="report_target_edit"),
]
