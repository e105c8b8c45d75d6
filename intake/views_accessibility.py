"""The déclaration d'accessibilité (RGAA 4.1 model), a public page linked
from every page's footer: /accessibilite/, and /<network>/accessibilite/
under a programme's brand.

What it declares comes from intake/accessibility.py, which the browser
tests hold to what axe-core and the keyboard and zoom checks find. Who to
write to: the programme the page is reached under, or the only one, or else
each active programme (its reply-to address, else its sender's, else the
server's: the address its e-mails come from).
"""

from email.utils import parseaddr

from django.conf import settings
from django.shortcuts import render

from crm.models import Network
from intake import accessibility
from onboarding.public_site import only_active_network, public_network


def network_contact(network):
    """The address a person writes to about `network`'s site."""
    for candidate in (network.reply_to, network.email_from, settings.DEFAULT_FROM_EMAIL):
        address = parseaddr(candidate or "")[1]
        if "@" in address:
            return address
    return ""


def _render(request, network, networks):
    contacts = [(each, network_contact(each)) for each in networks]
    return render(request, "intake/accessibility.html", {
        "network": network,
        "contacts": contacts,
        "statement": accessibility,
        "public_pages": accessibility.public_pages(),
        "staff_pages": [page for page in accessibility.AUDITED_PAGES if not page.public],
    })


def accessibility_statement(request):
    network = only_active_network()
    if network is not None:
        return _render(request, None, [network])
    return _render(request, None, list(Network.objects.filter(is_active=True).order_by("name")))


@public_network
def network_accessibility_statement(request, network):
    return _render(request, network, [network])
