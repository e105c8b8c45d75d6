"""The admin of consent texts (versions), consents and the DPO's monthly retention log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from crm.admin import NetworkScopedAdmin, ReadOnlyAdmin
from crm.models import ConsentText
from crm.services.consent import consent_text_new_version
from onboarding.models import Consent, RetentionMonth


@admin.register(ConsentText)
class ConsentTextAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """"Ajouter" publishes the next version (its number is given, never typed).
    A version somebody accepted is read-only: change the text by adding a new
    version, which the forms show from then on (the old one stays, with the
    consents that point at it)."""

    list_display = ["version", "network", "published_at", "accepted"]
    list_filter = ["network"]
    fields = ["network", "version", "purpose", "body", "retention", "purpose_en", "body_en", "retention_en",
              "published_at"]

    @admin.display(description=_("acceptée"), boolean=True)
    def accepted(self, obj):
        return obj.is_referenced

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["version", "published_at"]
        if obj.is_referenced:
            return self.fields
        return ["network", "version", "published_at"]

    def get_changeform_initial_data(self, request):
        # "Nouvelle version à partir de celle-ci": the add form starts from that text.
        initial = super().get_changeform_initial_data(request)
        source = self.get_queryset(request).filter(pk=request.GET.get("copy") or 0).first() \
            if (request.GET.get("copy") or "").isdigit() else None
        if source is not None:
            initial.update(network=source.network_id, purpose=source.purpose, body=source.body,
                           retention=source.retention, purpose_en=source.purpose_en, body_en=source.body_en,
                           retention_en=source.retention_en)
        return initial

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "consent_text_copy": object_id}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        created = consent_text_new_version(network=obj.network, purpose=obj.purpose, retention=obj.retention,
                                           body=obj.body, translations={
                                               "purpose_en": obj.purpose_en, "body_en": obj.body_en,
                                               "retention_en": obj.retention_en})
        obj.pk, obj.version, obj.published_at = created.pk, created.version, created.published_at
        obj._state.adding = False

    def has_change_permission(self, request, obj=None):
        # Accepted: shown read-only, with its "new version" link.
        if obj is not None and obj.is_referenced:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_referenced:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin, NetworkScopedAdmin, admin.ModelAdmin):
    list_display = ["at", "project", "text", "channel", "by", "api_key_label"]
    list_filter = ["channel"]
    list_select_related = ["project__contact", "text__network", "by"]
    date_hierarchy = "at"


@admin.register(RetentionMonth)
class RetentionMonthAdmin(ReadOnlyAdmin, NetworkScopedAdmin, admin.ModelAdmin):
    """The DPO's log: written by the retention tasks only."""

    list_display = ["month", "network", "reminders_sent", "renewed", "anonymised"]
    list_filter = ["network"]
