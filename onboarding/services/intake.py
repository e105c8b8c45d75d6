"""Intake: a prospect's submission becomes a contact and a project, once.

`intake_submit` is the one entry point for every channel: the public form,
the job-fair capture and the partner API. It takes one typed value,
`IntakeData`, validated already (the field validators are in crm.validators),
and enforces only what must hold whatever the channel: consent, a name, and
a way to reach the person.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.emails import email_build, network_sender
from crm.languages import contact_language, language_or_default
from crm.models import Contact, normalize_name
from crm.models.people import phone_key
from crm.outbox import email_kind, outbox_add
from crm.services.consent import consent_text_for_intake
from onboarding.location import network_for, place
from onboarding.models import Consent, Interaction, Project
from onboarding.segments import declared_occupation, segment_for
from onboarding.services.duplicates import likely_duplicates_flag
from onboarding.services.projects import project_create
from onboarding.services.retention import person_contact_record
from onboarding.services.routing import route_project
from onboarding.states import OPEN_STATES, Channel, Horizon, Source
from onboarding.tracking_links import tracking_url

logger = logging.getLogger(__name__)

# Contact fields a submission may set; a blank value never erases what we know.
CONTACT_TEXT_FIELDS = ("first_name", "last_name", "phone", "current_city", "occupation", "partner_occupation")
CONTACT_FLAG_FIELDS = ("has_partner", "partner_seeks_job")
INTERACTION_MAX_LENGTH = 5000


@dataclass(frozen=True)
class IntakeData:
    """What a prospect submitted, validated and typed: the one value that the
    public form, the job-fair capture and the API's lead serializer produce,
    and that `intake_submit` takes. Every field but the names, the consent and
    one of e-mail/phone is optional; None for a flag or the ages means unknown
    (keep what we know)."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    current_city: str = ""
    occupation: str = ""
    has_partner: bool | None = None
    partner_occupation: str = ""
    partner_seeks_job: bool | None = None
    children_ages: tuple | None = None
    summary: str = ""  # occupation or business idea (300)
    message: str = ""  # free text (5000)
    referrer: str = ""  # ambassador or prescriber (200)
    needs: tuple = ()  # crm.Need instances
    target_commune: object = None  # crm.Commune
    target_epci: object = None  # crm.Epci
    horizon: str = Horizon.UNKNOWN
    # The consent: given or not, and its facts, written as a Consent row with the project.
    consent: bool = False
    consent_at: object = None  # when it was given (default: now)
    consent_text: object = None  # the crm.ConsentText shown (default: the network's current one)
    consent_channel: str = ""  # onboarding.Consent.Channel (default: from the channel and source)
    consent_by: object = None  # the staff member who collected it (job fair)
    consent_api_key: object = None  # the partner's api.ApiToken (API)
    # The language the person filled the form in (crm.languages): their e-mails and kit follow it.
    language: str = ""


class TerritoryChoice:
    COMMUNE = "commune"
    EPCI = "epci"
    UNDECIDED = "undecided"
    CHOICES = [
        (COMMUNE, gettext_lazy("Une commune précise")),
        (EPCI, gettext_lazy("Un secteur (intercommunalité)")),
        (UNDECIDED, gettext_lazy("Je ne sais pas encore")),
    ]


def territory_choose(choice, *, commune, epci, commune_given):
    """Where the person wants to live, from what they chose and gave; the same
    rule for the form and the API. Returns (choice, commune, epci, errors),
    errors a {field: French message} dict.

    Forgiving: a commune or an EPCI given without choosing its option still
    counts (the commune first); only the option chosen is kept.
    """
    choice = choice or TerritoryChoice.UNDECIDED
    if choice == TerritoryChoice.UNDECIDED:
        choice = TerritoryChoice.COMMUNE if commune_given else TerritoryChoice.EPCI if epci else choice
    errors = {}
    if choice == TerritoryChoice.COMMUNE and not commune_given:
        errors["target_commune"] = _("Indiquez la commune, ou choisissez « Je ne sais pas encore ».")
    if choice == TerritoryChoice.EPCI and epci is None:
        errors["target_epci"] = _("Choisissez le secteur, ou « Je ne sais pas encore ».")
    return (
        choice,
        commune if choice == TerritoryChoice.COMMUNE else None,
        epci if choice == TerritoryChoice.EPCI else None,
        errors,
    )


