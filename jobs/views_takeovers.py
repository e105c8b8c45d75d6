"""Businesses to take over (jobs.TakeoverBusiness): the staff's list, form
and page (which lists the projects it fits and proposes it), and each
network's public list, without the seller's nor the adviser's identity.
Coordinators write (jobs.takeovers, shared with the chambers' API); every
staff member of the network reads and proposes. Another network's business
answers as a missing one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from crm.access import is_coordinator, networks_of
from crm.models import Departement, Network
from crm.scope import scoped
from jobs.forms import TakeoverFilters, TakeoverForm
from jobs.matching import MATCH_RADIUS_KM
from jobs.models import TakeoverBusiness
from jobs.takeovers import KIND, projects_for_business, public_businesses, takeover_save
from onboarding.access import project_for, projects_visible_to, staff_required
from onboarding.models import Proposal
from onboarding.public_site import public_network
from onboarding.services.proposals import ProposalError, proposal_create

PAGE_SIZE = 20


def _querystring(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _business(user, pk):
    business = scoped(TakeoverBusiness.objects.select_related("commune__epci", "network"), user).filter(pk=pk).first()
    if business is None:
        raise Http404
    return business


def _may_write(user):
    if not is_coordinator(user):
        raise PermissionDenied(_("Seule la coordination enregistre les entreprises à reprendre."))


@staff_required
@require_GET
def takeover_list(request):
    networks = networks_of(request.user)
    filters = TakeoverFilters(request.GET or None, departements=Departement.objects.filter(networks__in=networks))
    values = filters.values()
    rows = scoped(TakeoverBusiness.objects.select_related("commune__epci"), request.user)
    if values.get("q"):
        query = values["q"]
        rows = rows.filter(Q(activity__icontains=query) | Q(commune__name__icontains=query)
                           | Q(contact_organisation__icontains=query) | Q(reference__iexact=query))
    if values.get("sector"):
        rows = rows.filter(sector=values["sector"])
    if values.get("epci"):
        rows = rows.filter(commune__epci=values["epci"])
    if values.get("status"):
        rows = rows.filter(status=values["status"])
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/takeover_list.html", {
        "filters": filters, "page": page, "querystring": _querystring(request),
        "may_write": is_coordinator(request.user)})


def _initial(business):
    initial = {name: getattr(business, name) for name in (
        "activity", "sector", "price_min", "price_max", "premises", "housing_included", "available_on", "description",
        "contact_organisation", "contact_name", "contact_email", "contact_phone", "status")}
    return {**initial, "commune": business.commune_id, "contact_consent": True}


def _form_page(request, business=None):
    _may_write(request.user)
    networks = Network.objects.filter(pk__in=networks_of(request.user)).order_by("name")
    form = TakeoverForm(request.POST or None, networks=networks if business is None else networks.none(),
                        initial=_initial(business) if business else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        network = business.network if business else data.pop("network", None) or networks.first()
        if network is None:
            raise Http404
        try:
            saved = takeover_save(network=network, data=data, consent=data.pop("contact_consent"),
                                  user=request.user, business=business)
        except ValidationError as error:
            form.apply_errors(error)
        else:
            messages.success(request, _("Entreprise « %(name)s » enregistrée.") % {"name": saved.activity})
            return redirect("jobs_takeover_detail", pk=saved.pk)
    return render(request, "jobs/takeover_form.html", {"form": form, "business": business},
                  status=400 if form.errors else 200)


@staff_required
def takeover_create(request):
    return _form_page(request)


@staff_required
def takeover_edit(request, pk):
    return _form_page(request, _business(request.user, pk))


@staff_required
@require_GET
def takeover_detail(request, pk):
    business = _business(request.user, pk)
    matches = projects_for_business(business, visible=projects_visible_to(request.user))
    return render(request, "jobs/takeover_detail.html", {
        "business": business, "matches": matches, "radius": MATCH_RADIUS_KM,
        "may_write": is_coordinator(request.user)})


@staff_required
@require_POST
def takeover_propose(request, pk):
    """Propose this business to a project the user may act on (its referent, a coordinator)."""
    business = _business(request.user, pk)
    project_id = request.POST.get("project", "")
    if not project_id.isdigit() or len(project_id) > 18:
        raise Http404
    project = project_for(request.user, int(project_id), write=True)
    try:
        proposal, created = proposal_create(project=project, kind=KIND, target_id=business.pk, user=request.user,
                                            for_whom=Proposal.For.PROSPECT)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, _("Entreprise proposée au projet de %(name)s : la personne est prévenue par "
                                        "e-mail et répond depuis sa page de suivi.")
                             % {"name": project.contact.full_name})
        else:
            messages.info(request, _("Cette entreprise était déjà proposée à ce projet."))
    if request.POST.get("back") == "project":
        return redirect(reverse("project_detail", args=[project.pk]) + "#propositions")
    return redirect("jobs_takeover_detail", pk=business.pk)


@public_network
@require_GET
def takeover_public_list(request, network):
    """The network's businesses to take over: what, where, how much; never who sells nor the adviser's name."""
    filters = TakeoverFilters(request.GET or None, departements=network.departements.all(), public=True)
    values = filters.values()
    rows = public_businesses(network, sector=values.get("sector", ""), epci=values.get("epci"))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/takeover_public_list.html", {
        "network": network, "filters": filters, "page": page, "querystring": _querystring(request)})
