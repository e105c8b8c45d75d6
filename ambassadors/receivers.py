"""How the ambassadors plug into the pages and the registries (connected in apps.ready)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambassadors import emails  # noqa: F401  (registers the e-mail kinds)
from ambassadors.models import Ambassador, Referral, Share
from ambassadors.proposals import AMBASSADOR
from ambassadors.selectors import suggestions_for
from ambassadors.services import ambassadors_erase, referral_installed_notify
from crm.models import Contact, Event
from crm.personal_data import PersonKind, exempt, personal_data
from crm.scope import in_networks_of, scope_register
from events.audiences import area_filter, register_audience
from events.models import InviteeKind
from onboarding.extensions import (
    Section,
    project_read,
    register_proposal_kind,
    register_retention_hold,
    register_section,
    register_timeline_provider,
)
from onboarding.models import Project
from onboarding.signals import project_transitioned
from onboarding.timeline import TimelineEntry


def _referral(project):
    """The project's referral, if any: read once for the page's history and section."""
    return project_read(project, "ambassadors.referral", lambda: Referral.objects.select_related(
        "ambassador__contact", "ambassador__commune").filter(project=project).first())


def project_section(project):
    """The staff project page: the ambassador who sent the person, and the
    ambassadors to propose (two queries, one more for the referral)."""
    referral = _referral(project)
    return Section("ambassadors/_project_section.html", {
        "project_id": project.pk, "referral": referral, "suggestions": suggestions_for(project)})


def referral_history(project):
    """The referral, in the project's history (one query)."""
    referral = _referral(project)
    if referral is None:
        return []
    return [TimelineEntry(at=referral.created_at, kind="ambassador_referral",
                          title=_("Projet venu par le lien de parrainage de %(name)s (ambassadeur n°%(id)s)") % {
                              "name": referral.ambassador.contact.first_name, "id": referral.ambassador_id},
                          by=_("La personne"))]


def notify_on_installed(sender, *, project_id, transition, **kwargs):
    if transition == "mark_installed":
        with transaction.atomic():
            referral_installed_notify(project_id=project_id)


def ambassador_export(rows, person):
    return [{"commune": row.commune.name, "occupation": row.occupation, "came_from": row.came_from,
             "arrived_year": row.arrived_year, "household": row.get_household_display(),
             "languages": ", ".join(row.language_names()), "shares": ", ".join(s.name for s in row.shares.all()),
             "status": row.get_status_display(), "consent_text": row.consent_text,
             "consent_version": row.consent_version,
             "consent_at": row.consent_at.isoformat() if row.consent_at else None,
             "referrals": row.referrals.count()}
            for row in rows.select_related("commune").prefetch_related("shares").order_by("pk")]


def declare_personal_data():
    # An ambassador is a crm.Contact: their profile is found, exported and
    # erased with the person (onboarding.services.privacy.contact_erase), and
    # alone when they leave the network but keep a newcomer's project.
    personal_data(
        Ambassador, person=PersonKind.PROSPECT, subject="contact",
        fields=("occupation", "came_from", "arrived_year", "household", "languages", "consent_text"),
        context=("commune", "status", "consent_version", "consent_at"),
        erase=ambassadors_erase, export=ambassador_export,
        purpose=_l("Animer le réseau des ambassadeurs : vous proposer, avec votre accord, aux personnes qui "
                   "envisagent de s'installer, et compter les projets venus par votre lien de parrainage"),
        retention=_l("Tant que vous êtes ambassadeur ; effacé quand vous quittez le réseau, ou trois ans après "
                     "votre dernière démarche"),
        label=_l("Votre profil d'ambassadeur"), order=80,
    )
    personal_data(
        Referral, person=PersonKind.PROSPECT, subject="project__contact", fields=("prospect_agreed",),
        context=("created_at",), erase="keep",
        purpose=_l("Savoir qu'un projet est venu par le lien d'un ambassadeur, et le prévenir de votre "
                   "installation (sans votre nom, sauf si vous l'avez accepté)"),
        retention=_l("Avec le projet ; le lien reste, anonyme, pour les chiffres du réseau"),
        label=_l("Le parrainage de votre projet"),
    )
    exempt(Share, _l("Liste de référence (ce qu'un ambassadeur peut partager), sans personne"))


def ambassadors_to_invite(event):
    """The network's active ambassadors who live in the event's area; they
    agreed to be contacted by the programme when they signed up (the text
    and its version are on their profile). One query."""
    return Contact.objects.filter(
        area_filter(event, "ambassador__commune"),
        ambassador__network_id=event.network_id,
        ambassador__status=Ambassador.Status.APPROVED,
        ambassador__erased_at__isnull=True,
        ambassador__consent_at__isnull=False,
    )


def active_ambassadors_kept():
    """An approved ambassador takes part in the network: their contact is
    kept by the personal-data purge while they do (applied, paused or removed
    ones count from their last action, like anyone)."""
    return Ambassador.objects.filter(status=Ambassador.Status.APPROVED, erased_at__isnull=True).values("contact_id")


def connect():
    register_proposal_kind(AMBASSADOR)
    register_retention_hold(active_ambassadors_kept)
    # The programme's events, the welcome evenings where they meet newcomers,
    # and the job fairs where they tell visitors about life here.
    register_audience("ambassadors", _l("Les ambassadeurs du réseau qui vivent dans la zone"), ambassadors_to_invite,
                      invitee_kind=InviteeKind.AMBASSADOR,
                      event_kinds=(Event.Kind.PROGRAMME, Event.Kind.WELCOME, Event.Kind.SALON))
    register_section("project_page", project_section)
    register_timeline_provider(referral_history)
    scope_register("ambassadors.ambassador", lambda rows, user: in_networks_of(rows, user, "network"))
    scope_register("ambassadors.ambassadorevent", lambda rows, user: in_networks_of(rows, user, "ambassador__network"))
    scope_register("ambassadors.referral", lambda rows, user: in_networks_of(rows, user, "ambassador__network"))
    declare_personal_data()
    project_transitioned.connect(notify_on_installed, sender=Project,
                                 dispatch_uid="ambassadors.notify_on_installed")

