"""Schema pieces shared by the API's views: the documented error answers and headers."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .serializers import ErrorSerializer


def errors(*codes):
    """The error responses of an operation, for the schema."""
    descriptions = {
        400: _("Données invalides : `details` nomme les champs (ou les conditions manquantes)."),
        401: _("Pas d'identification, ou une clé inconnue ou révoquée."),
        403: _("Identifié, mais pas autorisé (clé partenaire hors dépôt de contacts, ou personne qui ne peut pas agir)."),
        404: _("Introuvable, ou pas visible pour vous."),
        405: _("Méthode non autorisée."),
        409: _("Conflit : voir `code`."),
        415: _("Seul application/json est accepté."),
        429: _("Trop d'appels : attendre `details.retry_after` secondes."),
    }
    return {code: OpenApiResponse(ErrorSerializer, description=descriptions[code]) for code in codes}


STAFF_ERRORS = (401, 403, 404, 405, 429)
RETRY_AFTER = OpenApiParameter(
    "Retry-After", OpenApiTypes.INT, OpenApiParameter.HEADER, response=[429],
    description=_("Secondes à attendre avant de rappeler."),
)