class IntakeRefused(ValueError):
    """The submission lacks what every channel must give (consent, a name, a way to reach the person)."""


@dataclass(frozen=True)
class IntakeResult:
    project: Project
    created: bool  # False: the submission was added to the person's open project


@transaction.atomic
def intake_submit(*, data, source, channel, user=None, event=None, network=None):
    """Record one submission, in one transaction; returns IntakeResult(project, created).

    `data`: an IntakeData (validated by the form or the serializer that made it).
    `source`: onboarding.states.Source; `channel`: onboarding.states.Channel;
    `user`: the staff member capturing it (job fair) or None; `event`: crm.Event.

    The same e-mail (case-insensitive) is the same person; without an
    e-mail, the same phone and name (`_contact_find_or_create`). A new
    project that may be another open project's person or household is
    flagged for the referent (onboarding.services.duplicates). A known contact's
    details are only completed, never overwritten: whoever knows an address
    could otherwise rewrite someone else's name or phone from a public form;
    what they typed goes into the project's history for staff to check. If
    they have an open project, the
    submission is added to its history (an Interaction of kind SUBMISSION)
    and no project is created; otherwise a project is created in state new
    and routed. Either way the consent is a Consent row on that project (the
    network's current text unless `data` names the one shown, the channel,
    who collected it), and the person's retention clock moves
    (onboarding.services.retention). After commit, the person gets the
    confirmation e-mail with their private tracking link (when they gave an
    e-mail).
    """
    if not data.consent:
        raise IntakeRefused(_("Le consentement est nécessaire pour enregistrer un projet."))
    email = (data.email or "").strip()
    if not email and not (data.phone or "").strip():
        raise IntakeRefused(_("Une adresse e-mail ou un numéro de téléphone est nécessaire."))
    if not (data.first_name or "").strip() or not (data.last_name or "").strip():
        raise IntakeRefused(_("Le prénom et le nom sont nécessaires."))

    # The programme: the network of the territory aimed at, else the one whose
    # form (or API key, or event) it came through. People are per network.
    commune, epci = place(target_commune=data.target_commune, target_epci=data.target_epci)
    where = commune or epci
    network = network_for(departement_id=where.departement_id if where else None,
                          given=network or (event.network if event is not None else None))
    if network is None:
        raise IntakeRefused(_("Choisissez le territoire visé : plusieurs programmes partagent ce service."))

    contact, known = _contact_find_or_create(data, email, network)
    by = user if getattr(user, "is_authenticated", False) else None
    text = data.consent_text
    if text is None or text.network_id not in (None, network.pk):
        text = consent_text_for_intake(network)
    consent = {"consent_version": str(text.version), "consent_at": data.consent_at or timezone.now()}

    # The contact row is locked (see _contact_find_or_create): two submissions
    # from one person at once are serialised here, and the second one sees
    # the first one's project instead of creating a duplicate.
    open_project = (
        Project.objects.filter(contact=contact, state__in=OPEN_STATES).order_by("-created_at", "-pk").first()
    )
    if open_project is not None:
        Interaction.objects.create(
            project=open_project,
            kind=Interaction.Kind.SUBMISSION,
            summary=submission_summary(data, source=source, event=event),
            by=by,
        )
        Project.objects.filter(pk=open_project.pk).update(updated_at=timezone.now(), **consent)
        open_project.refresh_from_db()
        result = IntakeResult(project=open_project, created=False)
    else:
        project = project_create(
            contact=contact,
            source=source,
            user=by,
            channel=channel,
            needs=list(data.needs or ()),
            # The segment from what the person declares (onboarding.segments), so that thematic rules can match.
            segment=segment_for(declared_occupation(data.occupation or contact.occupation, data.summary),
                                data.needs or ()),
            summary=data.summary or "",
            message=data.message or "",
            target_commune=data.target_commune,
            target_epci=data.target_epci,
            horizon=data.horizon or Horizon.UNKNOWN,
            event=event,
            referrer=data.referrer or "",
            network=network,
            **consent,
        )
        route_project(project=project, user=by)
        # Someone else's open project may be this person's or their household's: the referent decides.
        likely_duplicates_flag(project)
        if known:
            Interaction.objects.create(
                project=project,
                kind=Interaction.Kind.SUBMISSION,
                summary=submission_summary(data, source=source, event=event),
                by=by,
            )
        result = IntakeResult(project=project, created=True)

    _consent_record(data, result.project, contact, text=text, at=consent["consent_at"], channel=channel,
                    source=source, by=by)
    # A submission is the person reaching us: their retention clock moves.
    person_contact_record(contact_id=contact.pk)
    if contact.email:
        outbox_add(
            CONFIRMATION_EMAIL, args={"project_id": result.project.pk, "created": result.created},
            cause=f"projet {result.project.pk} : demande {'reçue' if result.created else 'complétée'}",
            contact_id=contact.pk, project_id=result.project.pk, language=contact_language(contact),
        )
    logger.info(
        "intake: project %s %s (source %s, channel %s)",
        result.project.pk, "created" if result.created else "updated", source, channel,
    )
    return result


