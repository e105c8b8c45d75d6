"""What the API reads and writes. Serializers shape data; services decide."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from crm.models import Need
from onboarding.exceptions import InvalidTransitionField
from onboarding.services.journey import available_transitions
from onboarding.services.routing import may_reroute
from onboarding.states import Horizon, Source, State
from onboarding.transitions import SPECS, TRANSITION_NAMES, Choice, Date, Lookup, Needs, ProjectRef

# --- errors (for the schema: the body itself is built in exceptions.py) -----


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Stable, pour les programmes : invalid, not_found, condition_missing…"))
    message = serializers.CharField(help_text=_("Pour les personnes, en français sauf Accept-Language contraire."))
    details = serializers.DictField(
        help_text=_("Quels champs (invalid), quelles conditions (missing), quelles transitions (allowed)…")
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


# --- projects -----------------------------------------------------------------


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class EpciSerializer(serializers.Serializer):
    siren = serializers.CharField()
    name = serializers.CharField()


class CommuneSerializer(serializers.Serializer):
    insee = serializers.CharField()
    name = serializers.CharField()


class ReferentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class ProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField(source="get_state_display")
    available_transitions = serializers.SerializerMethodField()
    contact = ContactSerializer()
    source = serializers.ChoiceField(choices=Source.choices)
    segment = CodeNameSerializer(allow_null=True)
    needs = CodeNameSerializer(many=True, source="needs.all")  # prefetched: no query per project
    summary = serializers.CharField()
    horizon = serializers.ChoiceField(choices=Horizon.choices)
    target_epci = EpciSerializer(allow_null=True)
    target_commune = CommuneSerializer(allow_null=True)
    move_date = serializers.DateField(allow_null=True)
    installed_commune = CommuneSerializer(allow_null=True)
    installed_on = serializers.DateField(allow_null=True)
    referent = ReferentSerializer(allow_null=True)
    team = TeamSerializer(allow_null=True)
    first_contact_due_on = serializers.DateField(allow_null=True)
    first_contacted_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_available_transitions(self, project) -> list[str]:
        return available_transitions(project)


class ProjectDetailSerializer(ProjectSerializer):
    message = serializers.CharField()
    paused_from = serializers.CharField()
    pause_reason = serializers.CharField()
    resume_on = serializers.DateField(allow_null=True)
    abandon_reason = serializers.CharField()
    reject_reason = serializers.CharField()
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True)


# --- history ------------------------------------------------------------------


class TimelineEntrySerializer(serializers.Serializer):
    """One entry of the project's timeline: the same as on the staff page."""

    at = serializers.DateTimeField()
    kind = serializers.CharField(help_text=_("transition, routing, interaction, task, kit, email…"))
    title = serializers.CharField()
    body = serializers.CharField(help_text=_("La note, le motif ou le résumé."))
    by = serializers.CharField(help_text=_("Qui a agi ; « Système » pour le service lui-même."))
    extra = serializers.DictField(help_text=_("Selon le type : transition, champs, canal…"))


# --- transitions --------------------------------------------------------------
#
# One request serializer per transition, made from its spec in
# onboarding.transitions: the fields it takes, typed as the journey reads
# them, and required where the spec says so. The schema offers them as a
# oneOf on `transition`, so that it says what the API enforces.

NOT_VISIBLE = _("« %(field)s » : aucun projet de ce numéro parmi ceux que vous pouvez voir.")


