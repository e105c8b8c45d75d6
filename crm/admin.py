"""The admin of crm's tables. Every ModelAdmin of the project that holds a
network's rows inherits NetworkScopedAdmin: it lists, offers and saves only
the rows of the user's networks (crm.scope); a superuser sees all."""

import json

from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.access_log import access_record
from crm.models import (
    Absence,
    AccessLog,
    Commune,
    Departement,
    Epci,
    Event,
    Need,
    Network,
    Organisation,
    OutboxEmail,
    Referent,
    Segment,
    Team,
)
from crm.outbox import outbox_retry
from crm.personal_data import Person, PersonKind, person_erase, person_export
from crm.scope import scoped
from crm.selectors import communes_matching


class NetworkScopedAdmin:
    """For ModelAdmins and inlines: the list, the change pages (another
    network's row answers as a missing one does), the choices of every
    foreign key and many-to-many, hence what a form accepts, all within the
    user's networks. A non-superuser must name one of their networks where a
    row has a network: an empty one would share it with every programme."""

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def _narrow(self, db_field, request, formfield):
        if formfield is not None and hasattr(formfield, "queryset"):
            formfield.queryset = scoped(formfield.queryset, request.user)
            if db_field.related_model is Network and not request.user.is_superuser:
                formfield.required = True
                formfield.empty_label = None
        return formfield

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return self._narrow(db_field, request, super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return self._narrow(db_field, request, super().formfield_for_manytomany(db_field, request, **kwargs))

    def has_change_permission(self, request, obj=None):
        # A shared row (no network: an organisation, an event, a rule every
        # programme uses) is read-only but for a superuser.
        if obj is not None and _shared(obj) and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _shared(obj) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


def _shared(obj):
    return not isinstance(obj, Network) and hasattr(obj, "network_id") and obj.network_id is None


class ReadOnlyAdmin:
    """For ModelAdmins of records nobody edits by hand (logs, receipts,
    consents): listed and read, never added, changed or deleted there."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def personal_data_actions(kind, subject=lambda obj: obj.pk, erase=False, emails=None):
    """Admin actions for the rights of people who are not prospects (staff,
    partners' contacts): a JSON copy of what the registry of personal data
    holds about the selected people and, where the registry erases them,
    the erasure. Prospects exercise theirs from their own link. `emails`
    (obj -> addresses): for people the registry finds by address (a housing
    offer's contact) rather than by a row's id."""

    def person_of(obj, by=None):
        addresses = tuple(a.lower() for a in emails(obj) if a) if emails else ()
        return Person(kind=kind, ids=(subject(obj),), emails=addresses, by=by)

    @admin.action(description=_("Copie de leurs données personnelles (JSON)"), permissions=["view"])
    def export_personal_data(modeladmin, request, queryset):
        people = []
        for obj in queryset:
            person = person_of(obj)
            people.append({
                "person": str(obj),
                "sections": [{"key": s.key, "title": str(s.title), "purpose": s.purpose, "retention": s.retention,
                              "rows": s.rows} for s in person_export(person)],
            })
        access_record(request, AccessLog.Kind.DATA_EXPORT,
                      what={"people": kind, "ids": [subject(obj) for obj in queryset]})
        response = HttpResponse(json.dumps({"generated_at": timezone.now().isoformat(), "people": people},
                                           ensure_ascii=False, indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="donnees-{kind}-{timezone.localdate()}.json"'
        response["Cache-Control"] = "no-store, private"
        return response

    @admin.action(description=_("Effacer leurs données personnelles"), permissions=["change"])
    def erase_personal_data(modeladmin, request, queryset):
        with transaction.atomic():
            count = 0
            for obj in queryset:
                person_erase(person_of(obj, by=request.user))
                count += 1
        modeladmin.message_user(request, ngettext("Données de %d personne effacées.",
                                                  "Données de %d personnes effacées.", count) % count,
                                messages.SUCCESS)

    return [export_personal_data, erase_personal_data] if erase else [export_personal_data]


@admin.register(Departement)
class DepartementAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ["name", "siren", "nature", "departement"]
    list_filter = ["departement", "nature"]
    search_fields = ["name", "siren"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["name", "insee", "epci", "departement", "population"]
    list_filter = ["departement", "epci"]
    search_fields = ["name", "insee"]
    list_select_related = ["epci", "departement"]
    # By the normalised key: "Boé" beside "Bo…", "Cœur de Causse" beside "Coeur…".
    ordering = ["name_search", "insee"]

    def get_search_results(self, request, queryset, search_term):
        """Also as the forms read a name: "coeur de causse", "st cere", "Vaillac"."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | queryset.filter(pk__in=communes_matching(search_term).values("pk"))
        return found, may_have_duplicates


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"code": ["name"]}


@admin.register(Network)
class NetworkAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Superusers create networks and say who works for which; a network's
    coordinators edit its brand, sender and data controller, never its
    address prefix, territories or staff (that would reach other networks)."""

    list_display = ["name", "programme", "slug", "is_active"]
    filter_horizontal = ["departements", "disabled_segments", "members"]
    superuser_only = ["slug", "name", "departements", "members", "is_active"]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else self.superuser_only

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Event)
class EventAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "place", "starts_on", "ends_on", "capacity", "organiser"]
    list_filter = ["kind"]
    search_fields = ["name", "place", "organiser"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["area_communes"]


@admin.register(Organisation)
class OrganisationAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "kind", "epci"]
    list_filter = ["kind"]
    search_fields = ["name"]


class AbsenceInline(NetworkScopedAdmin, admin.TabularInline):
    model = Absence
    extra = 0


@admin.register(Referent)
class ReferentAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "organisation", "capacity", "is_active"]
    # Only the teams in the list: the plain filter would name every network's.
    list_filter = ["is_active", "organisation__kind", ("teams", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    list_select_related = ["user", "organisation"]
    inlines = [AbsenceInline]
    # A referent's own data (account, card, absences, sign-in attempts).
    actions = personal_data_actions(PersonKind.STAFF, subject=lambda referent: referent.user_id)


@admin.register(Team)
class TeamAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "organisation"]
    filter_horizontal = ["members"]
    list_select_related = ["organisation"]


# Contact's admin is registered by onboarding.admin: saving a contact goes
# through onboarding's service, which records the edit in the history.


@admin.register(OutboxEmail)
class OutboxEmailAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """What the application owes and sent: read-only, with one action for
    rows the mail server refused too often. A coordinator sees the rows about
    their networks' projects and contacts; the rest (a coordinators' digest)
    is the superuser's."""

    list_display = ["created_at", "kind", "cause", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["cause", "message_id"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    # The args may hold an address typed on a public page: not shown.
    exclude = ["args"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Renvoyer les e-mails en échec sélectionnés"), permissions=["view"])
    def send_again(self, request, queryset):
        count = outbox_retry(pks=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, ngettext("%d e-mail renvoyé.", "%d e-mails renvoyés.", count) % count)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdmin, NetworkScopedAdmin, admin.ModelAdmin):
    """Who read what, for the coordinators to find an unusual read: their
    networks' projects, and the lists and exports of their networks' staff.
    Read-only; only the retention purge deletes (crm.access_log)."""

    list_display = ["at", "username", "kind", "project_id", "path", "detail", "network"]
    list_filter = [
        "kind", ("user", admin.RelatedOnlyFieldListFilter), ("network", admin.RelatedOnlyFieldListFilter),
    ]
    # A project number typed in the search finds its reads; ?project_id=N is the project page's link.
    search_fields = ["username", "path", "=project_id"]
    date_hierarchy = "at"
    list_select_related = ["network"]
    show_full_result_count = False

    @admin.display(description=_("détail"))
    def detail(self, obj):
        return obj.detail
