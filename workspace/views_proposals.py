"""The referent's hand on a project's proposals (onboarding.Proposal):
withdraw one, record what came of an accepted one. Making a proposal is the
owning app's page (jobs: an employer's need). A proposal is looked up among
the project's own, after the project's access check: the same 404 for
another project's proposal and a missing one.

Its URLs come with it (`urlpatterns`, included by workspace.urls).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding.access import project_for, staff_required
from onboarding.models import Proposal
from onboarding.services.proposals import ProposalError, proposal_outcome, proposal_withdraw


def _proposal(request, pk, proposal_id):
    project = project_for(request.user, pk, write=True)
    proposal = Proposal.objects.filter(project=project, pk=proposal_id).first()
    if proposal is None:
        raise Http404
    return project, proposal


def _back(project):
    return redirect(reverse("project_detail", args=[project.pk]) + "#propositions")


@staff_required
@require_POST
def proposal_withdraw_view(request, pk, proposal_id):
    project, proposal = _proposal(request, pk, proposal_id)
    try:
        proposal_withdraw(proposal=proposal, user=request.user)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Proposition retirée."))
    return _back(project)


@staff_required
@require_POST
def proposal_outcome_view(request, pk, proposal_id):
    project, proposal = _proposal(request, pk, proposal_id)
    try:
        proposal_outcome(proposal=proposal, outcome=request.POST.get("outcome", ""), user=request.user)
    except ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Suite de la proposition enregistrée."))
    return _back(project)


urlpatterns = [
    path("projets/<int:pk>/propositions/<int:proposal_id>/retirer/", proposal_withdraw_view,
         name="proposal_withdraw"),
    path("projets/<int:pk>/propositions/<int:proposal_id>/suite/", proposal_outcome_view, name="proposal_outcome"),
]
