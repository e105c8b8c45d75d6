"""POST /api/v1/housing-offers/: a partner's key creates or updates its organisation's housing offers.

The key must belong to an organisation (ApiToken.organisation): its offers
are that organisation's, in the key's network. An offer is named by the
partner's own `reference`: sending it again updates the same offer (a retry
is safe without an Idempotency-Key). The rules are the staff form's
(housing.services.offer_errors): a French 400 names the field.
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from crm.models import Commune
from housing.models import HousingOffer
from housing.services import offer_errors, offer_save

from .permissions import partner_token
from .schema import RETRY_AFTER, errors


class MayPublishHousing(BasePermission):
    message = _("Seules les clés partenaires rattachées à une organisation peuvent publier des offres de logement.")

    def has_permission(self, request, view):
        token = partner_token(request)
        return token is not None and token.organisation_id is not None and token.network_id is not None


class HousingOfferSerializer(serializers.Serializer):
    reference = serializers.RegexField(
        r"^[A-Za-z0-9._-]{1,64}$", help_text=_("Votre référence de l'offre : la renvoyer met à jour la même offre."),
        error_messages={"invalid": _("Lettres, chiffres, point, tiret et souligné seulement (64 au plus).")})
    kind = serializers.ChoiceField(choices=HousingOffer.Kind.choices)
    title = serializers.CharField(max_length=150)
    commune = serializers.RegexField(r"^[0-9][0-9AB][0-9]{3}$", help_text=_("Code INSEE de la commune."),
                                     error_messages={"invalid": _("Un code INSEE a cinq caractères, par exemple "
                                                                  "46102.")})
    housing_type = serializers.ChoiceField(choices=HousingOffer.HousingType.choices)
    rooms = serializers.IntegerField(min_value=1, max_value=30)
    surface = serializers.IntegerField(min_value=5, max_value=2000, help_text=_("En m²."))
    price = serializers.IntegerField(min_value=0, max_value=100_000_000, required=False, allow_null=True,
                                     help_text=_("Loyer mensuel ou prix de vente, en euros."))
    available_from = serializers.DateField()
    available_until = serializers.DateField(help_text=_("L'offre quitte les listes publiques après ce jour."))
    contact_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    contact_email = serializers.EmailField(required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    status = serializers.ChoiceField(choices=[HousingOffer.Status.PUBLISHED, HousingOffer.Status.WITHDRAWN],
                                     required=False, default=HousingOffer.Status.PUBLISHED)

    def validate_commune(self, value):
        commune = Commune.objects.select_related("departement").filter(insee=value).first()
        if commune is None:
            raise ValidationError(_("Aucune commune n'a ce code INSEE."))
        return commune


class HousingOfferResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    created = serializers.BooleanField()


@extend_schema(
    tags=["housing"],
    summary=_("Publier ou mettre à jour une offre de logement"),
    description=_(
        "Pour les clés partenaires rattachées à une organisation (commune, intercommunalité, bailleur...) : "
        "l'offre est celle de l'organisation, dans le réseau de la clé. La même `reference` met à jour la même "
        "offre. La commune doit être sur le territoire du réseau, la date de fin le même jour ou après la date "
        "de disponibilité ; `status: retiree` retire l'offre des listes."
    ),
    request=HousingOfferSerializer,
    responses={
        201: OpenApiResponse(HousingOfferResultSerializer, description=_("Offre créée.")),
        200: OpenApiResponse(HousingOfferResultSerializer, description=_("Offre mise à jour.")),
        **errors(400, 401, 403, 405, 413, 415, 429),
    },
    parameters=[RETRY_AFTER],
)
class HousingOfferUpsertView(APIView):
    permission_classes = [MayPublishHousing]

    def post(self, request):
        token = partner_token(request)
        serializer = HousingOfferSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reference = data.pop("reference")
        offer = HousingOffer.objects.filter(network=token.network_id, organisation=token.organisation_id,
                                            external_ref=reference).first()
        created = offer is None
        if created:
            offer = HousingOffer(network_id=token.network_id, organisation_id=token.organisation_id,
                                 external_ref=reference)
        for name, value in data.items():
            setattr(offer, name, value)
        problems = offer_errors(offer)
        if problems:
            raise ValidationError({name: [message] for name, message in problems.items()})
        try:
            with transaction.atomic():
                offer_save(offer)
        except IntegrityError:  # the same reference sent twice at once: the other call created it
            raise ValidationError({"reference": [_("Cette référence vient d'être créée par un autre appel : "
                                                   "renvoyez la demande.")]}) from None
        body = HousingOfferResultSerializer({"id": offer.pk, "reference": reference, "created": created}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
