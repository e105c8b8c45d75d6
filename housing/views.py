"""The housing pages: the staff's offers (list, form, stays), a stay asked
for from a project's page, and each network's public list of current offers."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.access import is_coordinator, networks_of, referent_of
from crm.images import image_response
from crm.scope import scoped
from housing.forms import BookingDecisionForm, BookingRequestForm, OfferFilters, OfferForm
from housing.models import HousingBooking, HousingOffer
from housing.proposals import HOUSING_OFFER
from housing.selectors import current_offers, housing_figures, offer_bookings, public_offers, staff_offers
from housing.services import HousingError, booking_cancel, booking_decide, booking_request, offer_save
from onboarding.access import may_manage_housing_offer, project_for, staff_required
from onboarding.public_site import public_network
from onboarding.services.proposals import ProposalError, proposal_create

PAGE_SIZE = 20


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _offer_for(user, pk):
    """An offer of the user's networks: 404 otherwise, the same whether or not it exists."""
    return get_object_or_404(scoped(HousingOffer.objects.select_related(
        "commune", "commune__epci", "organisation", "network"), user), pk=pk)


def _may_enter_offers(user):
    return is_coordinator(user) or referent_of(user) is not None


@staff_required
@require_GET
def offer_list(request):
    filters = OfferFilters(request.GET or None, network_ids=networks_of(request.user))
    page = _page(request, staff_offers(request.user, **filters.values()))
    return render(request, "housing/offer_list.html", {
        "filters": filters, "page": page, "querystring": _querystring(request),
        "may_create": _may_enter_offers(request.user),
    })


def _offer_form_page(request, offer):
    form = OfferForm(request.POST or None, request.FILES or None, instance=offer, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not may_manage_housing_offer(form.instance, request.user):
            form.add_error("organisation", _("Vous ne pouvez saisir que les offres de votre organisation."))
        else:
            saved = offer_save(form.instance, user=request.user, photo=form.cleaned_data.get("photo_file"),
                               photo_remove=form.cleaned_data.get("photo_remove"))
            messages.success(request, _("Offre « %(title)s » enregistrée.") % {"title": saved.title})
            return redirect("housing_offer_detail", saved.pk)
    return render(request, "housing/offer_form.html", {"form": form, "offer": offer if offer.pk else None},
                  status=400 if form.errors else 200)


@staff_required
def offer_create(request):
    return _offer_form_page(request, HousingOffer())


@staff_required
def offer_edit(request, pk):
    offer = _offer_for(request.user, pk)
    if not may_manage_housing_offer(offer, request.user):
        raise PermissionDenied
    return _offer_form_page(request, offer)


@staff_required
@require_GET
def offer_detail(request, pk):
    offer = _offer_for(request.user, pk)
    manages = may_manage_housing_offer(offer, request.user)
    return render(request, "housing/offer_detail.html", {
        "offer": offer, "manages": manages, "bookings": offer_bookings(offer) if manages else [],
    })


@staff_required
@require_POST
def booking_decision(request, pk):
    """Accept, decline or cancel a stay: the offer's manager or a coordinator
    (cancel: the project's referent too). A stay of another network: 404."""
    booking = get_object_or_404(scoped(HousingBooking.objects.select_related("offer", "project"), request.user),
                                pk=pk)
    form = BookingDecisionForm(request.POST)
    back = request.POST.get("back") == "project"
    target = (reverse("project_detail", args=[booking.project_id]) + "#logement") if back else reverse(
        "housing_offer_detail", args=[booking.offer_id])
    if not form.is_valid():
        messages.error(request, _("Choix inconnu : actualisez la page et réessayez."))
        return redirect(target)
    decision = form.cleaned_data["decision"]
    try:
        if decision == "cancel":
            booking_cancel(booking=booking, user=request.user)
            messages.success(request, _("Séjour annulé."))
        else:
            decided = booking_decide(booking=booking, accept=decision == "accept", user=request.user)
            messages.success(request, _("Séjour %(status)s.") % {"status": decided.get_status_display()})
    except HousingError as refused:
        messages.error(request, refused.message)
    return redirect(target)


@staff_required
@require_POST
def booking_request_view(request, pk):
    """A stay in a temporary offer, asked for from the project's page."""
    project = project_for(request.user, pk, write=True)
    back = reverse("project_detail", args=[project.pk]) + "#logement"
    form = BookingRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    offer = HousingOffer.objects.filter(pk=form.cleaned_data["offer"], network=project.network_id).first()
    if offer is None:
        messages.error(request, _("Cette offre n'est plus disponible."))
        return redirect(back)
    try:
        booking_request(offer=offer, project=project, user=request.user, start_on=form.cleaned_data["start_on"],
                        end_on=form.cleaned_data["end_on"], household_size=form.cleaned_data["household_size"])
    except HousingError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(request, _("Séjour demandé au gestionnaire du logement."))
    return redirect(back)


@staff_required
@require_GET
def housing_figures_page(request):
    """Housing offers proposed, accepted, ended in a home, and temporary stays, by EPCI, for a year."""
    today = timezone.localdate()
    year = request.GET.get("annee", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else today.year
    lines, total = housing_figures(request.user, year=year)
    return render(request, "housing/figures.html", {"lines": lines, "total": total, "year": year})


@staff_required
@require_POST
def offer_propose(request, pk):
    """Propose an offer to the project (its referent, a coordinator), through the
    shared mechanism: the person is told and answers from their tracking page;
    the offer's contact is written to only once they accept."""
    project = project_for(request.user, pk, write=True)
    back = reverse("project_detail", args=[project.pk]) + "#logement"
    offer_id = request.POST.get("offer", "")
    if not offer_id.isdigit() or len(offer_id) > 18:
        messages.error(request, _("Cette offre n'est plus disponible."))
        return redirect(back)
    try:
        _proposal, created = proposal_create(project=project, kind=HOUSING_OFFER.code, target_id=int(offer_id),
                                             user=request.user)
    except ProposalError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(request, _("Logement proposé : la personne est prévenue par e-mail et répond depuis sa page de "
                                "suivi.") if created else _("Ce logement était déjà proposé à ce projet."))
    return redirect(back)


@staff_required
@require_GET
def offer_photo(request, pk):
    """An offer's photo for the staff of its network (drafts included)."""
    return image_response(_offer_for(request.user, pk).photo.name)


@public_network
@require_GET
def public_offer_photo(request, network, pk):
    """A current offer's photo on the public list; anything else (expired, withdrawn, a draft, another
    network's, missing) is the same 404."""
    offer = current_offers(network).filter(pk=pk).first()
    response = image_response(offer.photo.name if offer is not None else "")
    response["Cache-Control"] = "public, max-age=300"
    return response


@public_network
@require_GET
def public_list(request, network):
    """The network's current offers: no contact person, only the managing organisation."""
    filters = OfferFilters(request.GET or None, network_ids=[network.pk], public=True)
    page = _page(request, public_offers(network, **filters.values()))
    return render(request, "housing/public_list.html", {
        "network": network, "filters": filters, "page": page, "querystring": _querystring(request),
    })

