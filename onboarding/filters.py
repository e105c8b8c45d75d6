"""The project list's filters: every value is a code or an id a partner system knows."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from onboarding.models import Project
from onboarding.states import State


class IdFilter(filters.NumberFilter):
    # An id, not a decimal; bounded so that the database never sees an out-of-range integer.
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class UtcIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        # PostgreSQL refuses offsets past ±15:59 that ISO 8601 allows ("+17:14"),
        # and some dates have no UTC equivalent (year 1 east of Greenwich).
        try:
            return value.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise ValidationError(_("Cette date est hors des limites."), code="invalid") from None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class ProjectFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=State.choices, help_text=_("État du projet."))
    segment = filters.CharFilter(field_name="segment__code", help_text=_("Code du segment (cible)."))
    need = filters.CharFilter(field_name="needs__code", distinct=True, help_text=_("Code d'un besoin."))
    epci = filters.CharFilter(
        method="filter_epci",
        help_text=_("SIREN de l'intercommunalité visée (directement ou par la commune visée)."),
    )
    referent = IdFilter(field_name="referent_id", help_text=_("Identifiant du référent."))
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=_("Modifiés depuis (date et heure ISO 8601).")
    )

    class Meta:
        model = Project
        fields = ["state", "segment", "need", "epci", "referent", "updated_since"]

    def filter_epci(self, queryset, name, value):
        # Same rule as the workspace's list (selectors.project_list).
        return queryset.filter(Q(target_epci__siren=value) | Q(target_commune__epci__siren=value))
