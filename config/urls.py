from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz
from config.site_icons import favicon, web_manifest

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("manifest.webmanifest", web_manifest, name="web_manifest"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path("connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("", include("welcome_kits.urls")),
    path("", include("privacy.urls")),
    path("", include("jobs.urls")),
    path("", include("housing.urls")),
    path("", include("events.urls")),
    path("", include("testimonials.urls")),
    path("", include("ambassadors.urls")),
    path("", include("services_map.urls")),
    path("", include("followup.urls")),
    path("", include("intake.urls")),
    path("equipe/", include("workspace.urls")),
    path("equipe/rapports/", include("reports.urls")),
]
# Uploaded and generated files (kits) are never served from MEDIA_URL, even
# in debug: only the views that check who asks (welcome_kits.views) serve them.
