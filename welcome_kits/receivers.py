"""What welcome_kits does when the journey moves (connected in apps.ready)."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.personal_data import PersonKind, exempt, personal_data
from onboarding.extensions import Section, project_read, register_section, register_timeline_provider
from onboarding.models import Project
from onboarding.signals import project_changed, project_transitioned
from onboarding.timeline import TimelineEntry
from welcome_kits.models import ContentBlock, Kit, KitSection, PartnerContact, ServicePoint
from welcome_kits.services import kit_file_delete_if_unused, kit_refresh_request, kit_request, kits_erase

logger = logging.getLogger(__name__)


def queue_kit_on_confirm_move(sender, *, project_id, transition, user_id=None, **kwargs):
    """The move is decided: the prospect gets their kit.

    The journey sends this after its commit, so the project is read fresh here.
    """
    if transition != "confirm_move":
        return
    project = Project.objects.filter(pk=project_id).first()
    if project is None:
        return
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        kit_request(project=project, user=user)
    except Exception:
        # The move is committed: a kit that cannot be requested must not turn
        # the referent's confirmation into an error page. Staff can request
        # it from the project's kit page.
        logger.exception("Could not request the welcome kit of project %s", project_id)


def _refresh(project_ids):
    for project_id in project_ids:
        try:
            kit_refresh_request(project_id=project_id)
        except Exception:
            # The change is committed; a refresh that cannot be recorded must
            # not turn it into an error page. Staff can regenerate the kit.
            logger.exception("Could not queue the refresh of the kit of project %s", project_id)


def refresh_kit_on_change(sender, *, project_id=None, contact_id=None, **kwargs):
    """A reassignment, or an edit of the project's or its contact's details
    (the household, the territory, the needs): the kits already made follow.
    A contact's edit concerns each of their projects."""
    if project_id is not None:
        _refresh([project_id])
    elif contact_id is not None:
        _refresh(Project.objects.filter(contact_id=contact_id).values_list("pk", flat=True))


def refresh_kit_on_transition(sender, *, project_id, transition, **kwargs):
    """A transition may set the territory (qualify, mark_installed...): a kit
    already made follows. confirm_move requests its own kit."""
    if transition != "confirm_move":
        _refresh([project_id])


def delete_kit_file(sender, instance, **kwargs):
    """A deleted kit (its project deleted, or erased) leaves no PDF behind,
    once the deletion is committed."""
    name = instance.file.name
    if name:
        transaction.on_commit(lambda: kit_file_delete_if_unused(name))


def kits_of_person_erase(rows, person):
    """A PDF names the household: it goes with the contact's personal data."""
    kits_erase(project_ids=person.project_ids)


def kits_of_person_export(rows, person):
    """Which kits were made for them, when; the PDFs themselves are theirs through their kit link."""
    return [
        {"version": kit.version, "status": kit.get_status_display(), "requested_at": kit.requested_at.isoformat(),
         "finished_at": kit.finished_at.isoformat() if kit.finished_at else None}
        for kit in rows.order_by("requested_at", "pk")
    ]


def declare_personal_data():
    personal_data(
        Kit, person=PersonKind.PROSPECT, subject="project__contact", fields=("file",),
        context=("status", "version", "requested_at", "finished_at"), erase=kits_of_person_erase,
        export=kits_of_person_export, purpose=_l("Vous remettre un kit de bienvenue fait pour votre foyer"),
        retention=_l("Effacé avec la personne"), label=_l("Vos kits de bienvenue"),
    )
    personal_data(
        PartnerContact, person=PersonKind.PARTNER, subject="pk", fields=("contact_name", "phone", "email"),
        context=("organisation", "description"), erase="blank",
        purpose=_l("Présenter les interlocuteurs des partenaires dans les kits"),
        retention=_l("Tant que la personne est l'interlocuteur du partenaire"),
        label=_l("Fiche d'interlocuteur d'un partenaire"),
    )
    for model in (KitSection, ContentBlock, ServicePoint):
        exempt(model, _l("Contenu éditorial des kits et lieux publics (pas de personne)"))


def project_kits(project):
    """The project's kits, read once for the page's history and section."""
    return project_read(project, "welcome_kits.kits", lambda: list(
        Kit.objects.filter(project=project).select_related("requested_by", "same_as").order_by("requested_at", "pk")))


def kit_history(project):
    """The project's kits in its history (one query)."""
    entries = []
    for kit in project_kits(project):
        by = kit.requested_by.get_full_name() if kit.requested_by_id else ""
        entries.append(TimelineEntry(at=kit.requested_at, kind="kit", title=_("Kit de bienvenue demandé"), by=by))
        if kit.status == Kit.Status.DONE and kit.finished_at:
            title = (_("Kit de bienvenue prêt (version %(v)s)") % {"v": kit.version}) if kit.version else _(
                "Kit de bienvenue prêt (contenu inchangé)")
            entries.append(TimelineEntry(at=kit.finished_at, kind="kit", title=title))
        elif kit.status == Kit.Status.FAILED and kit.finished_at:
            entries.append(TimelineEntry(at=kit.finished_at, kind="kit", title=_("Échec de la création du kit")))
        if kit.notified_at:
            entries.append(TimelineEntry(at=kit.notified_at, kind="email",
                                        title=_("Lien du kit envoyé par e-mail au porteur de projet")))
    return entries


def kit_tracking_section(project):
    """The prospect's tracking page: their kit, or what to expect of it."""
    from welcome_kits.links import latest_kit_link_for

    return Section("welcome_kits/_tracking_section.html", {"kit_link": latest_kit_link_for(project)})


def kit_project_section(project):
    """The staff project page: where the kit stands and what happens next,
    followed without reloading (static/js/kit_status.js); nothing before a
    kit is asked for."""
    from welcome_kits.selectors import kit_progress

    state = kit_progress(project, kits=project_kits(project))
    if state is None:
        return None
    return Section("welcome_kits/_project_section.html", {"kit": state, "project_id": project.pk})


def connect():
    register_timeline_provider(kit_history)
    register_section("tracking_page", kit_tracking_section)
    register_section("project_page", kit_project_section)
    declare_personal_data()
    project_transitioned.connect(
        queue_kit_on_confirm_move, sender=Project, dispatch_uid="welcome_kits.queue_kit_on_confirm_move"
    )
    project_changed.connect(refresh_kit_on_change, dispatch_uid="welcome_kits.refresh_kit_on_change")
    project_transitioned.connect(
        refresh_kit_on_transition, sender=Project, dispatch_uid="welcome_kits.refresh_kit_on_transition"
    )
    post_delete.connect(delete_kit_file, sender=Kit, dispatch_uid="welcome_kits.delete_kit_file")
