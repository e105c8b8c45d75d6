"""The events pages: the staff's list, an event (its invitations, the send,
the attendance on a phone), the figures; and the person's invitation page
behind their signed link."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from crm.access import is_coordinator
from crm.models import Event
from crm.scope import in_networks_of
from events.forms import EventFilters, EventForm, PeriodForm, RegisterForm, SendForm
from events.links import LinkExpired, LinkInvalid, invitation_from_token
from events.models import Invitation
from events.selectors import (
    event_counts,
    event_figures,
    event_invitations,
    registered_invitations,
    seats_taken,
    staff_events,
)
from events.services import (
    EventError,
    attendance_mark,
    event_save,
    invitation_decline,
    invitation_register,
    invitations_send,
)
from onboarding.access import coordinator_required, may_manage_event, may_mark_attendance, staff_required
from onboarding.public_site import private, public_network

PAGE_SIZE = 20
SEARCH_MAX_LENGTH = 100


def _event_for(user, pk):
    """An event of the user's networks: 404 otherwise, the same whether or not it exists
    (shared events, with no network, are the salons' and the admin's)."""
    events = in_networks_of(Event.objects.select_related("network", "area_epci", "area_departement"), user)
    return get_object_or_404(events.prefetch_related("area_communes"), pk=pk)


@staff_required
@require_GET
def event_list(request):
    filters = EventFilters(request.GET or None)
    values = filters.values()
    events = staff_events(request.user, **values)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "events/event_list.html", {
        "filters": filters, "page": page, "querystring": query.urlencode(), "may_create": is_coordinator(request.user),
    })


def _event_form_page(request, event):
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = event_save(form.instance, user=request.user, communes=form.cleaned_data["communes"])
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Événement « %(name)s » enregistré.") % {"name": saved.name})
            return redirect("event_detail", saved.pk)
    return render(request, "events/event_form.html", {"form": form, "event": event if event.pk else None},
                  status=400 if form.errors else 200)


@coordinator_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    return _event_form_page(request, Event(kind=Event.Kind.WELCOME))


@staff_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = _event_for(request.user, pk)
    if not may_manage_event(event, request.user):
        raise PermissionDenied
    return _event_form_page(request, event)


@staff_required
@require_GET
def event_detail(request, pk):
    event = _event_for(request.user, pk)
    return render(request, "events/event_detail.html", {
        "event": event, "counts": event_counts(event), "by_state": event_invitations(event),
        "manages": may_manage_event(event, request.user),
        "marks": may_mark_attendance(event, request.user),
    })


@staff_required
@require_http_methods(["GET", "POST"])
def event_send(request, pk):
    """Choose an audience and invite it (coordinators of the event's network)."""
    event = _event_for(request.user, pk)
    if not may_manage_event(event, request.user):
        raise PermissionDenied
    form = SendForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            invited, before = invitations_send(event=event, audience_code=form.cleaned_data["audience"],
                                               params=form.params(), user=request.user)
        except EventError as refused:
            form.add_error(None, refused.message)
        else:
            messages.success(request, _("%(new)s invitation(s) envoyée(s) ; %(before)s personne(s) déjà invitée(s), "
                                        "sans nouvel e-mail.") % {"new": invited, "before": before})
            return redirect("event_detail", event.pk)
    return render(request, "events/event_send.html", {"event": event, "form": form},
                  status=400 if form.errors else 200)


@staff_required
@require_http_methods(["GET", "POST"])
def event_attendance(request, pk):
    """The registered people with a present/absent button each: plain forms, for a phone at the door."""
    event = _event_for(request.user, pk)
    if not may_mark_attendance(event, request.user):
        raise PermissionDenied
    if request.method == "POST":
        invitation_id = request.POST.get("invitation", "")
        attended = request.POST.get("attended", "")
        invitation = Invitation.objects.filter(pk=invitation_id, event=event).first() if (
            invitation_id.isdigit() and len(invitation_id) < 18) else None
        if invitation is None or attended not in ("1", "0"):
            messages.error(request, _("Personne introuvable dans cette liste : actualisez la page."))
        else:
            try:
                attendance_mark(invitation=invitation, attended=attended == "1", user=request.user)
            except EventError as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, (_("%(name)s : présent(e).") if attended == "1"
                                           else _("%(name)s : absent(e).")) % {"name": invitation.contact.full_name})
        # Back to the list as it was searched, at the person just marked.
        search = request.POST.get("q", "")[:SEARCH_MAX_LENGTH]
        return redirect(request.path + (f"?{urlencode({'q': search})}" if search.strip() else "")
                        + (f"#invitation-{invitation.pk}" if invitation else ""))
    search = request.GET.get("q", "")[:SEARCH_MAX_LENGTH]
    invitations = registered_invitations(event, search)
    return render(request, "events/event_attendance.html", {
        "event": event, "invitations": invitations, "search": search,
        # Searched: how many of the registered are shown.
        "registered": event_counts(event)["registered"] if search.strip() else len(invitations),
    })


@staff_required
@require_GET
def event_figures_page(request):
    """Invited, registered, attended, by event kind and EPCI of the event's area, for a period."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("start") or today.replace(month=1, day=1)
    end = data.get("end") or today.replace(month=12, day=31)
    if end < start:
        start, end = end, start
    lines, total = event_figures(request.user, start=start, end=end)
    return render(request, "events/figures.html", {"form": form, "lines": lines, "total": total,
                                                    "start": start, "end": end})


def _link_problem(request, network, *, expired):
    return private(render(request, "events/invitation_invalid.html", {"expired": expired, "network": network},
                          status=400))


@never_cache
@public_network
@require_http_methods(["GET", "POST"])
def invitation_page(request, network, token):
    """The person's invitation: register (how many), decline, change their mind until the event's day."""
    try:
        invitation = invitation_from_token(network, token, queryset=Invitation.objects.select_related(
            "event", "contact").prefetch_related(Prefetch("event__area_communes")))
    except LinkExpired:
        return _link_problem(request, network, expired=True)
    except LinkInvalid:
        return _link_problem(request, network, expired=False)
    event = invitation.event
    form = RegisterForm(initial={"household_size": invitation.household_size or 1})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "register":
                form = RegisterForm(request.POST)
                if form.is_valid():
                    invitation_register(invitation=invitation, household_size=form.cleaned_data["household_size"])
                    messages.success(request, _("C'est noté : vous êtes inscrit(e). À bientôt !"))
                    return private(redirect(request.path))
            elif action == "decline":
                invitation_decline(invitation=invitation)
                messages.success(request, _("C'est noté : vous ne viendrez pas. Vous pouvez encore changer d'avis."))
                return private(redirect(request.path))
            else:
                raise Http404
        except EventError as refused:
            if action != "register":
                messages.error(request, refused.message)
                return private(redirect(request.path))
            form.add_error("household_size", refused.message)
        status = 400
    free = None
    if event.capacity is not None:
        free = max(event.capacity - seats_taken(event.pk, exclude_pk=invitation.pk), 0)
    return private(render(request, "events/invitation.html", {
        "network": network, "invitation": invitation, "event": event, "form": form, "free": free,
        "open": event.starts_on >= timezone.localdate(), "token": token,
    }, status=status))
