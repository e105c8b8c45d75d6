from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiToken, LeadReceipt
from crm.access import is_coordinator
from crm.admin import NetworkScopedAdmin, ReadOnlyAdmin


class ApiTokenAddForm(forms.ModelForm):
    """Creating a key: the key itself is generated, shown once, and never stored."""

    class Meta:
        model = ApiToken
        fields = ["name", "kind", "network", "organisation", "user"]

    def clean(self):
        cleaned = super().clean()
        kind, user, network = cleaned.get("kind"), cleaned.get("user"), cleaned.get("network")
        if kind == ApiToken.Kind.PARTNER and network is None and "network" not in self.errors:
            self.add_error("network", _("Les contacts d'une clé partenaire vont à un programme : choisissez-le."))
        if user is not None and network is not None and not user.networks.filter(pk=network.pk).exists():
            self.add_error("user", _("Ce compte ne travaille pas pour ce réseau."))
        if kind == ApiToken.Kind.STAFF and user is None:
            self.add_error("user", _("Une clé d'équipe agit au nom d'un compte : choisissez-le."))
        if kind == ApiToken.Kind.PARTNER and user is not None:
            self.add_error("user", _("Une clé partenaire n'agit au nom d'aucun compte : laissez ce champ vide."))
        return cleaned


@admin.register(ApiToken)
class ApiTokenAdmin(NetworkScopedAdmin, admin.ModelAdmin):
    """Coordinators create and revoke keys; revoking keeps the row (and its history)."""

    list_display = ["name", "kind", "network", "organisation", "user", "key_prefix", "created_at", "last_used_at",
                    "revoked_at"]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "key_prefix"]
    list_select_related = ["organisation", "user"]
    raw_id_fields = ["user"]
    actions = ["revoke"]
    readonly_fields = ["kind", "network", "user", "key_prefix", "created_at", "created_by", "last_used_at", "revoked_at"]
    fields = ["name", "organisation", *readonly_fields]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenAddForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ApiTokenAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            key = ApiToken.generate_key()
            obj.set_key(key)
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            messages.warning(
                request,
                _("Clé d'API de « %(name)s » : %(key)s — copiez-la maintenant, elle ne sera plus jamais affichée.")
                % {"name": obj.name, "key": key},
            )

    @admin.action(description=_("Révoquer les clés sélectionnées"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(
            request, ngettext("%(n)d clé révoquée.", "%(n)d clés révoquées.", count) % {"n": count}, messages.SUCCESS
        )

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_add_permission(self, request):
        return is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the idempotency keys and the audit trail stay


@admin.register(LeadReceipt)
class LeadReceiptAdmin(ReadOnlyAdmin, NetworkScopedAdmin, admin.ModelAdmin):
    """A partner quotes its receipt; a coordinator finds the project here. Read-only."""

    list_display = ["reference", "token", "project_id", "created", "received_at"]
    list_filter = ["created", ("token", admin.RelatedOnlyFieldListFilter)]  # not every network's keys
    search_fields = ["reference"]  # a UUID searched by any part of it
    list_select_related = ["token"]
    fields = ["reference", "token", "project", "created", "received_at"]
    readonly_fields = fields

    @admin.display(description=_("projet n°"), ordering="project_id")
    def project_id(self, obj):
        return obj.project_id

    def has_module_permission(self, request):
        return is_coordinator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_coordinator(request.user)
