"""A partner's lead goes through the public form's own validation.

`LeadSerializer` checks the JSON types (and documents them in the schema);
`LeadForm`, the public `ProjectIntakeForm` itself, then applies the same
rules as for a person typing in the form: e-mail, phone, commune, children's
ages, territory, consent. Only what a browser needs is left out: the bot
checks (a partner is identified by its key) and the "how did you hear of us"
question (the source is the partner API).
"""

import re

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from crm.models import Commune
from intake.forms import MAX_CHILD_AGE, MAX_CHILDREN, ProjectIntakeForm, commune_label
from onboarding.states import Horizon

FORM_FIELDS = ProjectIntakeForm.base_fields
INSEE = re.compile(r"^\d[\dAB]\d{3}$")


class LeadForm(ProjectIntakeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["heard_via"]
        # Programs name things by their codes, not by database ids or labels.
        self.fields["needs"].to_field_name = "code"
        self.fields["target_epci"].to_field_name = "siren"
        # A form always posts its radio buttons; a program may leave them out.
        self.fields["territory_choice"].required = False
        self.fields["horizon"].required = False

    def check_human(self):
        pass  # the API key identifies the caller; the throttle limits it


def _max(name):
    return FORM_FIELDS[name].max_length


def _help(name):
    field = FORM_FIELDS[name]
    return field.help_text or field.label


class LeadSerializer(serializers.Serializer):
    """A lead, with the fields of the public project form."""

    first_name = serializers.CharField(max_length=_max("first_name"), help_text=_help("first_name"))
    last_name = serializers.CharField(max_length=_max("last_name"), help_text=_help("last_name"))
    email = serializers.EmailField(max_length=_max("email"), help_text=_help("email"))
    phone = serializers.CharField(max_length=_max("phone"), required=False, allow_blank=True,
                                  help_text=_help("phone"))
    current_city = serializers.CharField(max_length=_max("current_city"), required=False, allow_blank=True,
                                         help_text=_help("current_city"))
    has_partner = serializers.BooleanField(required=False, help_text=_help("has_partner"))
    partner_occupation = serializers.CharField(max_length=_max("partner_occupation"), required=False,
                                               allow_blank=True, help_text=_help("partner_occupation"))
    partner_seeks_job = serializers.BooleanField(required=False, help_text=_help("partner_seeks_job"))
    children_ages = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=MAX_CHILD_AGE), max_length=MAX_CHILDREN,
        required=False, help_text=_("Âges des enfants qui viendraient, en années."),
    )
    summary = serializers.CharField(max_length=_max("summary"), required=False, allow_blank=True,
                                    help_text=_help("summary"))
    needs = serializers.ListField(child=serializers.CharField(max_length=50), required=False,
                                  help_text=_("Codes des besoins (emploi, logement-location…)."))
    territory_choice = serializers.ChoiceField(
        choices=FORM_FIELDS["territory_choice"].choices, required=False,
        help_text=_("Facultatif : déduit de target_commune ou target_epci s'ils sont donnés."),
    )
    target_commune = serializers.CharField(
        max_length=_max("target_commune"), required=False, allow_blank=True,
        help_text=_("Code INSEE, ou nom de la commune (« Figeac », « Cambes (47) »)."),
    )
    target_epci = serializers.CharField(max_length=9, required=False, allow_blank=True,
                                        help_text=_("SIREN de l'intercommunalité."))
    horizon = serializers.ChoiceField(choices=Horizon.choices, required=False, help_text=_help("horizon"))
    event = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False,
                                     help_text=_("Identifiant d'un événement (salon) récent."))
    referrer = serializers.CharField(max_length=_max("referrer"), required=False, allow_blank=True,
                                     help_text=_("Ambassadeur ou prescripteur ; par défaut, le nom du partenaire."))
    message = serializers.CharField(max_length=_max("message"), required=False, allow_blank=True,
                                    help_text=_help("message"))
    consent = serializers.BooleanField(
        help_text=_("Vrai : la personne a accepté, sur le site partenaire, le texte de consentement du dispositif."),
    )

    def form_data(self):
        """The validated JSON, written as the public form posts it."""
        data = dict(self.validated_data)
        if "children_ages" in data:
            data["children_ages"] = ", ".join(str(age) for age in data["children_ages"])
        commune = (data.get("target_commune") or "").strip()
        if INSEE.match(commune):
            found = Commune.objects.select_related("departement").filter(insee=commune).first()
            if found is not None:
                data["target_commune"] = commune_label(found)
        for flag in ("has_partner", "partner_seeks_job", "consent"):
            if not data.get(flag):
                data.pop(flag, None)  # an unticked box is an absent one
        return data


def form_errors(form):
    """A Django form's errors as the API's 400 details: {field: [messages]}."""
    return {
        ("non_field_errors" if field == "__all__" else field): [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }
