"""The person's answer to a proposed transfer of their project to another
network: a page reached from the signed link in the e-mail that told them
(onboarding.services.transfers), where they may object until the receiving
network accepts. Reading the page changes nothing (mail scanners open
links); objecting is a POST.

Its URL comes with it (`urlpatterns`, included by intake.urls), so the
public side's URL layout can move without touching this file.
"""

from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.cache import never_cache

from onboarding.services.transfers import LinkInvalid, TransferError, transfer_from_token, transfer_object


def _private(response):
    # The URL is the key to the page: never cached, indexed or sent as a Referer.
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def transfer_objection(request, token):
    try:
        transfer = transfer_from_token(token)
    except LinkInvalid:
        return _private(render(request, "intake/transfer_objection.html", {"invalid": True}, status=400))
    if request.method == "POST":
        try:
            transfer_object(transfer=transfer)
        except TransferError:
            pass  # decided meanwhile: the page says how it ended
        return _private(redirect(request.path))
    return _private(render(request, "intake/transfer_objection.html", {"transfer": transfer}))


urlpatterns = [
    path("transfert/<str:token>/", transfer_objection, name="transfer_objection"),
]
