"""The public side of intake: the project form, the privacy notice, the
prospect's private tracking page and the commune suggestions.

No account here: the tracking page is reached through a signed link
(onboarding.tracking_links). Views stay thin: a form validates, one service
writes. Every page but the root is a network's (onboarding.public_site):
it wears that programme's brand, and what it writes belongs to that network.
"""

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.forms.utils import ErrorDict
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from ambassadors.links import REFERRAL_PARAMETER, referring_ambassador
from crm.languages import NETWORK_PUBLIC_TEXT, contact_language, language_codes, localize
from crm.models import Network, PrivacyRequest
from crm.selectors import commune_search
from crm.services.consent import consent_text_for_intake, consent_text_history
from crm.validators import commune_label
from intake.forms import (
    ContactCorrectionForm,
    DeletionRequestForm,
    ProjectIntakeForm,
    ResendLinkForm,
    RightsRequestForm,
)
from intake.services import (
    EmailTaken,
    contact_correct,
    contact_language_set,
    privacy_deletion_request,
    privacy_right_request,
    project_submit,
    tracking_link_resend,
)
from intake.views_proposals import ACTIONS, proposal_answer
from onboarding.bot_guards import rate_limited
from onboarding.extensions import sections_for
from onboarding.models import Project
from onboarding.proposals import proposals_shown
from onboarding.public_site import network_reverse, only_active_network, private, public_network
from onboarding.services.nudges import AlreadyContacted, prospect_not_contacted, prospect_waiting_since
from onboarding.services.retention import person_contact_record
from onboarding.states import Channel, State
from onboarding.tracking_links import LinkExpired, LinkInvalid, public_id_from_token, tracked_project

logger = logging.getLogger(__name__)


def home(request):
    """The site root: the programmes it serves, or straight to the only one."""
    networks = list(Network.objects.filter(is_active=True).order_by("name"))
    if len(networks) == 1:
        return redirect("network_home", networks[0].slug)
    return render(request, "intake/networks.html", {"networks": networks})


@public_network
def network_home(request, network):
    return render(request, "intake/home.html", {"network": network})


SAFE_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@public_network
@require_GET
def theme_css(request, network):
    """The network's colours as CSS custom properties: a stylesheet, since the
    Content-Security-Policy forbids inline styles. The page links it with the
    colours in its query string, so it can be cached for long and a new
    colour is a new address."""
    def colour(value, fallback):
        return value if SAFE_COLOUR.match(value or "") else fallback

    css = render_to_string("intake/theme.css", {
        "primary": colour(network.primary_colour, "#1f4e79"),
        "accent": colour(network.accent_colour, "#c8102e"),
    })
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def legacy_page(request, name):
    """An address from before networks: the same page of the only network, else the list."""
    network = only_active_network()
    if network is None:
        return redirect("home")
    target = network_reverse(network, name)
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    # 307 keeps a POST a POST: a form on a page loaded before the change still goes through.
    return redirect(target) if request.method in ("GET", "HEAD") else _redirect_307(target)


def _redirect_307(target):
    response = HttpResponse(status=307)
    response["Location"] = target
    return response


def legacy_tracking(request, token):
    """A tracking link sent before networks: on to the project's network (the
    link itself is the secret; a bad one gets the invalid-link page there)."""
    try:
        project = Project.objects.select_related("network").filter(public_id=public_id_from_token(token)).first()
    except (LinkExpired, LinkInvalid):
        project = None
    network = project.network if project is not None else only_active_network()
    if network is None:
        return redirect("home")
    return _private(redirect(network_reverse(network, "tracking", token)))


# --- too many submissions from one address ---------------------------------------------

def _rate_limited(request, group, network):
    """The public forms' one rate limit (onboarding.bot_guards)."""
    return rate_limited(request, group, network)


def _privacy_context(network):
    return {"retention_years": settings.PERSONAL_DATA_RETENTION_YEARS, "network": network}


# --- the project form ----------------------------------------------------------------------

