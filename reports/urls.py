"""Pipeline reports for coordinators and the steering committee, under /equipe/rapports/."""

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report_page, name="report"),
    path("data.json", views.report_data, name="report_data"),
    path("rapport.pdf", views.report_pdf_view, name="report_pdf"),
    path("rapport.xlsx", views.report_workbook, name="report_workbook"),
    path("tableaux/<slug:slug>.<str:fmt>", views.report_table_export, name="report_table_export"),
    path("objectif/", views.report_target_edit, name="report_target_edit"),
    path("region/", views.regional_page, name="report_regional"),
]
