"""POST /api/v1/leads/: partner sites push leads, retries made safe by Idempotency-Key."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import ApiToken
from onboarding.services.intake import intake_submit
from onboarding.states import Channel, Source

from .exceptions import InvalidIdempotencyKey
from .idempotency import HEADER, KEY_PATTERN, idempotency_key, idempotent_create, request_fingerprint
from .leads import LeadSerializer
from .permissions import MayCreateLeads, partner_token
from .schema import RETRY_AFTER, errors
from .serializers import LeadResultSerializer


@extend_schema(
    tags=["leads"],
    summary=_("Déposer un contact"),
    description=_(
        "Un contact venu d'un site partenaire devient un projet d'installation, avec les champs et les règles "
        "du formulaire public. Pour les clés partenaires et la coordination. Une personne (même e-mail) qui a "
        "déjà un projet en cours voit la demande ajoutée à ce projet (200, created=false)."
    ),
    request=LeadSerializer,
    parameters=[
        OpenApiParameter(
            HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, pattern=KEY_PATTERN,
            description=_("Rend les nouveaux essais sans danger : la même clé (pour une même clé d'API) renvoie "
                          "le même projet (200) au lieu d'en créer un autre ; la même clé avec une autre demande "
                          "est refusée (409 idempotency_key_reused). Un UUID par demande convient."),
        ),
        OpenApiParameter(
            "Idempotent-Replayed", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200], enum=["true"],
            description=_("Présent quand la réponse rejoue un appel précédent avec la même Idempotency-Key."),
        ),
        RETRY_AFTER,
    ],
    responses={
        201: OpenApiResponse(LeadResultSerializer, description=_("Projet créé.")),
        200: OpenApiResponse(
            LeadResultSerializer,
            description=_("Rien de créé : un nouvel essai avec la même Idempotency-Key, ou une personne "
                          "(même e-mail) qui a déjà un projet en cours, auquel la demande a été ajoutée."),
        ),
        **errors(400, 401, 403, 405, 409, 415, 429),
    },
)
class LeadCreateView(APIView):
    """A lead from a partner site, validated by the public form's rules, recorded by intake_submit."""

    permission_classes = [MayCreateLeads]

    def post(self, request):
        serializer = LeadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        partner = partner_token(request)
        data = serializer.intake_data(referrer_default=partner.name if partner is not None else "")

        def create():
            result = intake_submit(
                data=data, source=Source.PARTNER_API, channel=Channel.API,
                user=None if partner is not None else request.user, event=serializer.validated_data.get("event"),
            )
            return result.project, result.created

        key = idempotency_key(request)
        if key is None:
            project, created = create()
            replayed = False
        elif not isinstance(request.auth, ApiToken):
            raise InvalidIdempotencyKey(_("L'en-tête Idempotency-Key demande une authentification par clé d'API."))
        else:
            project, created, replayed = idempotent_create(
                token=request.auth, key=key, fingerprint=request_fingerprint(request.data), create=create
            )
        body = LeadResultSerializer({"id": project.pk, "state": project.state, "created": created}).data
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK, headers=headers)
