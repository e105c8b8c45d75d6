"""The prospect's answer to a proposal, from their tracking page (a POST
with `action` = "proposal_accept" or "proposal_decline" and `proposal`, its
number; intake.views.tracking has checked the link). A proposal is looked
up among the project's own: another project's number, an unknown one, one
answered in another tab or withdrawn meanwhile all get the same sentence,
which confirms nothing about anyone else's proposals."""

from django.contrib import messages
from django.utils.translation import gettext as _

from onboarding.models import Proposal
from onboarding.services.proposals import ProposalNotOpen, proposal_accept, proposal_decline

ACTIONS = {"proposal_accept": proposal_accept, "proposal_decline": proposal_decline}


def proposal_answer(request, project, action):
    proposal_id = request.POST.get("proposal", "")
    proposal = (Proposal.objects.filter(project=project, pk=int(proposal_id)).first()
                if proposal_id.isdigit() and len(proposal_id) < 19 else None)
    try:
        if proposal is None:
            raise ProposalNotOpen()
        ACTIONS[action](proposal=proposal)
    except ProposalNotOpen:
        messages.info(request, _("Cette proposition n'attend plus de réponse : elle a déjà reçu la vôtre, ou "
                                 "votre référent l'a retirée."))
        return
    if action == "proposal_accept":
        messages.success(request, _("Merci, c'est noté : nous transmettons vos coordonnées pour vous mettre en "
                                    "relation. Vous serez contacté directement."))
    else:
        messages.success(request, _("C'est noté : cette proposition est déclinée, rien n'est transmis."))
