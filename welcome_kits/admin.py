"""Where coordinators write the kits' content (the crm.roles give them every
permission of this app)."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact, ServicePoint, TerritoryBranding
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


@admin.register(ContentBlock)
class ContentBlockAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "position", "household", "scope_summary", "is_active"]
    list_editable = ["position", "is_active"]
    list_filter = ["section", "is_active", "household", "segments", "needs", "departements"]
    search_fields = ["title", "body"]
    list_select_related = ["section"]
    filter_horizontal = ["segments", "needs", "departements", "epcis"]
    autocomplete_fields = ["communes"]
    readonly_fields = ["preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["section", "title", "body", "position", "is_active"]}),
        (_("Pour qui ? (laisser vide = tout le monde)"), {
            "fields": ["segments", "needs", "household", "departements", "epcis", "communes"],
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


@admin.register(PartnerContact)
class PartnerContactAdmin(admin.ModelAdmin):
    list_display = ["organisation", "contact_name", "phone", "email", "departement", "epci", "is_active"]
    list_filter = ["needs", "departement", "is_active"]
    search_fields = ["organisation", "contact_name", "email"]
    filter_horizontal = ["needs"]
    list_select_related = ["departement", "epci"]


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "commune", "phone", "is_active"]
    list_filter = ["category", "commune__departement", "is_active"]
    search_fields = ["name", "address", "commune__name"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(TerritoryBranding)
class TerritoryBrandingAdmin(admin.ModelAdmin):
    list_display = ["programme", "departement", "swatches"]

    @admin.display(description=_("couleurs"))
    def swatches(self, obj):
        # SVG fills, not style attributes: the Content-Security-Policy forbids inline styles.
        swatch = '<svg width="32" height="16" role="img" aria-label="{0}"><rect width="32" height="16" fill="{0}"/></svg>'
        return format_html(swatch + " " + swatch.replace("{0}", "{1}"), obj.primary_colour, obj.accent_colour)


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
