"""What the API reads and writes. Serializers shape data; services decide."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from onboarding.services.journey import available_transitions
from onboarding.states import Horizon, Source, State
from onboarding.transitions import TRANSITION_NAMES, Date, Needs, ProjectRef, request_fields

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

def _request_field(name, fields):
    """The API field for a transition field, by its kind (onboarding.transitions)."""
    kind = fields[0].kind
    help_text = next((f.help_text for f in fields if f.help_text), "") or fields[0].label
    common = {"required": False, "allow_null": True, "help_text": help_text}
    if isinstance(kind, Needs):
        return serializers.ListField(child=serializers.CharField(), **common)
    if isinstance(kind, Date):
        return serializers.DateField(**common)
    if isinstance(kind, ProjectRef):
        return serializers.IntegerField(min_value=1, max_value=2**63 - 1, **common)
    return serializers.CharField(allow_blank=True, **common)


class TransitionRequestSerializer(serializers.Serializer):
    """Each field after `expected_state` belongs to some transitions only; sending
    one that the transition does not take is a 400 naming it. The fields come
    from the transition contract (onboarding.transitions)."""

    transition = serializers.ChoiceField(choices=[(name, name) for name in TRANSITION_NAMES])
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    expected_state = serializers.ChoiceField(
        choices=State.choices, required=False,
        help_text=_("L'état lu : si le projet a changé depuis, la réponse est 409 changed_meanwhile."),
    )
    locals().update({name: _request_field(name, fields) for name, fields in request_fields()})

    CONTROL = ("transition", "note", "expected_state")

    def transition_fields(self):
        """The transition's own fields as sent (validated where we know them),
        unknown ones included so that the journey can name them in its refusal."""
        fields = {key: value for key, value in self.initial_data.items() if key not in self.CONTROL}
        for key in fields.keys() & self.validated_data.keys():
            fields[key] = self.validated_data[key]
        return fields


class TransitionResultSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    transition = serializers.CharField()
    from_state = serializers.ChoiceField(choices=State.choices)
    state = serializers.ChoiceField(choices=State.choices)
    state_label = serializers.CharField()
    available_transitions = serializers.ListField(child=serializers.CharField())
    at = serializers.DateTimeField()


# --- leads --------------------------------------------------------------------


class LeadResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(choices=State.choices)
    created = serializers.BooleanField(
        help_text=_("Faux si la demande a rejoint un projet existant, ou si un nouvel essai a rejoué un appel précédent.")
    )
