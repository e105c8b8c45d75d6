"""POST /api/v1/employer-needs/: a partner (the CCI, the CMA, the
département's economic agency) posts a local employer's recruitment need.
The rules are jobs.employers', the staff pages' own: the contact person's
consent, a known ROME code, communes within the network's territory."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from crm.validators import commune_from_code_or_name
from jobs.employers import employer_save, need_save
from jobs.models import Employer, EmployerNeed

from .permissions import MayCreateLeads, partner_token, writing_network
from .schema import RETRY_AFTER, errors


class CommuneCodeField(serializers.CharField):
    def to_internal_value(self, data):
        try:
            return commune_from_code_or_name(super().to_internal_value(data))
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class EmployerInSerializer(serializers.Serializer):
    organisation = serializers.CharField(max_length=200, help_text=_("Nom de la structure."))
    siret = serializers.CharField(max_length=20, required=False, allow_blank=True, default="",
                                  help_text=_("SIRET (14 chiffres), facultatif ; s'il est donné, il identifie le "
                                              "recruteur d'un envoi à l'autre."))
    sector = serializers.ChoiceField(choices=Employer.Sector.choices)
    commune = CommuneCodeField(help_text=_("Code INSEE (ou nom) de la commune de la structure."))
    contact_name = serializers.CharField(max_length=150)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    contact_consent = serializers.BooleanField(
        help_text=_("La personne à contacter a accepté d'être enregistrée et de recevoir les coordonnées des "
                    "personnes qui acceptent une mise en relation. Sans true, rien n'est enregistré."))


class EmployerNeedInSerializer(serializers.Serializer):
    employer = EmployerInSerializer()
    rome_code = serializers.CharField(max_length=5, help_text=_("Code ROME 4.0 du métier (par exemple J1506)."))
    contract = serializers.ChoiceField(choices=EmployerNeed.Contract.choices)
    commune = CommuneCodeField(help_text=_("Code INSEE (ou nom) de la commune du poste."))
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class EmployerNeedOutSerializer(serializers.Serializer):
    employer = serializers.IntegerField(help_text=_("Numéro du recruteur."))
    need = serializers.IntegerField(help_text=_("Numéro du besoin."))


def _employer_for(network, data):
    """The same recruiter sent again (same SIRET, else same name and contact e-mail) is updated, not doubled."""
    rows = Employer.objects.filter(network=network)
    siret = data["siret"].replace(" ", "")
    if siret:
        return rows.filter(siret=siret).first()
    return rows.filter(organisation__iexact=data["organisation"], contact_email__iexact=data["contact_email"]).first()


@extend_schema(
    tags=["emploi"],
    summary=_("Déposer un besoin de recrutement d'un employeur local"),
    description=_(
        "Pour les clés partenaires (CCI, CMA, agence de développement économique) et la coordination. Le besoin "
        "est rattaché au réseau de la clé ; le recruteur est créé, ou mis à jour s'il a déjà été envoyé (même "
        "SIRET, sinon même nom et même e-mail de contact). Refusé (400, en français, par champ) : sans l'accord "
        "de la personne à contacter (`employer.contact_consent`), avec un code ROME inconnu, avec une commune "
        "hors du territoire du réseau."
    ),
    request=EmployerNeedInSerializer,
    parameters=[RETRY_AFTER],
    responses={201: OpenApiResponse(EmployerNeedOutSerializer, description=_("Besoin enregistré.")),
               **errors(400, 401, 403, 405, 413, 415, 429)},
)
class EmployerNeedCreateView(APIView):
    permission_classes = [MayCreateLeads]

    def post(self, request):
        serializer = EmployerNeedInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        employer_data = dict(data.pop("employer"))
        network = writing_network(request)
        user = None if partner_token(request) is not None else request.user
        with transaction.atomic():
            try:
                employer = employer_save(network=network, data=employer_data,
                                         consent=employer_data.pop("contact_consent"), user=user,
                                         employer=_employer_for(network, employer_data))
            except DjangoValidationError as error:
                raise serializers.ValidationError({"employer": error.message_dict}) from None
            try:
                need = need_save(employer=employer, data={**data, "status": EmployerNeed.Status.OPEN})
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.message_dict) from None
        body = EmployerNeedOutSerializer({"employer": employer.pk, "need": need.pk}).data
        return Response(body, status=status.HTTP_201_CREATED)
