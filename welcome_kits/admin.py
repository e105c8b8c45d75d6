"""Where coordinators write the kits' content (the crm.roles give them every
permission of this app).

Content is per network: an account lists what its networks wrote and what
is shared (no network named), and changes only its networks' own rows; a
shared row is the superuser's, since it reaches every programme's kits.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.access import networks_of
from crm.admin import NetworkScopedAdmin, personal_data_actions
from crm.personal_data import PersonKind
from welcome_kits.concerned import KIT_SUBJECTS, kit_subject
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact, ServicePoint
from welcome_kits.service_points_import import service_points_import
from welcome_kits.services import kit_refresh_for, kit_retry
from welcome_kits.text import markdown_to_safe_html


class KitRefreshForm(forms.ModelForm):
    """The admin form of a row kits show, with the choice to tell the prospects."""

    # No Meta: the admin makes the form for its model and fields.
    announce = forms.BooleanField(
        label=_("Prévenir par e-mail les porteurs de projet dont le kit change"), required=False,
        help_text=_("Les kits déjà remis qui montrent cette fiche sont mis à jour dans tous les cas (environ dix "
                    "minutes après la dernière modification) ; sans cette case, le nouveau lien n'est pas envoyé."),
    )


class KitRefreshAdmin:
    """For the admin of a kind of row that kits show (welcome_kits.concerned):
    adding one, changing what a kit prints of it, or deleting some queues a
    new version of each done kit concerned (coalesced: services.kit_refresh_request);
    their prospects are e-mailed only when staff tick "announce" or use the action."""

    form = KitRefreshForm
    actions = ["refresh_and_announce"]

    def _refreshed(self, request, count, announce):
        if count:
            self.message_user(request, ngettext(
                "%(count)d kit déjà remis sera mis à jour%(how)s.",
                "%(count)d kits déjà remis seront mis à jour%(how)s.", count,
            ) % {"count": count, "how": _(" et annoncé au porteur de projet") if announce else ""},
                messages.INFO)

    def _kits_may_change(self, form, formsets, change):
        """A new row may enter kits; a change counts when it touches what a
        kit prints of the row, or the rows edited inline (a section's blocks)."""
        if not change or any(formset.has_changed() for formset in formsets
                             if formset.model._meta.label in KIT_SUBJECTS):
            return True
        changed = set(form.changed_data) - {"announce"}
        fields = kit_subject(self.model).fields
        return bool(changed & set(fields)) if fields else bool(changed)

    def save_related(self, request, form, formsets, change):
        # After the many-to-many (a block's scope, a partner's needs) are saved.
        super().save_related(request, form, formsets, change)
        if self._kits_may_change(form, formsets, change):
            announce = bool(form.cleaned_data.get("announce"))
            self._refreshed(request, kit_refresh_for(model=self.model, ids=[form.instance.pk], announce=announce),
                            announce)

    # A deleted row concerns the kits that showed it; they are found after the deletion.
    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        self._refreshed(request, kit_refresh_for(model=self.model, ids=[pk]), False)

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        self._refreshed(request, kit_refresh_for(model=self.model, ids=ids), False)

    @admin.action(description=_("Mettre à jour les kits concernés et prévenir les porteurs de projet"),
                  permissions=["change"])
    def refresh_and_announce(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        self._refreshed(request, kit_refresh_for(model=self.model, ids=ids, announce=True), True)


class ContentBlockInline(admin.StackedInline):
    model = ContentBlock
    extra = 0
    fields = ["title", "position", "is_active"]
    show_change_link = True


@admin.register(KitSection)
class KitSectionAdmin(KitRefreshAdmin, admin.ModelAdmin):
    list_display = ["title", "position", "is_active", "block_count"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]
    inlines = [ContentBlockInline]

    @admin.display(description=_("blocs"))
    def block_count(self, obj):
        return obj.blocks.count()


class KitContentAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Lists and choices by the one scope rule (crm.admin.NetworkScopedAdmin,
    crm.scope: the account's networks' rows and shared ones); a row changes
    only where it is the account's networks' own (`_is_own`), a shared one
    only for a superuser."""

    def _is_own(self, request, obj):
        raise NotImplementedError  # each content admin says what "own" means for its rows

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or self._is_own(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or self._is_own(request, obj))


class _NetworkNamedForm(KitRefreshForm):
    """Network staff must name their network(s) (the scope mixin makes the
    field required for them); the refusal says why."""

    # No Meta: the admin makes the form for its model and fields.
    network_field = ""
    network_required = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get(self.network_field)
        if field is not None:
            field.error_messages["required"] = self.network_required


class ContentBlockForm(_NetworkNamedForm):
    network_field = "networks"
    network_required = _("Choisissez le ou les réseaux de ce bloc : un bloc sans réseau va "
                         "dans les kits de tous les programmes.")


class PartnerContactForm(_NetworkNamedForm):
    network_field = "network"
    network_required = _("Choisissez le réseau de ce partenaire : un partenaire sans réseau "
                         "figure dans les kits de tous les programmes.")


@admin.register(ContentBlock)
class ContentBlockAdmin(KitRefreshAdmin, KitContentAdmin):
    form = ContentBlockForm
    list_display = ["title", "section", "position", "household", "scope_summary", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["section", "is_active", "household", "networks", "segments", "needs", "departements"]
    search_fields = ["title", "body"]
    list_select_related = ["section"]
    filter_horizontal = ["networks", "segments", "needs", "departements", "epcis"]
    autocomplete_fields = ["communes"]
    readonly_fields = ["preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["section", "title", "body", "promises", "position", "is_active"]}),
        (_("En anglais (vide : le kit en anglais montre le texte français)"), {"fields": ["title_en", "body_en"]}),
        (_("Pour qui ? (laisser vide = tout le monde)"), {
            "fields": ["networks", "segments", "needs", "household", "departements", "epcis", "communes"],
            "description": _("Chaque critère rempli doit être vrai ; dans un critère, une seule valeur suffit. "
                             "Le territoire compte comme un seul critère : département, EPCI ou commune."),
        }),
        (_("Aperçu"), {"fields": ["preview", "updated_at"]}),
        (_("Kits déjà remis"), {"fields": ["announce"]}),
    ]

    @admin.display(description=_("aperçu du texte, tel qu'il sera imprimé"))
    def preview(self, obj):
        return markdown_to_safe_html(obj.body) if obj.pk else "—"

    @admin.display(description=_("portée"))
    def scope_summary(self, obj):
        parts = [
            ", ".join(s.name for s in obj.segments.all()),
            ", ".join(n.name for n in obj.needs.all()),
            ", ".join(d.name for d in obj.departements.all()),
            ", ".join(e.name for e in obj.epcis.all()),
        ]
        return " · ".join(p for p in parts if p) or _("tout le monde")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("segments", "needs", "departements", "epcis")

    def _is_own(self, request, obj):
        named = {network.pk for network in obj.networks.all()}
        return bool(named) and named <= set(networks_of(request.user))


@admin.register(PartnerContact)
class PartnerContactAdmin(KitRefreshAdmin, KitContentAdmin):
    form = PartnerContactForm
    list_display = ["organisation", "contact_name", "phone", "email", "network", "departement", "epci", "agency_of",
                    "is_active"]
    list_filter = ["needs", "network", "departement", "is_active"]
    search_fields = ["organisation", "contact_name", "email"]
    filter_horizontal = ["needs"]
    autocomplete_fields = ["commune"]
    list_select_related = ["network", "departement", "epci"]
    # The interlocutor's rights: a copy of what is held, and the erasure of
    # their name and details (the partner's own entry stays).
    actions = [*personal_data_actions(PersonKind.PARTNER, erase=True), "refresh_and_announce"]

    def _is_own(self, request, obj):
        return obj.network_id is not None and obj.network_id in networks_of(request.user)


class ServicePointImportForm(forms.Form):
    fichier = forms.FileField(label=_("Fichier CSV (UTF-8)"), help_text=_(
        "Colonnes : nom ; categorie ; adresse ; code_insee ; latitude ; longitude ; telephone ; horaires ; "
        "site_web (séparateur « ; » ou « , »). Le format est décrit dans le README du projet."))


@admin.register(ServicePoint)
class ServicePointAdmin(KitRefreshAdmin, admin.ModelAdmin):
    list_display = ["name", "category", "commune", "phone", "hours", "is_active"]
    list_filter = ["category", "commune__departement", "is_active"]
    search_fields = ["name", "address", "commune__name"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]
    change_list_template = "admin/welcome_kits/servicepoint/change_list.html"

    def get_urls(self):
        return [path("importer/", self.admin_site.admin_view(self.import_view),
                     name="welcome_kits_servicepoint_import"), *super().get_urls()]

    def import_view(self, request):
        """Coordinators import points from a CSV: the valid rows in one transaction, the others reported."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ServicePointImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = service_points_import(data=form.cleaned_data["fichier"].read())
            if report.ids:
                self._refreshed(request, kit_refresh_for(model=ServicePoint, ids=report.ids), False)
        return TemplateResponse(request, "admin/welcome_kits/servicepoint/import.html", {
            **self.admin_site.each_context(request), "title": _("Importer des lieux de service (CSV)"),
            "form": form, "report": report, "opts": self.model._meta,
        })


@admin.register(Kit)
class KitAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Kits are made by the task: the admin reads them and can retry failures."""

    list_display = ["pk", "project", "status", "shown_version", "requested_at", "finished_at", "attempts"]
    list_filter = ["status"]
    list_select_related = ["project__contact", "same_as"]
    search_fields = ["=project__pk"]
    date_hierarchy = "requested_at"
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in Kit._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Relancer les kits en échec"), permissions=["view"])
    def retry_failed(self, request, queryset):
        count = sum(kit_retry(kit=kit) for kit in queryset.filter(status=Kit.Status.FAILED))
        self.message_user(
            request, ngettext("%d kit relancé.", "%d kits relancés.", count) % count, messages.SUCCESS
        )


def _with_kit_refresh(model):
    """The admin a lower app (crm) registered for a table whose rows kits
    show, with the kits' refresh added: crm knows nothing of kits."""
    registered = type(admin.site.get_model_admin(model))
    actions = [*(registered.actions or ()), "refresh_and_announce"]
    admin.site.unregister(model)
    admin.site.register(model, type(registered.__name__, (KitRefreshAdmin, registered), {"actions": actions}))


for _model in list(admin.site._registry):
    if _model._meta.label in KIT_SUBJECTS and not isinstance(admin.site.get_model_admin(_model), KitRefreshAdmin):
        _with_kit_refresh(_model)
