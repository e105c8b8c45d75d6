"""The public page of each network's testimonials, and their photos."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from crm.images import image_response
from crm.models import Epci, Segment
from crm.widgets import TranslatedNameChoiceField
from onboarding.public_site import public_network
from testimonials.models import Household
from testimonials.selectors import testimonial_shown_or_none, testimonials_public, testimonials_shown

PER_PAGE = 10


class ProfileFilter(forms.Form):
    """GET filters: a plain form, so that they work without JavaScript."""

    segment = TranslatedNameChoiceField(label=_("Profil"), queryset=Segment.objects.none(), required=False,
                                     empty_label=_("Tous les profils"), to_field_name="code")
    household = forms.ChoiceField(label=_("Foyer"), required=False,
                                  choices=[("", _("Tous les foyers")), *Household.choices])
    epci = forms.ModelChoiceField(label=_("Intercommunalité"), queryset=Epci.objects.none(), required=False,
                                  empty_label=_("Tout le territoire"), to_field_name="siren")

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = Segment.objects.filter(is_active=True).exclude(
            pk__in=network.disabled_segments.values("pk")).order_by("position", "name")
        # The places someone tells of: no intercommunality offered to find nothing.
        self.fields["epci"].queryset = Epci.objects.filter(
            pk__in=testimonials_shown(network).values("epci")).order_by("name")


@public_network
@require_GET
def testimonials_page(request, network):
    form = ProfileFilter(request.GET or None, network=network)
    # A filter that names nothing we know is dropped, never an error page.
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = testimonials_public(network, segment=chosen.get("segment"), household=chosen.get("household", ""),
                               epci=chosen.get("epci"))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "testimonials/public.html", {
        "network": network, "form": form, "page": page, "query": query.urlencode(),
        "filtered": any(chosen.values()),
    })


@public_network
@require_GET
def testimonial_photo(request, network, pk):
    """A shown testimonial's photo; anything else (hidden, withdrawn, another network's, missing) is a 404."""
    testimonial = testimonial_shown_or_none(network, pk)
    response = image_response(testimonial.photo.name if testimonial is not None else "")
    # Short: a withdrawn consent must not live on in caches for long.
    response["Cache-Control"] = "public, max-age=300"
    return response
