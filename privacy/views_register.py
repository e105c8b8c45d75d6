"""The register of processing, for coordinators (/equipe/registre-des-traitements/).

A coordinator reads it for their network: its controller and DPO fill the
register written in privacy.register. A coordinator of several networks
chooses one (?reseau=<slug>); another network's slug answers 404, as an
unknown one. Referents and the regional role are refused (403), as on every
coordinator page (onboarding.access.coordinator_required).
"""

from django.http import Http404
from django.shortcuts import render

from crm.access import networks_of
from crm.models import Network
from onboarding.access import coordinator_required
from privacy.register import register_for


@coordinator_required
def register_page(request):
    networks = list(Network.objects.filter(pk__in=networks_of(request.user)).order_by("name"))
    slug = request.GET.get("reseau", "")
    if slug:
        chosen = next((n for n in networks if n.slug == slug), None)
        if chosen is None:
            raise Http404
    else:
        chosen = networks[0] if networks else None
    return render(request, "privacy/register.html", {
        "networks": networks,
        "chosen": chosen,
        "register": register_for(chosen) if chosen is not None else None,
    })