class VisibleProjectField(serializers.IntegerField):
    """A project id, looked up among the projects the caller may see
    (`context["visible_projects"]`): a hidden project and a missing one get
    the same answer, as the staff page's field does."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)

    def run_validation(self, data=serializers.empty):
        pk = super().run_validation(data)  # an integer in range, or None
        if pk is None:
            return None
        visible = self.context.get("visible_projects")
        project = visible.filter(pk=pk).first() if visible is not None else None
        if project is None:
            # The journey's own refusal (400 invalid_field), never its look-up among all projects.
            raise InvalidTransitionField(NOT_VISIBLE % {"field": self.field_name}, field=self.field_name)
        return project


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _request_field(field):
    """The API field for one TransitionField, by its kind."""
    kind = field.kind
    common = {"help_text": field.help_text or field.label}
    common.update({"required": True} if field.required else {"required": False, "allow_null": True})
    if isinstance(kind, Needs):
        return serializers.ListField(child=serializers.CharField(max_length=_max_length(Need, "code")), **common)
    if isinstance(kind, Date):
        return serializers.DateField(**common)
    if isinstance(kind, ProjectRef):
        return VisibleProjectField(**common)
    if isinstance(kind, Choice):
        return serializers.ChoiceField(choices=kind.choices.choices, allow_blank=not field.required, **common)
    if isinstance(kind, Lookup):
        return serializers.CharField(max_length=_max_length(kind.model, kind.key), allow_blank=True, **common)
    return serializers.CharField(max_length=kind.max_length, allow_blank=not field.required, **common)


class TransitionRequestSerializer(serializers.Serializer):
    """What every transition takes; `transition_request_serializer` picks the
    transition's own serializer, which adds the transition's fields."""

    transition = serializers.ChoiceField(choices=[(name, name) for name in TRANSITION_NAMES])
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    expected_state = serializers.ChoiceField(
        choices=State.choices, required=False,
        help_text=_("L'état lu : si le projet a changé depuis, la réponse est 409 changed_meanwhile."),
    )

    CONTROL = ("transition", "note", "expected_state")

    def transition_fields(self):
        """The transition's own fields as sent (validated where we know them),
        unknown ones included so that the journey can name them in its refusal."""
        fields = {key: value for key, value in self.initial_data.items() if key not in self.CONTROL}
        for key in fields.keys() & self.validated_data.keys():
            fields[key] = self.validated_data[key]
        return fields


def _transition_serializer(spec):
    attrs = {
        "__doc__": f"{spec.label} ({spec.name}).",
        "__module__": __name__,
        "transition": serializers.ChoiceField(choices=[(spec.name, spec.name)]),
        **{field.name: _request_field(field) for field in spec.fields},
    }
    if may_reroute(spec):
        attrs["keep_referent"] = serializers.BooleanField(
            required=False, default=False,
            help_text=_("Si la transition change l'intercommunalité du projet : true pour le laisser à son "
                        "référent actuel ; sinon il est orienté à nouveau selon les règles du nouveau "
                        "territoire (une décision « reroute » enregistrée avec son motif)."),
        )
        attrs["CONTROL"] = (*TransitionRequestSerializer.CONTROL, "keep_referent")
    # "PauseSerializer": the schema's component "PauseRequest", its enums "PauseTransitionEnum"...
    class_name = "".join(part.title() for part in spec.name.split("_")) + "Serializer"
    return type(class_name, (TransitionRequestSerializer,), attrs)


TRANSITION_REQUEST_SERIALIZERS = {name: _transition_serializer(SPECS[name]) for name in TRANSITION_NAMES}


def transition_request_serializer(data, **kwargs):
    """The serializer for the transition the body names (the common one,
    which refuses the name, if it names none we know)."""
    name = data.get("transition") if isinstance(data, dict) else None
    if not isinstance(name, str) or name not in TRANSITION_REQUEST_SERIALIZERS:
        return TransitionRequestSerializer(data=data, **kwargs)
    return TRANSITION_REQUEST_SERIALIZERS[name](data=data, **kwargs)


class TransitionResultSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    transition = serializers.CharField()
    from_state = serializers.ChoiceField(choices=State.choices)
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField()
    available_transitions = serializers.ListField(child=serializers.CharField())
    at = serializers.DateTimeField()


# --- leads --------------------------------------------------------------------


class LeadReceiptSerializer(serializers.Serializer):
    """What a partner gets back: the same whether the person was new here or not."""

    receipt = serializers.UUIDField(
        help_text=_("La référence de ce dépôt, à citer à l'équipe en cas de question. Elle ne dit pas si la "
                    "personne était déjà connue.")
    )


class LeadResultSerializer(LeadReceiptSerializer):
    """What the coordination gets back: it may see every project."""

    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=State.choices)
    created = serializers.BooleanField(
        help_text=_("Faux si la demande a rejoint un projet existant, ou si un nouvel essai a rejoué un appel précédent.")
    )
