"""The public side of each network lives under its slug: /lot/…, /lot-et-garonne/….

One place for what the public views of intake and welcome_kits share: the
URL converter of the prefix, the decorator that turns it into the network
(an unknown or inactive one is a 404), and the path of a public page of a
network, for the links in e-mails and PDFs.
"""

import functools

from django.http import Http404
from django.urls import register_converter, reverse

from crm.languages import NETWORK_PUBLIC_TEXT, localize
from crm.models import Network

# First path segments that belong to the site, not to a network: a network
# with one of these slugs would hide staff pages or the old addresses. The
# one list lives with the model, whose slug refuses them too.
from crm.models.networks import RESERVED_SLUGS


class NetworkSlugConverter:
    regex = r"(?!(?:" + "|".join(RESERVED_SLUGS) + r")/)[-a-zA-Z0-9_]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return getattr(value, "slug", value)


register_converter(NetworkSlugConverter, "network")


def public_network(view):
    """The view gets the active Network named by the `network` slug of its URL."""

    @functools.wraps(view)
    def wrapper(request, *args, network, **kwargs):
        found = Network.objects.filter(slug=network, is_active=True).first()
        if found is None:
            raise Http404("no such network")
        request.network = localize(found, NETWORK_PUBLIC_TEXT)  # its wording in the page's language
        return view(request, *args, network=found, **kwargs)

    return wrapper


def network_reverse(network, name, *args):
    """The path of a public page of `network` (a Network or its slug)."""
    return reverse(name, args=[getattr(network, "slug", network), *args])


def only_active_network():
    """The instance's one active network, or None when there are several (or none)."""
    networks = list(Network.objects.filter(is_active=True).order_by("pk")[:2])
    return networks[0] if len(networks) == 1 else None


def private(response):
    """Headers of a page behind a person's link (the tracking page, their
    data): it holds personal data and its URL is the key to it: never
    cached, never indexed, never sent to another site as a Referer. Not
    "no-referrer": Chromium then posts the page's forms with "Origin: null"
    and the CSRF check refuses them; same-origin sends the Origin to this
    site only."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
