"""The ambassadors' public pages: the sign-up (per network, the public
forms' bot guards), and the ambassador's own page behind their signed link
(profile, introductions, referral link and its printable QR code, their
data, leaving). Views stay thin: a form validates, one service writes."""

import io
import json
import logging

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ambassadors.forms import LeaveForm, ProfileForm, SignUpForm, profile_initial
from ambassadors.links import LinkInvalid, own_ambassador, referral_url
from ambassadors.selectors import ambassador_introductions
from ambassadors.services import (
    AmbassadorError,
    ambassador_apply,
    ambassador_leave,
    ambassador_update,
    introduction_decline,
)
from crm.languages import active_language
from crm.personal_data import Person, PersonKind, person_export
from onboarding.bot_guards import rate_limited
from onboarding.models import Project, Proposal
from onboarding.public_site import private, public_network
from onboarding.services.proposals import ProposalNotOpen

logger = logging.getLogger(__name__)


@public_network
def sign_up(request, network):
    if request.method == "POST":
        limited = rate_limited(request, "ambassadors.sign_up", network)
        if limited is not None:
            return limited
        form = SignUpForm(request.POST, network=network)
        if form.is_valid():
            ambassador_apply(network=network, data=form.cleaned_data, language=active_language())
            return redirect("ambassador_sign_up_thanks", network.slug)
        if form.is_bot:
            # A bot is shown the same page as a person, and nothing is saved.
            logger.info("ambassadors: honeypot filled, sign-up dropped")
            return redirect("ambassador_sign_up_thanks", network.slug)
    else:
        form = SignUpForm(network=network)
    return render(request, "ambassadors/sign_up.html", {"form": form, "network": network},
                  status=400 if form.errors else 200)


@public_network
def sign_up_thanks(request, network):
    # The same page whether the person was new, known or already an ambassador.
    return render(request, "ambassadors/sign_up_thanks.html", {"network": network})


def _invalid(request, network):
    return private(render(request, "ambassadors/own_invalid.html", {"network": network}, status=400))


@never_cache
@public_network
def own_page(request, network, token):
    try:
        ambassador = own_ambassador(network, token)
    except LinkInvalid:
        return _invalid(request, network)
    form = ProfileForm(initial=profile_initial(ambassador), network=network)
    leave_form = LeaveForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "profile":
            form = ProfileForm(request.POST, network=network)
            if form.is_valid():
                ambassador_update(ambassador=ambassador, data=form.cleaned_data)
                messages.success(request, _("Votre profil est à jour."))
                return private(redirect(request.path))
        elif action == "decline":
            proposal_id = request.POST.get("proposal", "")
            try:
                if not proposal_id.isdigit() or len(proposal_id) > 18:
                    raise AmbassadorError(_("Cette mise en relation n'existe pas."))
                introduction_decline(ambassador=ambassador, proposal_id=int(proposal_id))
            except (AmbassadorError, ProposalNotOpen) as refused:
                messages.error(request, refused.message)
            else:
                messages.success(request, _("C'est noté : cette mise en relation est déclinée."))
            return private(redirect(request.path + "#mises-en-relation"))
        elif action == "leave":
            leave_form = LeaveForm(request.POST)
            if leave_form.is_valid():
                ambassador_leave(ambassador=ambassador)
                return private(render(request, "ambassadors/left.html", {"network": network}))
    context = {
        "network": network, "ambassador": ambassador, "form": form, "leave_form": leave_form, "token": token,
        "referral_url": referral_url(ambassador) if ambassador.counts else "",
        "introductions": ambassador_introductions(ambassador),
        "open_statuses": Proposal.OPEN_STATUSES,
    }
    status = 400 if form.errors or leave_form.errors else 200
    return private(render(request, "ambassadors/own.html", context, status=status))


def _qr_svg(url):
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False,
                                    title=_("QR code du lien de parrainage"))
    return out.getvalue()


def _referring(network, token):
    """The ambassador of this own link whose referral link counts, or None
    (a link not valid, or an ambassador paused or removed)."""
    try:
        ambassador = own_ambassador(network, token)
    except LinkInvalid:
        return None
    return ambassador if ambassador.counts else None


def qr_response(ambassador):
    """The referral link as an SVG QR code, made here (no outside service)."""
    response = HttpResponse(_qr_svg(referral_url(ambassador)), content_type="image/svg+xml")
    return private(response)


@public_network
@require_GET
def own_qr(request, network, token):
    ambassador = _referring(network, token)
    if ambassador is None:
        return _invalid(request, network)
    return qr_response(ambassador)


@public_network
@require_GET
def own_poster(request, network, token):
    """A printable page: the QR code and the referral link."""
    ambassador = _referring(network, token)
    if ambassador is None:
        return _invalid(request, network)
    return private(render(request, "ambassadors/poster.html", {
        "network": network, "ambassador": ambassador, "referral_url": referral_url(ambassador), "token": token}))


@public_network
@require_GET
def own_data(request, network, token):
    """The ambassador's copy of what is held about them (the registry's export), as JSON."""
    try:
        ambassador = own_ambassador(network, token)
    except LinkInvalid:
        return _invalid(request, network)
    contact = ambassador.contact
    person = Person(kind=PersonKind.PROSPECT, ids=(contact.pk,),
                    project_ids=tuple(Project.objects.filter(contact=contact).values_list("pk", flat=True)),
                    emails=(contact.email.lower(),) if contact.email else ())
    data = [{"table": section.title, "purpose": section.purpose, "retention": section.retention,
             "rows": section.rows} for section in person_export(person) if section.rows]
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2, default=str),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-ambassadeur.json"'
    return private(response)
