from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import employer_needs, takeover_businesses, views, views_ambassadors, views_housing, views_leads

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its start-up script as a file (?script): the CSP allows no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema", template_name="api/docs.html"),
         name="api_docs"),
    path("v1/leads/", views_leads.LeadCreateView.as_view(), name="api_lead_create"),
    path("v1/employer-needs/", employer_needs.EmployerNeedCreateView.as_view(), name="api_employer_need_create"),
    path("v1/takeover-businesses/", takeover_businesses.TakeoverBusinessUpsertView.as_view(),
         name="api_takeover_business_upsert"),
    path("v1/housing-offers/", views_housing.HousingOfferUpsertView.as_view(), name="api_housing_offer_upsert"),
    path("v1/ambassadors/", views_ambassadors.AmbassadorListView.as_view(), name="api_ambassador_list"),
    path("v1/ambassadors/<int:pk>/", views_ambassadors.AmbassadorDetailView.as_view(), name="api_ambassador_detail"),
    path("v1/projects/", views.ProjectListView.as_view(), name="api_project_list"),
    path("v1/projects/<int:pk>/", views.ProjectDetailView.as_view(), name="api_project_detail"),
    path("v1/projects/<int:pk>/history/", views.ProjectHistoryView.as_view(), name="api_project_history"),
    path("v1/projects/<int:pk>/transitions/", views.ProjectTransitionView.as_view(),
         name="api_project_transitions"),
    re_path(r"^", views.NotFoundView.as_view(), name="api_not_found"),  # any other path, newlines too
]
