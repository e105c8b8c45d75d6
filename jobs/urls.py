from django.urls import path

from jobs import views, views_employers, views_takeovers
from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)

urlpatterns = [
    path("equipe/projets/<int:pk>/offres/proposer/", views.offer_pin_view, name="jobs_offer_pin"),
    path("equipe/projets/<int:pk>/offres/etat/", views.offers_status, name="jobs_offers_status"),
    path("equipe/projets/<int:pk>/offres/", views.project_offers, name="jobs_project_offers"),
]

# Local recruiters and their needs (jobs/views_employers.py).
urlpatterns += [
    path("equipe/recruteurs/", views_employers.employer_list, name="jobs_employer_list"),
    path("equipe/recruteurs/nouveau/", views_employers.employer_create, name="jobs_employer_create"),
    path("equipe/recruteurs/<int:employer_id>/", views_employers.employer_detail, name="jobs_employer_detail"),
    path("equipe/recruteurs/<int:employer_id>/modifier/", views_employers.employer_edit, name="jobs_employer_edit"),
    path("equipe/recruteurs/<int:employer_id>/besoins/nouveau/", views_employers.need_create,
         name="jobs_need_create"),
    path("equipe/besoins/<int:need_id>/", views_employers.need_detail, name="jobs_need_detail"),
    path("equipe/besoins/<int:need_id>/modifier/", views_employers.need_edit, name="jobs_need_edit"),
    path("equipe/besoins/<int:need_id>/proposer/", views_employers.need_propose, name="jobs_need_propose"),
]
urlpatterns += [
    path("equipe/recruteurs/chiffres/", views_employers.proposal_figures, name="jobs_proposal_figures"),
]

# Businesses to take over (jobs/views_takeovers.py); the public list under each network's prefix.
urlpatterns += [
    path("equipe/reprises/", views_takeovers.takeover_list, name="jobs_takeover_list"),
    path("equipe/reprises/nouvelle/", views_takeovers.takeover_create, name="jobs_takeover_create"),
    path("equipe/reprises/<int:pk>/", views_takeovers.takeover_detail, name="jobs_takeover_detail"),
    path("equipe/reprises/<int:pk>/modifier/", views_takeovers.takeover_edit, name="jobs_takeover_edit"),
    path("equipe/reprises/<int:pk>/proposer/", views_takeovers.takeover_propose, name="jobs_takeover_propose"),
    path("<network:network>/reprises/", views_takeovers.takeover_public_list, name="jobs_takeover_public_list"),
]
