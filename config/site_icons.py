"""The web app manifest and /favicon.ico.

The icons are static files (static/icons/, drawn by scripts/make_icons.py).
The manifest is answered by a view, not stored beside them, because it
names the icons by their collected, hashed addresses: production keeps
only the hashed copies (WHITENOISE_KEEP_ONLY_HASHED_FILES), and the
manifest storage rewrites addresses in CSS and JavaScript only.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOUR = "#1f4e79"  # the default network colour (crm.models.Network.primary_colour)


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def web_manifest(request):
    manifest = {
        "name": "Accueil des nouveaux arrivants",
        "short_name": "Accueil",
        "description": "Le service d'accueil des nouveaux arrivants du Lot et du Lot-et-Garonne.",
        "lang": "fr",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": [
            {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request):
    # Asked by browsers at the root on pages that do not name their icon (the admin, the API's
    # documentation, a PDF opened in a tab).
    return redirect(static("icons/favicon.ico"), permanent=False)
