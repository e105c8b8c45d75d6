"""POST /api/v1/leads/: partner sites push leads, retries made safe by Idempotency-Key."""

from dataclasses import replace

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from api.models import ApiToken, LeadReceipt
from crm.access import networks_of
from crm.models import Event, Network
from onboarding.access import events_of_networks_of
from onboarding.services.intake import intake_submit
from onboarding.states import Channel, Source

from .exceptions import InvalidIdempotencyKey
from .idempotency import HEADER, KEY_PATTERN, idempotency_key, idempotent_create, request_fingerprint
from .leads import LeadSerializer
from .permissions import MayCreateLeads, partner_token
from .schema import RETRY_AFTER, errors
from .serializers import LeadReceiptSerializer, LeadResultSerializer


def lead_context(request, partner, token):
    """Which programme a lead goes to, and which events it may name.

    A partner key: its network (its leads are that programme's; a lead aimed
    at another's territory goes there, and the partner gets the same receipt).
    Staff: the key's network, else the account's only one; a lead for a
    territory outside the account's networks is refused, since the answer
    (created or joined) would tell whether that programme knows the person.
    """
    if partner is not None:
        events = Event.objects.filter(Q(network=partner.network_id) | Q(network__isnull=True))
        return {"network": partner.network, "events": events}
    mine = networks_of(request.user)
    given = token.network if token is not None and token.network_id in mine else None
    if given is None and len(mine) == 1:
        given = Network.objects.get(pk=mine[0])
    return {"network": given, "allowed_networks": set(mine), "events": events_of_networks_of(request.user)}


@extend_schema(
    tags=["leads"],
    summary=_("Déposer un contact"),
    description=_(
        "Un contact venu d'un site partenaire devient un projet d'installation, avec les champs et les règles "
        "du formulaire public. Pour les clés partenaires et la coordination. Une personne (même e-mail) qui a "
        "déjà un projet en cours voit la demande ajoutée à ce projet.\n\n"
        "Une clé partenaire reçoit toujours la même réponse, 202 avec une référence de dépôt (`receipt`), que "
        "la personne soit nouvelle ou déjà connue : l'existence d'un projet, son numéro et son état ne sont pas "
        "communiqués. La coordination reçoit en plus le projet : 201 s'il est créé, 200 si la demande a rejoint "
        "un projet en cours ou rejoue un appel précédent."
    ),
    request=LeadSerializer,
    parameters=[
        OpenApiParameter(
            HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False, pattern=KEY_PATTERN,
            description=_("Rend les nouveaux essais sans danger : la même clé (pour une même clé d'API) renvoie "
                          "la même réponse (même référence) au lieu de créer un autre projet ; la même clé avec "
                          "une autre demande est refusée (409 idempotency_key_reused). Un UUID par demande "
                          "convient."),
        ),
        OpenApiParameter(
            "Idempotent-Replayed", OpenApiTypes.STR, OpenApiParameter.HEADER, response=[200, 202], enum=["true"],
            description=_("Présent quand la réponse rejoue un appel précédent avec la même Idempotency-Key."),
        ),
        RETRY_AFTER,
    ],
    responses={
        202: OpenApiResponse(
            LeadReceiptSerializer,
            description=_("Clé partenaire : contact reçu, qu'il soit nouveau ou déjà connu (même réponse)."),
        ),
        201: OpenApiResponse(LeadResultSerializer, description=_("Coordination : projet créé.")),
        200: OpenApiResponse(
            LeadResultSerializer,
            description=_("Coordination : rien de créé, un nouvel essai avec la même Idempotency-Key, ou une "
                          "personne (même e-mail) qui a déjà un projet en cours, auquel la demande a été ajoutée."),
        ),
        **errors(400, 401, 403, 405, 409, 413, 415, 429),
    },
)
class LeadCreateView(APIView):
    """A lead from a partner site, validated by the public form's rules, recorded by intake_submit."""

    permission_classes = [MayCreateLeads]

    def post(self, request):
        partner = partner_token(request)
        token = request.auth if isinstance(request.auth, ApiToken) else None
        serializer = LeadSerializer(data=request.data, context=lead_context(request, partner, token))
        serializer.is_valid(raise_exception=True)
        data = serializer.intake_data(referrer_default=partner.name if partner is not None else "")
        # The partner states the person's consent (the lead's `consent`): the Consent row names its key.
        data = replace(data, consent_api_key=token)

        def create():
            result = intake_submit(
                data=data, source=Source.PARTNER_API, channel=Channel.API,
                user=None if partner is not None else request.user, event=serializer.validated_data.get("event"),
                network=serializer.validated_data["network"],
            )
            return LeadReceipt.objects.create(token=token, project=result.project, created=result.created)

        key = idempotency_key(request)
        if key is None:
            receipt, replayed = create(), False
        elif token is None:
            raise InvalidIdempotencyKey(_("L'en-tête Idempotency-Key demande une authentification par clé d'API."))
        else:
            receipt, replayed = idempotent_create(
                token=token, key=key, fingerprint=request_fingerprint(request.data), create=create
            )
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        if partner is not None:
            # Never the project: its id and state would tell whether this e-mail was known.
            body = LeadReceiptSerializer({"receipt": receipt.reference}).data
            return Response(body, status=status.HTTP_202_ACCEPTED, headers=headers)
        created = receipt.created and not replayed
        project = receipt.project
        body = LeadResultSerializer(
            {"receipt": receipt.reference, "id": project.pk, "state": project.state, "created": created}
        ).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK, headers=headers)
