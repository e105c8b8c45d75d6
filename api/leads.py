"""A partner's lead: JSON validated by the same rules as the public form,
turned straight into the typed `IntakeData` that `intake_submit` takes.

The field rules are shared, not copied: phone, commune and children's ages
come from crm.validators, the territory rule from
onboarding.services.intake.territory_choose, the lengths from the models.
Only what a browser needs is left out: the bot checks (a partner is
identified by its key) and the "how did you hear of us" question (the
source is the partner API).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from crm.models import Contact, Epci, Event, Need
from crm.validators import MAX_CHILD_AGE, MAX_CHILDREN, commune_from_code_or_name, phone_normalize
from onboarding.location import network_for
from onboarding.models import Project
from onboarding.services.intake import IntakeData, TerritoryChoice, territory_choose
from onboarding.states import Horizon

CONSENT_REFUSED = _("L'accord de la personne est nécessaire : sans « consent »: true (elle a accepté le texte de "
                    "consentement du programme), le contact n'est pas enregistré.")

# A person met us at a recent or coming event: the ones the form offers too.
EVENT_LOOKBACK_DAYS = 400


def _max(model, name):
    return model._meta.get_field(name).max_length


def _text(model, name, help_text, **kwargs):
    return serializers.CharField(max_length=_max(model, name), required=False, allow_blank=True,
                                 help_text=help_text, **kwargs)


class LeadSerializer(serializers.Serializer):
    """A lead, with the fields of the public project form."""

    first_name = serializers.CharField(max_length=_max(Contact, "first_name"), help_text=_("Prénom."))
    last_name = serializers.CharField(max_length=_max(Contact, "last_name"), help_text=_("Nom."))
    email = serializers.EmailField(max_length=254, help_text=_("Adresse e-mail : la confirmation et le lien de "
                                                               "suivi y sont envoyés."))
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True,
                                  help_text=_("Téléphone, français ou international (+32 470 12 34 56)."))
    current_city = _text(Contact, "current_city", _("Où la personne habite aujourd'hui."))
    has_partner = serializers.BooleanField(required=False, default=False, help_text=_("Viendrait en couple."))
    partner_occupation = _text(Contact, "partner_occupation", _("Métier du conjoint ou de la conjointe."))
    partner_seeks_job = serializers.BooleanField(required=False, default=False,
                                                 help_text=_("Le conjoint cherchera un emploi ici."))
    children_ages = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_CHILD_AGE), max_length=MAX_CHILDREN,
        required=False, help_text=_("Âges des enfants qui viendraient, en années."),
    )
    summary = _text(Project, "summary", _("Métier ou projet professionnel."))
    needs = serializers.ListField(child=serializers.CharField(max_length=50), required=False,
                                  help_text=_("Codes des besoins (emploi, logement-location…)."))
    territory_choice = serializers.ChoiceField(
        choices=TerritoryChoice.CHOICES, required=False,
        help_text=_("Facultatif : déduit de target_commune ou target_epci s'ils sont donnés."),
    )
    target_commune = serializers.CharField(
        max_length=160, required=False, allow_blank=True, allow_null=True,
        help_text=_("Code INSEE, ou nom de la commune (« Figeac », « Cambes (47) »)."),
    )
    target_epci = serializers.CharField(max_length=9, required=False, allow_blank=True, allow_null=True,
                                        help_text=_("SIREN de l'intercommunalité."))
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False, default=Horizon.UNKNOWN,
                                      help_text=_("Quand la personne pense s'installer."))
    event = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                     help_text=_("Identifiant d'un événement (salon) récent."))
    referrer = _text(Project, "referrer", _("Ambassadeur ou prescripteur ; par défaut, le nom du partenaire."))
    message = _text(Project, "message", _("Ce que la personne veut dire de plus."))
    consent = serializers.BooleanField(
        help_text=_("Obligatoire, et vrai : la personne a accepté, sur le site partenaire, la version en vigueur "
                    "du texte de consentement du programme (finalité et durée de conservation, publiées dans sa "
                    "politique de confidentialité). Le projet garde cette version, la date et la clé d'API. Sans "
                    "cet accord, le contact est refusé (400)."),
        error_messages={"required": CONSENT_REFUSED, "null": CONSENT_REFUSED},
    )

    def validate_phone(self, value):
        return phone_normalize(value)

    def validate_target_commune(self, value):
        return commune_from_code_or_name(value) if (value or "").strip() else None

    def validate_target_epci(self, value):
        value = (value or "").strip()
        if not value:
            return None
        epci = Epci.objects.filter(siren=value).first()
        if epci is None:
            raise serializers.ValidationError(_("Aucune intercommunalité n'a le SIREN « %(siren)s ».")
                                              % {"siren": value})
        return epci

    def validate_needs(self, codes):
        needs = list(Need.objects.filter(code__in=codes, is_active=True).order_by("position", "name"))
        unknown = sorted(set(codes) - {need.code for need in needs})
        if unknown:
            raise serializers.ValidationError(_("Besoin(s) inconnu(s) : %(codes)s.") % {"codes": ", ".join(unknown)})
        return needs

    def validate_event(self, value):
        since = timezone.localdate() - datetime.timedelta(days=EVENT_LOOKBACK_DAYS)
        # The caller's network's events (context["events"]): another's answers as a missing one.
        events = self.context.get("events", Event.objects.none())
        event = events.filter(pk=value, ends_on__gte=since).first()
        if event is None:
            raise serializers.ValidationError(_("Aucun événement récent n'a l'identifiant %(id)s.") % {"id": value})
        return event

    def validate_consent(self, value):
        if not value:
            raise serializers.ValidationError(CONSENT_REFUSED)
        return value

    def validate(self, attrs):
        choice, commune, epci, errors = territory_choose(
            attrs.get("territory_choice"), commune=attrs.get("target_commune"), epci=attrs.get("target_epci"),
            commune_given=attrs.get("target_commune") is not None,
        )
        if errors:
            raise serializers.ValidationError(errors)
        attrs.update(territory_choice=choice, target_commune=commune, target_epci=epci)
        # The programme the lead goes to, found as intake_submit finds it.
        where = commune or epci
        attrs["network"] = network_for(departement_id=where.departement_id if where else None,
                                       given=self.context.get("network"))
        allowed = self.context.get("allowed_networks")
        if allowed is not None and (attrs["network"] is None or attrs["network"].pk not in allowed):
            # Staff: a lead for another programme's territory is that programme's to record.
            raise serializers.ValidationError(
                {"target_commune": [_("Ce territoire relève d'un autre programme que le vôtre.")]}
            )
        if attrs.get("partner_occupation") or attrs.get("partner_seeks_job"):
            attrs["has_partner"] = True
        return attrs

    def intake_data(self, *, referrer_default=""):
        data = self.validated_data
        return IntakeData(
            first_name=data["first_name"], last_name=data["last_name"], email=data["email"],
            phone=data.get("phone", ""), current_city=data.get("current_city", ""),
            has_partner=data["has_partner"], partner_occupation=data.get("partner_occupation", ""),
            partner_seeks_job=data["partner_seeks_job"],
            children_ages=tuple(sorted(data.get("children_ages", ()))), summary=data.get("summary", ""),
            needs=tuple(data.get("needs", ())), target_commune=data["target_commune"],
            target_epci=data["target_epci"], horizon=data["horizon"],
            referrer=data.get("referrer") or referrer_default[:200], message=data.get("message", ""),
            consent=data["consent"],
        )
