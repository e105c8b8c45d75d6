"""POST /api/v1/takeover-businesses/: a chamber (CCI, CMA, Chambre
d'agriculture) sends a business for sale or to take over. Built as
POST /api/v1/employer-needs/ is (the same keys, network and French 400s);
the rules are jobs.takeovers', the staff pages' own. The chamber's
`reference` names the business: sending it again updates the same one (a
retry is safe). A field the schema does not know is refused, not ignored."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from jobs.models import Employer, TakeoverBusiness
from jobs.takeovers import takeover_save

from .employer_needs import CommuneCodeField
from .permissions import MayCreateLeads, partner_token, writing_network
from .schema import RETRY_AFTER, errors


class TakeoverBusinessInSerializer(serializers.Serializer):
    reference = serializers.RegexField(
        r"^[A-Za-z0-9._-]{1,64}$", help_text=_("Votre référence de l'entreprise : la renvoyer met à jour la même."),
        error_messages={"invalid": _("Lettres, chiffres, point, tiret et souligné seulement (64 au plus).")})
    activity = serializers.CharField(max_length=200, help_text=_("L'activité, par exemple « Boulangerie »."))
    sector = serializers.ChoiceField(choices=Employer.Sector.choices)
    commune = CommuneCodeField(help_text=_("Code INSEE (ou nom) de la commune de l'entreprise."))
    price_min = serializers.IntegerField(min_value=0, max_value=100_000_000, required=False, allow_null=True,
                                         default=None, help_text=_("En euros."))
    price_max = serializers.IntegerField(min_value=0, max_value=100_000_000, required=False, allow_null=True,
                                         default=None, help_text=_("En euros."))
    premises = serializers.ChoiceField(choices=TakeoverBusiness.Premises.choices)
    housing_included = serializers.BooleanField(required=False, default=False)
    available_on = serializers.DateField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="",
                                        help_text=_("Pour l'équipe seulement ; ne nommez pas le cédant."))
    contact_organisation = serializers.CharField(max_length=200, help_text=_("La chambre qui accompagne."))
    contact_name = serializers.CharField(max_length=150)
    contact_email = serializers.EmailField()
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    contact_consent = serializers.BooleanField(
        help_text=_("La personne à contacter a accepté d'être enregistrée et de recevoir les coordonnées des "
                    "personnes qui acceptent une mise en relation. Sans true, rien n'est enregistré."))
    status = serializers.ChoiceField(choices=TakeoverBusiness.Status.choices, required=False,
                                     default=TakeoverBusiness.Status.OPEN)

    def validate(self, attrs):
        unknown = sorted(set(self.initial_data) - set(self.fields)) if isinstance(self.initial_data, dict) else []
        if unknown:
            raise serializers.ValidationError({name: [_("Champ inconnu : retirez-le (voir le schéma de l'API).")]
                                               for name in unknown})
        return attrs


class TakeoverBusinessOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("Numéro de l'entreprise à reprendre."))
    reference = serializers.CharField()
    created = serializers.BooleanField()


@extend_schema(
    tags=["emploi"],
    summary=_("Déposer ou mettre à jour une entreprise à reprendre"),
    description=_(
        "Pour les clés partenaires (CCI, CMA, Chambre d'agriculture) et la coordination. L'entreprise est rattachée "
        "au réseau de la clé ; la même `reference` met à jour la même entreprise. Refusé (400, en français, par "
        "champ) : sans l'accord de la personne à contacter (`contact_consent`), avec une commune hors du "
        "territoire du réseau, un prix maximum inférieur au prix minimum, ou un champ inconnu. Le cédant n'est "
        "jamais nommé ; la liste publique ne montre ni lui ni la personne à contacter."
    ),
    request=TakeoverBusinessInSerializer,
    parameters=[RETRY_AFTER],
    responses={201: OpenApiResponse(TakeoverBusinessOutSerializer, description=_("Entreprise enregistrée.")),
               200: OpenApiResponse(TakeoverBusinessOutSerializer, description=_("Entreprise mise à jour.")),
               **errors(400, 401, 403, 405, 413, 415, 429)},
)
class TakeoverBusinessUpsertView(APIView):
    permission_classes = [MayCreateLeads]

    def post(self, request):
        serializer = TakeoverBusinessInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reference = data.pop("reference")
        network = writing_network(request)
        user = None if partner_token(request) is not None else request.user
        business = TakeoverBusiness.objects.filter(network=network, reference=reference).first()
        try:
            with transaction.atomic():
                saved = takeover_save(network=network, data=data, consent=data.pop("contact_consent"), user=user,
                                      business=business, reference=reference)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        except IntegrityError:  # the same reference sent twice at once: the other call created it
            raise serializers.ValidationError({"reference": [_("Cette référence vient d'être créée par un autre "
                                                               "appel : renvoyez la demande.")]}) from None
        body = TakeoverBusinessOutSerializer({"id": saved.pk, "reference": reference,
                                              "created": business is None}).data
        return Response(body, status=status.HTTP_201_CREATED if business is None else status.HTTP_200_OK)
