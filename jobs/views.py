"""The staff's offers pages: propose one to a project; where the searches stand."""

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.models import PinnedOffer
from jobs.offers import Status, offers_for_project
from jobs.services import OfferGone, offer_pin
from onboarding.access import project_for, staff_required


class PinForm(forms.Form):
    offer_id = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,40}$")
    for_whom = forms.ChoiceField(choices=PinnedOffer.For.choices)


@staff_required
@require_POST
def offer_pin_view(request, pk):
    # Another network's project, or one they may not see: 404; a colleague's they only read: 403.
    project = project_for(request.user, pk, write=True)
    back = reverse("project_detail", args=[project.pk]) + "#offres"
    form = PinForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cette offre ne peut pas être proposée : actualisez la page et réessayez."))
        return redirect(back)
    try:
        pinned, created = offer_pin(project=project, user=request.user, **form.cleaned_data)
    except OfferGone as gone:
        messages.error(request, gone.message)
        return redirect(back)
    if created:
        messages.success(request, _("Offre « %(title)s » proposée au projet.") % {"title": pinned.title})
    else:
        messages.info(request, _("Cette offre avait déjà été proposée au projet."))
    return redirect(back)


@staff_required
def offers_status(request, pk):
    """JSON for static/js/job_offers.js: "pending" while a search of the
    project's page is being fetched, then "done" (ready, empty or failed)."""
    project = project_for(request.user, pk)
    searches = offers_for_project(project)
    pending = any(search["found"].status == Status.PENDING for search in searches)
    return JsonResponse({"status": "pending" if pending else "done"})
