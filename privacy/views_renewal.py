"""The answer to the retention reminder: "Oui, je souhaite continuer".

The e-mail (onboarding.services.retention) links here under the person's
network prefix with a signed token. The page shows one button; only its
POST renews. A GET must never renew: mail scanners and link previewers fetch
every link of an e-mail with GET, and would otherwise keep people's data
without them ever answering.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from onboarding.public_site import private, public_network
from onboarding.services.retention import (
    RenewalLinkExpired,
    RenewalLinkInvalid,
    renewal_project,
    retention_renew,
)


@never_cache
@public_network
def retention_renewal(request, network, token):
    try:
        project, _clock = renewal_project(token, network=network)
        if request.method == "POST":
            renewed = retention_renew(token=token, network=network)
            return private(render(request, "privacy/renewal_done.html",
                                   {"network": network, "already": not renewed}))
    except RenewalLinkExpired:
        return private(render(request, "privacy/renewal_invalid.html", {"network": network, "expired": True},
                               status=400))
    except RenewalLinkInvalid:
        return private(render(request, "privacy/renewal_invalid.html", {"network": network, "expired": False},
                               status=400))
    return private(render(request, "privacy/renewal.html", {"network": network, "contact": project.contact}))
