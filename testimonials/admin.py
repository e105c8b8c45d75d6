"""Coordinators moderate their network's testimonials here: written and
corrected through testimonials.services (the photo checked by crm.images),
published, put back in draft, archived, the consent withdrawn, each change
a row of the testimonial's history."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from crm.access import is_coordinator
from crm.admin import NetworkScopedAdmin, ReadOnlyAdmin, personal_data_actions
from crm.images import image_clean
from crm.personal_data import PersonKind
from testimonials.models import Testimonial, TestimonialEvent, https_only
from testimonials.services import (
    testimonial_consent_withdraw,
    testimonial_create,
    testimonial_transition,
    testimonial_update,
)

Action = TestimonialEvent.Action


class TestimonialForm(forms.ModelForm):
    photo_file = forms.FileField(
        label=_("Photo"), required=False,
        help_text=_("JPEG, PNG ou WebP, 8 Mo au plus, 200 pixels de côté au moins ; elle est réduite et ses "
                    "métadonnées (lieu, appareil) sont retirées."),
    )
    photo_remove = forms.BooleanField(label=_("Retirer la photo"), required=False)
    video_url = forms.URLField(label=_("Lien vers une courte vidéo"), required=False, max_length=500,
                               assume_scheme="https", validators=[https_only])

    class Meta:
        model = Testimonial
        fields = ["network", "shown_name", "text", "text_en", "occupation", "household", "former_region", "segment", "needs",
                  "epci", "video_url", "consent_given_on", "consent_wording", "published_from", "published_until"]

    def clean_photo_file(self):
        photo = self.cleaned_data.get("photo_file")
        if photo:
            image_clean(photo)  # the one rule (crm.images): its French refusal shown on the field
        return photo


class TestimonialEventInline(ReadOnlyAdmin, NetworkScopedAdmin, admin.TabularInline):
    model = TestimonialEvent
    fields = ["at", "action", "from_status", "to_status", "by", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Historique (qui, quand, quoi)")


class CoordinatorsOnly:
    """The moderation is the coordinators' (and a superuser's)."""

    def _may(self, request):
        return request.user.is_superuser or is_coordinator(request.user)

    def has_module_permission(self, request):
        return self._may(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._may(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Never deleted by hand: withdrawn, archived, erased (its history stays).
        return False


def _transition_action(action, description):
    def run(modeladmin, request, queryset):
        done, refused = 0, []
        for testimonial in queryset:
            try:
                testimonial_transition(testimonial=testimonial, by=request.user, action=action)
                done += 1
            except ValidationError as error:
                refused.append(f"{testimonial.shown_name} : {' '.join(error.messages)}")
        if done:
            modeladmin.message_user(request, ngettext("%d témoignage mis à jour.", "%d témoignages mis à jour.",
                                                      done) % done, messages.SUCCESS)
        for line in refused:
            modeladmin.message_user(request, line, messages.ERROR)

    run.__name__ = f"testimonial_{action}"
    return admin.action(description=description, permissions=["change"])(run)


@admin.action(description=_("Consentement retiré : dépublier aussitôt"), permissions=["change"])
def withdraw_consent(modeladmin, request, queryset):
    count = 0
    for testimonial in queryset:
        testimonial_consent_withdraw(testimonial=testimonial, by=request.user)
        count += 1
    modeladmin.message_user(request, ngettext(
        "%d témoignage dépublié : le consentement est retiré.",
        "%d témoignages dépubliés : le consentement est retiré.", count) % count, messages.SUCCESS)


@admin.register(Testimonial)
class TestimonialAdmin(CoordinatorsOnly, NetworkScopedAdmin, admin.ModelAdmin):
    form = TestimonialForm
    list_display = ["shown_name", "occupation", "epci", "status", "published_from", "published_until",
                    "consent_withdrawn_at", "network"]
    list_filter = ["status", "network", "household", "segment"]
    search_fields = ["shown_name", "occupation", "text"]
    list_select_related = ["epci", "network"]
    readonly_fields = ["status", "photo_shown", "consent_recorded_by", "consent_recorded_at", "consent_withdrawn_at",
                       "erased_at"]
    inlines = [TestimonialEventInline]
    actions = [
        _transition_action(Action.PUBLISH, _("Publier")),
        _transition_action(Action.UNPUBLISH, _("Remettre en brouillon")),
        _transition_action(Action.ARCHIVE, _("Archiver")),
        withdraw_consent,
        *personal_data_actions(PersonKind.TESTIMONIAL, erase=True),
    ]
    fieldsets = [
        (None, {"fields": ["network", "status", "shown_name", "text", "text_en", "photo_shown", "photo_file", "photo_remove",
                           "video_url"]}),
        (_("Profil (pour les rapprocher des projets)"), {
            "fields": ["occupation", "household", "former_region", "segment", "needs", "epci"]}),
        (_("Consentement écrit"), {"fields": ["consent_given_on", "consent_wording", "consent_recorded_by",
                                              "consent_recorded_at", "consent_withdrawn_at", "erased_at"]}),
        (_("Période de publication"), {"fields": ["published_from", "published_until"]}),
    ]

    @admin.display(description=_("photo enregistrée"))
    def photo_shown(self, obj):
        return _("oui") if obj.photo else _("non")

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in TestimonialForm.Meta.fields
                if name not in ("needs", "network")}
        photo = form.cleaned_data.get("photo_file")
        if change:
            saved = testimonial_update(testimonial=obj, by=request.user, needs=form.cleaned_data["needs"],
                                       photo=photo, photo_remove=form.cleaned_data.get("photo_remove"), **data)
        else:
            saved = testimonial_create(network=form.cleaned_data["network"], by=request.user,
                                       needs=form.cleaned_data["needs"], photo=photo, **data)
        obj.pk = saved.pk

    def save_related(self, request, form, formsets, change):
        # The needs are set by the service (its history row says so); the history inline is read-only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
