"""Pipeline reports for coordinators and the steering committee, under /equipe/rapports/."""

from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report_page, name="report"),
    path("data.json", views.report_data, name="report_data"),
    # The committee PDF: asked for, made by a worker, followed, then downloaded.
    path("rapport.pdf", views.report_pdf_view, name="report_pdf"),
    path("pdf/", views.report_pdf_request_view, name="report_pdf_request"),
    path("pdf/<uuid:public_id>/", views.report_pdf_status, name="report_pdf_status"),
    path("pdf/<uuid:public_id>/etat/", views.report_pdf_state, name="report_pdf_state"),
    path("pdf/<uuid:public_id>/rapport.pdf", views.report_pdf_file, name="report_pdf_file"),
    path("rapport.xlsx", views.report_workbook, name="report_workbook"),
    path("tableaux/<slug:slug>.<str:fmt>", views.report_table_export, name="report_table_export"),
    path("objectif/", views.report_target_edit, name="report_target_edit"),
    path("region/", views.regional_page, name="report_regional"),
]
