from django.urls import path

from ambassadors import views, views_staff
from onboarding.public_site import NetworkSlugConverter  # noqa: F401  (registers <network:…>)

urlpatterns = [
    path("equipe/ambassadeurs/", views_staff.ambassador_list, name="ambassador_list"),
    path("equipe/ambassadeurs/chiffres/", views_staff.ambassador_figures_page, name="ambassador_figures"),
    path("equipe/ambassadeurs/<int:pk>/", views_staff.ambassador_detail, name="ambassador_detail"),
    path("equipe/ambassadeurs/<int:pk>/decision/", views_staff.ambassador_decide, name="ambassador_decide"),
    path("equipe/ambassadeurs/<int:pk>/qr.svg", views_staff.ambassador_qr, name="ambassador_staff_qr"),
    path("equipe/projets/<int:pk>/ambassadeur/proposer/", views_staff.ambassador_propose,
         name="ambassador_propose"),
    path("<network:network>/ambassadeurs/devenir-ambassadeur/", views.sign_up, name="ambassador_sign_up"),
    path("<network:network>/ambassadeurs/devenir-ambassadeur/merci/", views.sign_up_thanks,
         name="ambassador_sign_up_thanks"),
    path("<network:network>/ambassadeurs/moi/<str:token>/", views.own_page, name="ambassador_own"),
    path("<network:network>/ambassadeurs/moi/<str:token>/qr.svg", views.own_qr, name="ambassador_own_qr"),
    path("<network:network>/ambassadeurs/moi/<str:token>/affiche/", views.own_poster, name="ambassador_own_poster"),
    path("<network:network>/ambassadeurs/moi/<str:token>/mes-donnees.json", views.own_data,
         name="ambassador_own_data"),
]
