"""Where coordinators write the kits' content (the crm.roles give them every
permission of this app).

Content is per network: an account lists what its networks wrote and what
is shared (no network named), and changes only its networks' own rows; a
shared row is the superuser's, since it reaches every programme's kits.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.access import networks_of
from crm.models import Network
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact, ServicePoint
from welcome_kits.services import kit_retry
from welcome_kits.text import markdown_to_safe_html


class ContentBlockInline(admin.StackedInline):
    model = ContentBlock
    extra = 0
    fields = ["title", "position", "is_active"]
    show_change_link = True


@admin.register(KitSection)
class KitSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "position", "is_active", "block_count"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]
    inlines = [ContentBlockInline]

    @admin.display(description=_("blocs"))
    def block_count(self, obj):
        return obj.blocks.count()


class NetworkScopedAdmin(admin.ModelAdmin):
    """Rows of the account's networks, and shared ones (read-only unless superuser)."""

    def _networks_q(self, request):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(self._networks_q(request)).distinct()

    def _is_own(self, request, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or self._is_own(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or request.user.is_superuser or self._is_own(request, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "network" and not request.user.is_superuser:
            kwargs["queryset"] = Network.objects.filter(pk__in=networks_of(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "networks" and not request.user.is_superuser:
            kwargs["queryset"] = Network.objects.filter(pk__in=networks_of(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ContentBlockForm(forms.ModelForm):
    # No Meta: the admin makes the form for its model and fields.

    def clean_networks(self):
        networks = self.cleaned_data.get("networks")
        if self.for_network_staff and not networks:
            raise forms.ValidationError(_("Choisissez le ou les réseaux de ce bloc : un bloc sans réseau va "
                                          "dans les kits de tous les programmes."))
        return networks


class PartnerContactForm(forms.ModelForm):

    def clean_network(self):
        network = self.cleaned_data.get("network")
        if self.for_network_staff and network is None:
            raise forms.ValidationError(_("Choisissez le réseau de ce partenaire : un partenaire sans réseau "
                                          "figure dans les kits de tous les programmes."))
        return network


def _form_for(request, form):
    # get_form makes a new form class each time: the flag is for this request only.
    form.for_network_staff = not request.user.is_superuser
    return form


@admin.register(ContentBlock)
class ContentBlockAdmin(NetworkScopedAdmin):
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
        (None, {"fields": ["section", "title", "body", "position", "is_active"]}),
        (_("Pour qui ? (laisser vide = tout le monde)"), {
            "fields": ["networks", "segments", "needs", "household", "departements", "epcis", "communes"],
            "description": _("Chaque critère rempli doit être vrai ; dans un critère, une seule valeur suffit. "
                             "Le territoire compte comme un seul critère : département, EPCI ou commune."),
        }),
        (_("Aperçu"), {"fields": ["preview", "updated_at"]}),
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

    def get_form(self, request, obj=None, **kwargs):
        return _form_for(request, super().get_form(request, obj, **kwargs))

    def _networks_q(self, request):
        return Q(networks__isnull=True) | Q(networks__in=networks_of(request.user))

    def _is_own(self, request, obj):
        named = {network.pk for network in obj.networks.all()}
        return bool(named) and named <= set(networks_of(request.user))


@admin.register(PartnerContact)
class PartnerContactAdmin(NetworkScopedAdmin):
    form = PartnerContactForm
    list_display = ["organisation", "contact_name", "phone", "email", "network", "departement", "epci", "is_active"]
    list_filter = ["needs", "network", "departement", "is_active"]
    search_fields = ["organisation", "contact_name", "email"]
    filter_horizontal = ["needs"]
    list_select_related = ["network", "departement", "epci"]

    def get_form(self, request, obj=None, **kwargs):
        return _form_for(request, super().get_form(request, obj, **kwargs))

    def _networks_q(self, request):
        return Q(network__isnull=True) | Q(network__in=networks_of(request.user))

    def _is_own(self, request, obj):
        return obj.network_id is not None and obj.network_id in networks_of(request.user)


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "commune", "phone", "is_active"]
    list_filter = ["category", "commune__departement", "is_active"]
    search_fields = ["name", "address", "commune__name"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(Kit)
class KitAdmin(admin.ModelAdmin):
    """Kits are made by the task: the admin reads them and can retry failures."""

    list_display = ["pk", "project", "status", "shown_version", "requested_at", "finished_at", "attempts"]
    list_filter = ["status"]
    list_select_related = ["project__contact", "same_as"]
    search_fields = ["=project__pk"]
    date_hierarchy = "requested_at"
    actions = ["retry_failed"]
    readonly_fields = [f.name for f in Kit._meta.fields]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(project__network__in=networks_of(request.user))

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
