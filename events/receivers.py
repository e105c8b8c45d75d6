"""How the events app plugs into the registries (connected in apps.ready):
its built-in audiences, the history of a project, the scope of its rows and
the personal data it holds."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from crm.models import Event
from crm.personal_data import PersonKind, personal_data
from crm.scope import in_networks_of, scope_register
from events.audiences import AudienceParam, register_audience
from events.models import Invitation, InviteeKind
from events.selectors import contact_invitations, newcomers_installed, prospects_in_area
from onboarding.extensions import register_timeline_provider
from onboarding.timeline import TimelineEntry

RETENTION = _l("Deux ans après l'événement, puis supprimées (ou avec la personne, à son effacement)")


def _name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def invitations_history(project):
    """The person's registrations and attendances in the project's history
    (one query, kept on the project for the request)."""
    rows = project.__dict__.get("_event_invitations")
    if rows is None:
        rows = project.__dict__["_event_invitations"] = contact_invitations(project.contact_id)
    entries = []
    for invitation in rows:
        what = {"event": invitation.event.name, "day": f"{invitation.event.starts_on:%d/%m/%Y}"}
        if invitation.registered_at:
            entries.append(TimelineEntry(
                at=invitation.registered_at, kind="event",
                title=_("Inscription à « %(event)s » du %(day)s (%(people)s personne(s))") % {
                    **what, "people": invitation.household_size}))
        if invitation.attendance_at and invitation.attended is not None:
            title = (_("Présent(e) à « %(event)s » du %(day)s") if invitation.attended
                     else _("Absent(e) à « %(event)s » du %(day)s"))
            entries.append(TimelineEntry(at=invitation.attendance_at, kind="event", title=title % what,
                                         by=_name(invitation.attendance_by)))
    return entries


def invitations_export(rows, person):
    return [{"event": row.event.name, "starts_on": row.event.starts_on.isoformat(), "place": row.event.place,
             "state": str(row.get_state_display()), "household_size": row.household_size,
             "attended": row.attended}
            for row in rows.select_related("event").order_by("event__starts_on", "pk")]


def declare_personal_data():
    personal_data(
        Invitation, person=PersonKind.PROSPECT, subject="contact",
        fields=("household_size", "registered_at", "declined_at", "attended"),
        context=("event", "invitee_kind", "sent_at", "reminded_at"), erase="delete", export=invitations_export,
        purpose=_l("Inviter les nouveaux arrivants et les porteurs de projet aux événements du programme, "
                   "compter les places et les présents"),
        retention=RETENTION, label=_l("Vos invitations aux événements"),
    )


def connect():
    scope_register("events.invitation", lambda queryset, user: in_networks_of(queryset, user, "event__network"))
    register_audience(
        "newcomers", _l("Nouveaux arrivants installés dans la zone"), newcomers_installed,
        invitee_kind=InviteeKind.NEWCOMER, event_kinds=(Event.Kind.WELCOME, Event.Kind.PROGRAMME),
        params=(AudienceParam("months", _l("Installés depuis moins de (mois)"), 12, 1, 60),),
    )
    register_audience(
        "prospects", _l("Porteurs de projet qui visent la zone"), prospects_in_area,
        invitee_kind=InviteeKind.PROSPECT, event_kinds=(Event.Kind.PROGRAMME, Event.Kind.SALON),
    )
    register_timeline_provider(invitations_history)
    declare_personal_data()
