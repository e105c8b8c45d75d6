"""The staff's ambassador pages: the list (filters, search, pages), an
ambassador's page (their introductions and referrals; coordinators approve,
pause or remove), the figures, and proposing an ambassador from a project's
page. Every lookup is scoped to the user's networks: 404 otherwise."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ambassadors.forms import AmbassadorFilters
from ambassadors.links import referral_url
from ambassadors.models import Ambassador
from ambassadors.proposals import AMBASSADOR
from ambassadors.selectors import (
    ambassador_figures,
    ambassador_for,
    ambassador_introductions,
    ambassador_referrals,
    staff_ambassadors,
)
from ambassadors.services import AmbassadorError, ambassador_link_send, ambassador_status_set
from ambassadors.views import qr_response
from crm.access import is_coordinator, networks_of
from onboarding.access import coordinator_required, project_for, projects_visible_to, staff_required
from onboarding.services.proposals import ProposalError, proposal_create

PAGE_SIZE = 25
ACTIONS = {"approve": Ambassador.Status.APPROVED, "pause": Ambassador.Status.PAUSED,
           "remove": Ambassador.Status.REMOVED}


def _ambassador_or_404(user, pk):
    ambassador = ambassador_for(user, pk)
    if ambassador is None:
        raise Http404
    return ambassador


@staff_required
@require_GET
def ambassador_list(request):
    filters = AmbassadorFilters(request.GET or None, network_ids=networks_of(request.user))
    page = Paginator(staff_ambassadors(request.user, **filters.values()), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ambassadors/staff_list.html", {
        "filters": filters, "page": page, "querystring": query.urlencode()})


@staff_required
@require_GET
def ambassador_detail(request, pk):
    ambassador = _ambassador_or_404(request.user, pk)
    referrals, introductions = ambassador_referrals(ambassador), ambassador_introductions(ambassador)
    # A project is linked only for those who may open it.
    visible = set(projects_visible_to(request.user).filter(
        pk__in=[row.project_id for row in [*referrals, *introductions]]).values_list("pk", flat=True))
    return render(request, "ambassadors/staff_detail.html", {
        "ambassador": ambassador, "referrals": referrals, "introductions": introductions, "visible": visible,
        "may_decide": is_coordinator(request.user), "events": list(ambassador.events.select_related("by")),
        "referral_url": referral_url(ambassador) if ambassador.counts else "",
    })


@coordinator_required
@require_POST
def ambassador_decide(request, pk):
    ambassador = _ambassador_or_404(request.user, pk)
    action = request.POST.get("action", "")
    if action == "link":
        ambassador_link_send(ambassador=ambassador)
        messages.success(request, _("Un nouveau lien personnel est envoyé à l'ambassadeur."))
    elif action in ACTIONS:
        try:
            ambassador_status_set(ambassador=ambassador, status=ACTIONS[action], user=request.user)
        except AmbassadorError as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("État enregistré."))
    else:
        messages.error(request, _("Choix inconnu : actualisez la page et réessayez."))
    return redirect("ambassador_detail", ambassador.pk)


@staff_required
@require_GET
def ambassador_qr(request, pk):
    ambassador = _ambassador_or_404(request.user, pk)
    if not ambassador.counts:
        raise Http404
    return qr_response(ambassador)


@staff_required
@require_POST
def ambassador_propose(request, pk):
    """Propose an ambassador to the project (its referent, a coordinator),
    through the shared mechanism: the person is told and answers from their
    tracking page; both get each other's contact only once they accept."""
    project = project_for(request.user, pk, write=True)
    back = reverse("project_detail", args=[project.pk]) + "#ambassadeurs"
    ambassador_id = request.POST.get("ambassador", "")
    if not ambassador_id.isdigit() or len(ambassador_id) > 18:
        messages.error(request, _("Cet ambassadeur n'est plus disponible."))
        return redirect(back)
    try:
        _proposal, created = proposal_create(project=project, kind=AMBASSADOR.code, target_id=int(ambassador_id),
                                             user=request.user)
    except ProposalError as refused:
        messages.error(request, refused.message)
        return redirect(back)
    messages.success(request, _("Ambassadeur proposé : la personne est prévenue par e-mail et répond depuis sa page "
                                "de suivi.") if created else _("Cet ambassadeur était déjà proposé à ce projet."))
    return redirect(back)


def _day(value, default):
    day = parse_date(value or "") if len(value or "") <= 10 else None
    return day if day is not None and 2000 <= day.year <= 2100 else default


@staff_required
@require_GET
def ambassador_figures_page(request):
    today = timezone.localdate()
    start = _day(request.GET.get("du"), datetime.date(today.year, 1, 1))
    end = _day(request.GET.get("au"), today)
    if end < start:
        start, end = end, start
    lines, total = ambassador_figures(request.user, start=start, end=end)
    return render(request, "ambassadors/figures.html", {"lines": lines, "total": total, "start": start, "end": end})