def remember_language(response, code):
    """The visitor's language choice, kept in Django's language cookie (as
    django.views.i18n.set_language does) for the next pages."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@csrf_exempt  # a display preference: forging it changes nothing but the language (no token on every public page)
@require_POST
def language_switch(request):
    """The public pages' language switch (templates/includes/language_switch.html):
    the choice kept in the language cookie, then back to the page it was made
    on (`next`, only a path of this site; else the referring page of this site,
    else the home page). Django's set_language, without the CSRF token it
    would put into every public page (which would then vary per visitor)."""
    code = (request.POST.get("language") or "")[:10]
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("home")
    response = redirect(target)
    if code in language_codes():
        remember_language(response, code)
    return response


def _switched_language(request):
    """The language a switch button of the page asked for (None: not a switch, or not one the site speaks)."""
    code = (request.POST.get("switch_language") or "")[:10]
    return code if code in language_codes() else None


@public_network
def intake_form(request, network):
    if request.method == "POST" and _switched_language(request):
        # The language switch of this page submits the form itself: the page
        # comes back in the other language with what was typed, unjudged
        # (no error shown for a form not sent yet), and nothing is saved.
        code = _switched_language(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        localize(network, NETWORK_PUBLIC_TEXT)
        referral_value = request.POST.get(REFERRAL_PARAMETER, "")
        ambassador = referring_ambassador(network, referral_value)  # kept through the switch
        form = ProjectIntakeForm(request.POST, network=network, referral=ambassador)
        form._errors = ErrorDict()  # shown again as typed, not validated
        response = render(request, "intake/intake_form.html", {
            "form": form, "referral_value": referral_value if ambassador is not None else "",
            "referral_parameter": REFERRAL_PARAMETER, **_privacy_context(network)})
        return remember_language(response, code)
    if request.method == "POST":
        limited = _rate_limited(request, "onboarding.intake", network)
        if limited is not None:
            return limited
        referral_value = request.POST.get(REFERRAL_PARAMETER, "")
        ambassador = referring_ambassador(network, referral_value)
        form = ProjectIntakeForm(request.POST, network=network, referral=ambassador)
        if form.is_valid():
            project_submit(data=form.intake_data(), source=form.source, channel=Channel.UI, event=form.event_chosen,
                           network=network, ambassador=ambassador, prospect_agreed=form.prospect_agreed)
            return redirect("intake_thanks", network.slug)
        if form.is_bot:
            # A bot is shown the same page as a person, and nothing is saved.
            logger.info("intake: honeypot filled, submission dropped")
            return redirect("intake_thanks", network.slug)
    else:
        # An ambassador's referral link: a forged, paused or removed one is
        # ignored without a word, and the form is the usual one.
        referral_value = request.GET.get(REFERRAL_PARAMETER, "")
        ambassador = referring_ambassador(network, referral_value)
        form = ProjectIntakeForm(network=network, referral=ambassador)
    return render(request, "intake/intake_form.html", {
        "form": form, "referral_value": referral_value if ambassador is not None else "",
        "referral_parameter": REFERRAL_PARAMETER, **_privacy_context(network)})


@public_network
def intake_thanks(request, network):
    # The same page whether a project was created or the person already had
    # one: it must not tell a stranger who typed someone's address.
    return render(request, "intake/intake_thanks.html",
                  {"delay": settings.FIRST_CONTACT_DELAY_WORKING_DAYS, "network": network})


@public_network
def privacy_notice(request, network):
    # The text a person accepts today, and every version people accepted before.
    history = consent_text_history(network)
    current = consent_text_for_intake(network)
    return render(request, "intake/privacy_notice.html", {
        **_privacy_context(network),
        "consent_text": current,
        "consent_history": [text for text in history if text.pk != current.pk],
    })


@public_network
@require_GET
def commune_autocomplete(request, network):
    """Suggestions for the commune field: [{label, name, insee, epci}], best first."""
    query = request.GET.get("q", "")[:100]
    results = [] if len(query.strip()) < 2 else [
        {"label": commune_label(c), "name": c.name, "insee": c.insee, "epci": c.epci.name}
        for c in commune_search(query, limit=8)
    ]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "public, max-age=3600"
    return response


# --- the private tracking page ---------------------------------------------------------------

STATE_IN_WORDS = {
    State.NEW: gettext_lazy("Nous avons bien reçu votre projet."),
    State.CONTACTED: gettext_lazy("Votre référent a pris contact avec vous et fait le point sur votre projet."),
    State.QUALIFIED: gettext_lazy("Votre projet est bien défini : vos besoins, le territoire et le calendrier "
                                  "sont connus."),
    State.ACCOMPANIED: gettext_lazy("Vous êtes accompagné(e) : votre référent vous aide sur chacun de vos besoins."),
    State.SETTLING: gettext_lazy("Votre installation se prépare : la commune et la date sont fixées."),
    State.INSTALLED: gettext_lazy("Vous êtes installé(e) : bienvenue chez vous !"),
    State.INTEGRATED: gettext_lazy("Le suivi de votre installation est terminé. Nous vous souhaitons une belle "
                                   "vie ici."),
    State.ON_HOLD: gettext_lazy("Votre projet est en pause."),
    State.ABANDONED: gettext_lazy("Votre projet est clos."),
    State.REJECTED: gettext_lazy("Votre demande n'a pas pu être suivie."),
}

NEXT_STEPS = {
    State.NEW: [
        gettext_lazy("Un référent de votre futur territoire vous appelle ou vous écrit sous %(delay)s jours "
                     "ouvrés."),
        gettext_lazy("Préparez vos questions : emploi, logement, écoles, santé…"),
    ],
    State.CONTACTED: [gettext_lazy("Avec votre référent, vous précisez vos besoins, le secteur qui vous attire et "
                                   "votre calendrier.")],
    State.QUALIFIED: [gettext_lazy("Votre référent vous met en relation avec les bons partenaires pour chacun de "
                                   "vos besoins.")],
    State.ACCOMPANIED: [gettext_lazy("Quand votre commune et votre date d'arrivée sont fixées, dites-le à votre "
                                     "référent : il prépare votre kit de bienvenue.")],
    State.SETTLING: [gettext_lazy("Votre kit de bienvenue rassemble les contacts et les démarches utiles pour "
                                  "votre arrivée.")],
    State.INSTALLED: [gettext_lazy("Votre référent reste à votre écoute pendant vos premiers mois ici.")],
    State.INTEGRATED: [],
    State.ON_HOLD: [gettext_lazy("Quand vous êtes prêt(e) à reprendre, contactez votre référent.")],
    State.ABANDONED: [gettext_lazy("Si votre projet revient d'actualité, contactez votre référent ou déposez un "
                                   "nouveau projet.")],
    State.REJECTED: [gettext_lazy("Pour toute question, écrivez-nous en répondant à notre e-mail.")],
}


_private = private


def _link_problem(request, network, *, expired):
    response = render(
        request, "intake/tracking_invalid.html",
        {"expired": expired, "form": ResendLinkForm(), "network": network}, status=400,
    )
    return _private(response)


def _rights_forms(contact):
    """The tracking page's "Exercer mes droits" section (intake/_rights.html):
    the person's open requests, the erasure form, the other rights' form."""
    pending = list(PrivacyRequest.objects.filter(contact=contact, status__in=PrivacyRequest.OPEN_STATUSES)
                   .order_by("received_on", "pk"))
    open_kinds = {row.kind for row in pending}
    return {
        "privacy_pending": pending,
        "deletion_pending": next((row for row in pending if row.kind == PrivacyRequest.Kind.ERASURE), None),
        "deletion_form": DeletionRequestForm(),
        "rights_form": RightsRequestForm(open_kinds=open_kinds, prefix="right"),
        "rights_open_kinds": open_kinds,
    }


def _rights_post(request, action, contact, rights):
    """Record the request; True when done (redirect), else the bound form is in `rights`."""
    if action == "delete":
        form = rights["deletion_form"] = DeletionRequestForm(request.POST)
        if form.is_valid():
            privacy_deletion_request(contact=contact, message=form.cleaned_data["message"])
            messages.success(request, _("Votre demande de suppression a bien été transmise à l'équipe. Nous "
                                        "vous confirmerons par e-mail quand elle sera traitée."))
            return True
        return False
    form = rights["rights_form"] = RightsRequestForm(request.POST, open_kinds=rights["rights_open_kinds"], prefix="right")
    if form.is_valid():
        privacy_request, _created = privacy_right_request(contact=contact, kind=form.cleaned_data["kind"],
                                                          message=form.cleaned_data["message"])
        messages.success(request, _("Votre demande a bien été transmise à l'équipe. Nous vous répondrons par "
                                    "e-mail au plus tard le %(date)s.")
                         % {"date": date_format(privacy_request.due_on, "j F Y")})
        return True
    return False


@never_cache
@public_network
def tracking(request, network, token):
    try:
        project = tracked_project(network, token, related=(
            "contact", "referent__user", "referent__organisation", "target_commune", "target_epci", "event",
            "installed_commune"))
    except LinkExpired:
        return _link_problem(request, network, expired=True)
    except LinkInvalid:
        return _link_problem(request, network, expired=False)
    contact = project.contact
    if request.method == "POST" and request.POST.get("action") == "language":
        # The page's language switch: the person's choice, for this browser
        # (cookie) and for what we write to them (their contact: e-mails, kit).
        code = (request.POST.get("language") or "")[:10]
        response = _private(redirect(request.path))
        if code in language_codes():
            contact_language_set(contact=contact, language=code)
            remember_language(response, code)
        return response
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        # A link opened from an e-mail, in a browser that never chose: the person's language.
        translation.activate(contact_language(contact))
        request.LANGUAGE_CODE = translation.get_language()
        localize(network, NETWORK_PUBLIC_TEXT)

    contact_form = ContactCorrectionForm(
        initial={"email": contact.email, "phone": contact.phone, "current_city": contact.current_city}
    )
    rights = {}
    if request.method == "POST":
        # Any action here is the person reaching us: their retention clock moves.
        person_contact_record(contact_id=contact.pk)
        action = request.POST.get("action")
        if action == "contact":
            contact_form = ContactCorrectionForm(request.POST)
            if contact_form.is_valid():
                try:
                    changed = contact_correct(contact=contact, **contact_form.cleaned_data)
                except EmailTaken:
                    contact_form.add_error(
                        "email", _("Cette adresse ne peut pas être utilisée pour votre projet. Écrivez à votre "
                                   "référent pour la changer.")
                    )
                else:
                    messages.success(request, _("Vos coordonnées sont à jour.") if changed
                                     else _("Vos coordonnées n'ont pas changé."))
                    return _private(redirect(request.path))
        elif action in ACTIONS:
            proposal_answer(request, project, action)
            return _private(redirect(request.path + "#propositions"))
        elif action == "not_contacted":
            try:
                created = prospect_not_contacted(project=project)
            except AlreadyContacted:
                messages.info(request, _("Votre projet a déjà eu son premier contact : pour toute question, écrivez "
                                         "à votre référent."))
            else:
                messages.success(request, _("Merci : votre référent et l'équipe de coordination sont prévenus.")
                                 if created else _("Vous nous l'aviez déjà signalé : l'équipe est prévenue."))
            return _private(redirect(request.path))
        elif action in ("delete", "right"):
            rights = _rights_forms(contact)
            done = _rights_post(request, action, contact, rights)
            if done:
                return _private(redirect(request.path))

    referent = project.referent
    # Read once into the project's cache (in the needs' own order): the apps' sections read them from there.
    prefetch_related_objects([project], "needs")
    context = {
        "project": project,
        "contact": contact,
        "state_in_words": STATE_IN_WORDS.get(project.state, ""),
        "next_steps": [str(step) % {"delay": settings.FIRST_CONTACT_DELAY_WORKING_DAYS}
                       for step in NEXT_STEPS.get(project.state, [])],
        "referent": referent,
        "referent_phone": (referent.phone or referent.organisation.phone) if referent else "",
        "sections": sections_for("tracking_page", project),
        "proposals": proposals_shown(project),
        "needs": list(project.needs.all()),
        "waiting_since": prospect_waiting_since(project) if project.state == State.NEW else None,
        "contact_form": contact_form,
        "switch_action": request.path,
        **(rights or _rights_forms(contact)),
        **_privacy_context(network),
    }
    return _private(render(request, "intake/tracking.html", context))


@public_network
def tracking_resend(request, network):
    """A fresh link to the e-mail on file in this network; the answer never says whether it exists."""
    if request.method == "POST":
        limited = _rate_limited(request, "onboarding.tracking_resend", network)
        if limited is not None:
            return limited
        form = ResendLinkForm(request.POST)
        if form.is_valid():
            tracking_link_resend(email=form.cleaned_data["email"], network=network)
            return redirect("tracking_resend_sent", network.slug)
    else:
        form = ResendLinkForm()
    return render(request, "intake/tracking_resend.html", {"form": form, "network": network})


@public_network
def tracking_resend_sent(request, network):
    return render(request, "intake/tracking_resend_sent.html",
                  {"max_age_days": settings.TRACKING_LINK_MAX_AGE_DAYS, "network": network})