intake_submit.alters_data = True


def _consent_record(data, project, contact, *, text, at, channel, source, by):
    """The Consent row: which text, when, through which channel, collected by whom."""
    kind = data.consent_channel
    if not kind:
        if channel == Channel.API:
            kind = Consent.Channel.API
        elif source == Source.EVENT and by is not None:
            kind = Consent.Channel.FAIR
        else:
            kind = Consent.Channel.FORM
    key = data.consent_api_key
    Consent.objects.create(
        project=project, contact=contact, text=text, at=at, channel=kind,
        by=data.consent_by or (by if kind in (Consent.Channel.FAIR, Consent.Channel.API) else None),
        api_key_id=getattr(key, "pk", None),
        api_key_label=(f"{key.name} ({key.key_prefix}…)" if key is not None else "")[:220],
    )


def _contact_by_phone_and_name(data, network):
    key = phone_key(data.phone)
    if not key:
        return None
    first_name = normalize_name(data.first_name)
    candidates = (
        Contact.objects.filter(phone_key=key, network=network, erased_at__isnull=True,
                               last_name_key=normalize_name(data.last_name)[:100])
        .order_by("-last_person_contact_at", "-pk").only("pk", "first_name")
    )
    # The first name compared folded too ("Éloïse" typed "eloise").
    found = next((c.pk for c in candidates if normalize_name(c.first_name) == first_name), None)
    return Contact.objects.select_for_update().get(pk=found) if found is not None else None


def _contact_by_email(email, network):
    # Lower(email) and the network are what the unique index is on, so the look-up uses it.
    return (
        Contact.objects.select_for_update()
        .annotate(email_key=Lower("email"))
        .filter(email_key=email.lower(), network=network)
        .first()
    )


def contact_by_email(email, network):
    """The network's contact with this e-mail (case-insensitive), locked for
    the caller's transaction, or None: the one "same e-mail, same person"
    rule, for the other apps that take people in (the ambassadors' sign-up)."""
    return _contact_by_email(email, network)


def _contact_find_or_create(data, email, network):
    """The person's contact, locked for the rest of the transaction.

    The same e-mail is the same person; without an e-mail, the same phone
    and the same first and last names are. The same phone with another
    e-mail is not taken for the same person (a partner shares the line, and
    whoever knows a phone number must not get a link to that person's
    project sent to their own address): a new contact, flagged for the
    referent (onboarding.services.duplicates)."""
    if email:
        contact = _contact_by_email(email, network)
    else:
        contact = _contact_by_phone_and_name(data, network)
    if contact is None:
        fields = {name: (getattr(data, name) or "").strip() for name in CONTACT_TEXT_FIELDS}
        fields.update({name: bool(getattr(data, name)) for name in CONTACT_FLAG_FIELDS})
        fields["children_ages"] = list(data.children_ages or [])
        fields["children_ages_on"] = timezone.localdate() if fields["children_ages"] else None
        if data.language:
            fields["language"] = language_or_default(data.language)
        try:
            # A savepoint: the same e-mail submitted twice at the same moment
            # makes the second INSERT fail on the unique index; that one then
            # finds the first one's contact.
            with transaction.atomic():
                return Contact.objects.create(email=email, network=network, **fields), False
        except IntegrityError:
            if not email:
                raise
            contact = _contact_by_email(email, network)
            if contact is None:
                raise
    _contact_complete(contact, data)
    return contact, True


