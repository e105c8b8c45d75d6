"""Job-fair capture: staff standing at a stand record leads, tagged with the event."""

from dataclasses import replace

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from crm.access import networks_of
from crm.models import Event, Network
from intake.forms import FairCaptureForm, FairEventForm
from onboarding.access import events_of_networks_of, is_coordinator, may_see, projects_visible_to, staff_required
from onboarding.models import Consent
from onboarding.services.intake import IntakeRefused, intake_submit
from onboarding.states import Channel, Source


def _captured_text(request, form, result):
    name = f"{form.cleaned_data['first_name']} {form.cleaned_data['last_name']}"
    if may_see(result.project, request.user):
        if result.created:
            text = _("%(name)s est enregistré(e) : projet n°%(id)s créé.")
        else:
            text = _("%(name)s avait déjà un projet en cours (n°%(id)s) : la demande y est ajoutée.")
    else:
        # A new project routed to someone else, or a project of this
        # person's that the user may not see: the same words for both,
        # so that the stand never learns whether this person was known.
        text = _("%(name)s est enregistré(e) : la demande est transmise à l'équipe qui suivra son projet.")
    return text % {"name": name, "id": result.project.pk}


def _only_network(user):
    mine = networks_of(user)
    return Network.objects.filter(pk=mine[0]).first() if len(mine) == 1 else None


@staff_required
def fair_events(request):
    form = FairEventForm(request.GET or None)
    # The events of the user's networks (and shared ones): another's answers as a missing one.
    # Welcome events (crm.Event.Kind.WELCOME) are for people already installed: no leads captured there.
    fairs = events_of_networks_of(request.user).exclude(kind=Event.Kind.WELCOME).order_by("-starts_on", "name")
    form.fields["event"].queryset = fairs
    if form.is_valid():
        return redirect("fair_capture", event_id=form.cleaned_data["event"].pk)
    events = fairs[:12]
    return render(request, "intake/fair/events.html", {"form": form, "events": events})


@staff_required
def fair_capture(request, event_id):
    event = get_object_or_404(events_of_networks_of(request.user), pk=event_id)
    if request.method == "POST":
        form = FairCaptureForm(request.POST)
        if form.is_valid():
            # People are per network: the person is looked up (and created)
            # in the event's network, or, for a shared event, the user's.
            try:
                result = intake_submit(
                    # The consent was collected by this staff member at the stand.
                    data=replace(form.intake_data(), consent_channel=Consent.Channel.FAIR, consent_by=request.user),
                    source=Source.EVENT, channel=Channel.UI, user=request.user,
                    event=event, network=event.network or _only_network(request.user),
                )
            except IntakeRefused as refused:
                # A shared event and an account of several networks: which programme is the territory's to say.
                form.add_error(None, str(refused))
            else:
                messages.success(request, _captured_text(request, form, result))
                # Back to an empty form for the next person at the stand.
                return redirect("fair_capture", event_id=event.pk)
    else:
        form = FairCaptureForm()
    context = {
        "event": event,
        "form": form,
        # Only the projects the user may see: a count of all of them would go
        # up for a new person and not for one already known.
        "captured": projects_visible_to(request.user).filter(event=event, source=Source.EVENT).count(),
        "sees_all": is_coordinator(request.user),
    }
    return render(request, "intake/fair/capture.html", context)
