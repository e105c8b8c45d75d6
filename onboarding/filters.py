"""The one filter set of projects, for the staff list, the API and the
reports' territory and profile filters.

Every value is a code or an id a partner system knows (segment and need
codes, the EPCI's SIREN, the département's code). Where a project is comes
from its stored `epci` / `departement` (onboarding.location): an EPCI's row
in the reports and the list filtered by that EPCI show the same projects.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from crm.models import Departement, Epci, Event, Need, Referent, Segment
from crm.selectors import communes_matching, contacts_matching
from onboarding.models import Project
from onboarding.states import Source, State


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


def projects_with_need(queryset, need):
    # EXISTS rather than a join: a join on the needs would repeat projects
    # (and DISTINCT would spoil the reports' aggregates).
    return queryset.filter(
        Exists(Project.needs.through.objects.filter(project_id=OuterRef("pk"), need_id=need.pk))
    )


def projects_search(queryset, text):
    """Name, e-mail, or the start of the target commune's name or of a former name of it, as
    crm.selectors.communes_matching reads it (accents, œ, St/Ste).

    Names and e-mails as crm.selectors.contacts_matching reads them (the
    contact's folded key, through the trigram index on PostgreSQL).

    The communes first (a few hundred rows, one query), then the projects:
    `contact IN (...)` alone when no commune matches (most searches, a
    person's name), which PostgreSQL plans as it sees fit (a join through
    the project's contact index for a rare name, a scan by date that stops
    at the page for a common one); an OR with the communes' ids otherwise.
    With both always in one OR of two subqueries, no index could serve it:
    at 1,000,000 projects a name nobody has read every project (435 ms)."""
    contacts = contacts_matching(text)
    if contacts is None:
        return queryset
    matching = Q(contact_id__in=contacts.values("pk"))
    commune_ids = list(communes_matching(text).values_list("pk", flat=True))
    if commune_ids:
        matching |= Q(target_commune_id__in=commune_ids)
    return queryset.filter(matching)


class ProjectFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", label=_("Recherche (nom, e-mail, commune)"), max_length=100,
                           help_text=_("Nom, e-mail ou début du nom de la commune visée."))
    state = filters.ChoiceFilter(choices=State.choices, label=_("État"), empty_label=_("Tous"),
                                 help_text=_("État du projet."))
    segment = filters.ModelChoiceFilter(
        queryset=Segment.objects.order_by("position", "name"), to_field_name="code", label=_("Segment"),
        empty_label=_("Tous"), help_text=_("Code du segment (cible)."),
    )
    need = filters.ModelChoiceFilter(
        queryset=Need.objects.order_by("position", "name"), to_field_name="code", field_name="needs", method="filter_need",
        label=_("Besoin"), empty_label=_("Tous"), help_text=_("Code d'un besoin."),
    )
    departement = filters.ModelChoiceFilter(
        queryset=Departement.objects.order_by("code"), to_field_name="code", label=_("Département"),
        empty_label=_("Tous"), help_text=_("Code du département (46, 47) où est le projet."),
    )
    epci = filters.ModelChoiceFilter(
        queryset=Epci.objects.order_by("name"), to_field_name="siren", label=_("Intercommunalité"),
        empty_label=_("Toutes"),
        help_text=_("SIREN de l'intercommunalité où est le projet : celle de la commune d'installation, "
                    "sinon de la commune visée, sinon l'intercommunalité visée."),
    )
    source = filters.ChoiceFilter(choices=Source.choices, label=_("Source"), empty_label=_("Toutes"),
                                  help_text=_("D'où vient le projet."))
    event = filters.ModelChoiceFilter(
        queryset=Event.objects.order_by("-starts_on", "name"), label=_("Événement"), empty_label=_("Tous"),
        help_text=_("Identifiant de l'événement (salon)."),
    )
    referent = filters.ModelChoiceFilter(
        queryset=Referent.objects.select_related("user").order_by("user__last_name", "user__first_name"),
        label=_("Référent"), empty_label=_("Tous"), help_text=_("Identifiant du référent."),
    )
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Modifiés depuis"),
        help_text=_("Modifiés depuis (date et heure ISO 8601)."),
    )

    class Meta:
        model = Project
        fields = ["q", "state", "segment", "need", "departement", "epci", "source", "event", "referent",
                  "updated_since"]

    def filter_need(self, queryset, name, value):
        return projects_with_need(queryset, value)

    def filter_q(self, queryset, name, value):
        return projects_search(queryset, value)


def projects_filter(queryset, **values):
    """The same filters for code that holds model instances (the reports):
    `departement`, `epci`, `segment`, `need`, `event`, `referent` as instances
    or None, `source` and `state` as values; empty ones are left out."""
    return queryset.filter(projects_filter_q(**values))


def projects_filter_q(**values):
    """projects_filter's condition as a Q (empty when no filter is set), for
    an aggregate's FILTER clause: a condition on the row itself, where a
    `pk IN (subquery)` made PostgreSQL re-run the subquery for every row."""
    need = values.pop("need", None)
    unknown = set(values) - {"departement", "epci", "segment", "event", "referent", "source", "state"}
    if unknown:
        raise TypeError(f"projects_filter: unknown filters {sorted(unknown)}")
    condition = Q(**{name: value for name, value in values.items() if value})
    if need:
        condition &= Q(Exists(Project.needs.through.objects.filter(project_id=OuterRef("pk"), need_id=need.pk)))
    return condition