def _contact_complete(contact, data):
    """Fill what the contact does not say yet; never replace what it says
    (but the language: the one they write in today is the one to answer in)."""
    changed = []
    if data.language and language_or_default(data.language) != contact.language:
        contact.language = language_or_default(data.language)
        changed.append("language")
    for name in CONTACT_TEXT_FIELDS:
        value = (getattr(data, name) or "").strip()
        if value and not getattr(contact, name):
            setattr(contact, name, value)
            changed.append(name)
    for name in CONTACT_FLAG_FIELDS:
        if getattr(data, name) and not getattr(contact, name):
            setattr(contact, name, True)
            changed.append(name)
    ages = data.children_ages
    if ages and not contact.children_ages:
        contact.children_ages = list(ages)
        contact.children_ages_on = timezone.localdate()
        changed += ["children_ages", "children_ages_on"]
    if changed:
        contact.save(update_fields=[*changed, "updated_at"])


def submission_summary(data, *, source, event=None):
    """The submission written out for the project's history, in French."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("Nouvelle demande reçue (%(source)s).") % {"source": Source(source).label}]
        if event is not None:
            lines.append(_("Événement : %(event)s") % {"event": event})
        if data.referrer:
            lines.append(_("Connu par : %(referrer)s") % {"referrer": data.referrer})
        needs = [str(need) for need in data.needs or ()]
        if needs:
            lines.append(_("Besoins : %(needs)s") % {"needs": ", ".join(needs)})
        territory = data.target_commune or data.target_epci
        lines.append(
            _("Territoire visé : %(territory)s") % {"territory": territory if territory else _("pas encore décidé")}
        )
        if data.horizon:
            lines.append(_("Horizon : %(horizon)s") % {"horizon": Horizon(data.horizon).label})
        if data.summary:
            lines.append(_("Projet : %(summary)s") % {"summary": data.summary})
        if data.message:
            lines.append(_("Message :") + "\n" + data.message)
        # A known contact is never overwritten from a public form: what was
        # typed stays here for staff to compare and correct.
        typed = [
            (getattr(data, name) or "").strip()
            for name in ("first_name", "last_name", "phone", "current_city", "occupation")
        ]
        if any(typed):
            lines.append(_("Coordonnées saisies : %(details)s") % {"details": ", ".join(v for v in typed if v)})
    text = "\n".join(lines)
    if len(text) > INTERACTION_MAX_LENGTH:
        text = text[: INTERACTION_MAX_LENGTH - 1] + "…"
    return text


# --- the confirmation e-mail (an outbox row written by intake_submit) --------------

CONFIRMATION_EMAIL = "onboarding.intake_confirmation"


@email_kind(CONFIRMATION_EMAIL)
def intake_confirmation_email(*, project_id, created=True):
    """The person's confirmation and private tracking link, or None if the
    project or the e-mail address is gone (erased) since."""
    project = Project.objects.select_related("contact", "event", "network").filter(pk=project_id).first()
    if project is None or not project.contact.email:
        return None
    context = {
        "project": project,
        "network": project.network,
        "contact": project.contact,
        "created": created,
        "tracking_url": tracking_url(project),
        "max_age_days": settings.TRACKING_LINK_MAX_AGE_DAYS,
        "delay": settings.FIRST_CONTACT_DELAY_WORKING_DAYS,
    }
    return email_build("onboarding/email/confirmation", context, [project.contact.email],
                       **network_sender(project.network))
