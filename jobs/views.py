"""The staff's offers pages: a project's offers filtered by contract type; propose one to a project; where
the searches stand."""

from django import forms
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from jobs.models import PinnedOffer
from jobs.offers import CONTRACT_TYPES, Status, offers_for_project
from jobs.receivers import project_section
from jobs.services import OfferGone, offer_pin
from onboarding.access import may_act, project_for, staff_required


class ContractFilter(forms.Form):
    """The offers section's GET filter: France Travail's contract types (jobs.offers.CONTRACT_TYPES)."""

    contrat = forms.MultipleChoiceField(
        label=_l("Types de contrat"), required=False, choices=list(CONTRACT_TYPES.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _l("Type de contrat inconnu (« %(value)s ») : choisissez parmi ceux "
                                             "de la liste.")})

    def codes(self):
        return tuple(sorted(self.cleaned_data["contrat"])) if self.is_valid() else ()


def _with_contracts(url, codes):
    return f"{url}?{urlencode([('contrat', code) for code in codes])}" if codes else url


class PinForm(ContractFilter):
    offer_id = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,40}$")
    for_whom = forms.ChoiceField(choices=PinnedOffer.For.choices)


@staff_required
def project_offers(request, pk):
    """The project's offers section alone, kept to the contract types asked for (a GET form, no script).
    An unknown type is a French error and nothing is searched."""
    project = project_for(request.user, pk)
    filters = ContractFilter(request.GET)
    if not filters.is_valid():
        return render(request, "jobs/project_offers.html", {"project": project, "filters": filters}, status=400)
    section = project_section(project, contract_types=filters.codes())
    return render(request, "jobs/project_offers.html", {
        "project": project, "filters": filters, "section": section.context, "section_template": section.template,
        "can_edit": may_act(project, request.user)})


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
    codes = form.codes()
    if codes:  # proposed from the filtered page: back to it
        back = _with_contracts(reverse("jobs_project_offers", args=[project.pk]), codes) + "#offres"
    try:
        pinned, created = offer_pin(project=project, user=request.user, offer_id=form.cleaned_data["offer_id"],
                                    for_whom=form.cleaned_data["for_whom"], contract_types=codes)
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
    searches = offers_for_project(project, contract_types=ContractFilter(request.GET).codes())
    pending = any(search["found"].status == Status.PENDING for search in searches)
    return JsonResponse({"status": "pending" if pending else "done"})
