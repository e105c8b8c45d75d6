"""A project's one timeline, gathered from every table that records
something about it: the staff page and the API show the same entries, in
the same order (newest first), paginated the same way.

`project_timeline(project, limit=n)` reads only the newest `n` rows of each
table (each ordered newest first, ties in the table's own order), so that
the newest `n` entries cost the same whatever the history's length; the
staff page asks for one page more than it shows (`timeline_page`).

Apps above onboarding (welcome_kits...) add their entries through
onboarding.extensions.register_timeline_provider, so that onboarding never
imports them.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Exists, Q
from django.utils.translation import gettext as _

from onboarding.extensions import timeline_providers
from onboarding.models import (
    DetailChange,
    Interaction,
    ProjectTransfer,
    ProjectTransition,
    RoutingDecision,
    Task,
)
from onboarding.states import ContactChannel, State

TIMELINE_PAGE_SIZE = 50


@dataclass
class TimelineEntry:
    at: datetime
    kind: str  # transition, routing, interaction, task, edit, kit, ...
    title: str
    body: str = ""
    by: str = ""
    extra: dict = field(default_factory=dict)


def _name(user):
    if user is None:
        return _("Système")
    return user.get_full_name() or user.get_username()


def _newest(queryset, at, limit, *ties):
    """The rows newest first (ties in the model's own order: the merged sort
    below is stable), only the `limit` newest if given."""
    queryset = queryset.order_by(f"-{at}", *ties)
    return queryset if limit is None else queryset[:limit]


def project_timeline(project, *, limit=None):
    """Newest first. A fixed number of queries whatever the history's length;
    with `limit`, the newest `limit` entries, reading at most `limit` rows of
    each table (the extensions' entries and a transfer's, few, all read)."""
    # Each state's and contact channel's label translated once, not twice per log row.
    labels = {value: str(label) for value, label in State.choices}
    contact_channels = {value: str(label).lower() for value, label in ContactChannel.choices}
    entries = []
    # Whether the project was ever part of a transfer rides on the log's query
    # (every project has its "create" row): most never are, and their
    # timeline costs no query more.
    transfers = ProjectTransfer.objects.filter(Q(project=project) | Q(new_project=project))
    log = list(_newest(ProjectTransition.objects.filter(project=project).select_related("by")
                       .annotate(transferred=Exists(transfers)), "at", limit, "id"))
    for row in log:
        if row.transition == ProjectTransition.CREATE:
            title = _("Projet reçu (%(channel)s)") % {"channel": row.get_channel_display()}
        else:
            title = _("%(from)s → %(to)s") % {"from": labels.get(row.from_state, row.from_state),
                                               "to": labels.get(row.to_state, row.to_state)}
            how = (row.fields or {}).get("contact_channel")
            if isinstance(how, str) and how in contact_channels:  # a first contact's channel (make_contact)
                title = _("%(title)s, par %(channel)s") % {"title": title, "channel": contact_channels[how]}
        entries.append(TimelineEntry(
            at=row.at, kind="transition", title=title, body=row.note, by=_name(row.by),
            extra={"transition": row.transition, "fields": row.fields, "channel": row.channel},
        ))
    for row in _newest(RoutingDecision.objects.filter(project=project).select_related("by"), "at", limit, "id"):
        entries.append(TimelineEntry(
            at=row.at, kind="routing", title=row.get_kind_display(), body=row.reason,
            by=_name(row.by) if row.by_id else _("Système"),
        ))
    for row in _newest(Interaction.objects.filter(project=project).select_related("by"), "happened_at", limit, "id"):
        entries.append(TimelineEntry(
            at=row.happened_at, kind="interaction", title=row.get_kind_display(), body=row.summary,
            by=_name(row.by) if row.by_id else "",
        ))
    tasks = Task.objects.filter(project=project).select_related("assignee__user", "created_by")
    for row in _newest(tasks, "created_at", limit, "due_on", "id"):
        entries.append(TimelineEntry(
            at=row.created_at, kind="task",
            title=_("Tâche : %(title)s (échéance %(due)s)") % {"title": row.title, "due": row.due_on.strftime("%d/%m/%Y")},
            body=_("Faite") if row.done_at else "", by=_name(row.created_by) if row.created_by_id else "",
            extra={"assignee": str(row.assignee)},
        ))
    changes = DetailChange.objects.filter(
        Q(project=project) | Q(project__isnull=True, contact_id=project.contact_id)
    ).select_related("by")
    for row in _newest(changes, "at", limit, "id"):
        entries.append(_detail_change_entry(row))
    if any(row.transferred for row in log[:1]):
        for row in transfers.select_related("from_network", "to_network", "proposed_by", "decided_by"):
            entries.extend(_transfer_entries(row, project))
    for provider in timeline_providers():
        entries.extend(provider(project))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries if limit is None else entries[:limit]


@dataclass
class TimelinePage:
    """One page of the timeline, newest first, for the staff page: `entries`,
    `number` and whether there are older (`has_next`) or newer
    (`has_previous`) entries. Its total is not counted: a page reads the
    newest number × size + 1 rows of each table, whatever the history's length."""

    entries: list
    number: int
    has_next: bool

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def has_other_pages(self):
        return self.has_next or self.has_previous

    def __iter__(self):
        return iter(self.entries)

    def __len__(self):
        return len(self.entries)


# Past this page, the last one: a number typed in the address does not make a page read the world.
TIMELINE_MAX_PAGE = 1000


def timeline_page(project, number, *, size=None):
    """Page `number` (a string from the address, 1 if it is not a number) of
    the timeline; past the last page, the last one (as Django's get_page)."""
    size = size or TIMELINE_PAGE_SIZE
    try:
        number = min(max(int(number), 1), TIMELINE_MAX_PAGE)
    except (TypeError, ValueError):
        number = 1
    entries = project_timeline(project, limit=number * size + 1)
    if number > 1 and len(entries) <= (number - 1) * size:
        number = max(1, -(-len(entries) // size))  # the last page
    start = (number - 1) * size
    return TimelinePage(entries=entries[start:start + size], number=number, has_next=len(entries) > start + size)


def _detail_change_entry(row):
    """"Coordonnées modifiées", one line per field: label : old → new."""
    if row.project_id is None:
        title = _("Coordonnées du contact modifiées")
    else:
        title = _("Informations du projet modifiées")
    if row.channel == DetailChange.Channel.PROSPECT:
        title = _("%(title)s par le porteur de projet") % {"title": title}
    lines = [
        _("%(label)s : %(old)s → %(new)s") % {"label": change["label"], "old": change["old"] or "—",
                                             "new": change["new"] or "—"}
        for change in row.changes
    ]
    return TimelineEntry(
        at=row.at, kind="edit", title=title,
        body="\n".join(lines) if lines else _("Détail effacé avec les données personnelles."),
        by=_name(row.by) if row.by_id else ("" if row.channel == DetailChange.Channel.PROSPECT else _("Système")),
        extra={"channel": row.channel, "changes": row.changes},
    )


def _transfer_entries(row, project):
    """A transfer as each side reads it: the sending project its proposal,
    the person being told, and its outcome; the receiving project its arrival."""
    Status = ProjectTransfer.Status
    extra = {"transfer": row.pk, "status": row.status}
    if row.new_project_id == project.pk:
        return [TimelineEntry(
            at=row.decided_at or row.proposed_at, kind="transfer",
            title=_("Projet reçu par transfert depuis « %(network)s »") % {"network": row.from_network},
            body=row.reason, by=_name(row.decided_by), extra=extra,
        )]
    entries = [TimelineEntry(
        at=row.proposed_at, kind="transfer",
        title=_("Transfert proposé à « %(network)s »") % {"network": row.to_network},
        body=row.reason, by=_name(row.proposed_by), extra=extra,
    )]
    if row.prospect_told_at:
        entries.append(TimelineEntry(
            at=row.prospect_told_at, kind="transfer", title=_("Personne informée du transfert par e-mail"),
            by=_("Système"), extra=extra,
        ))
    if row.status == Status.OBJECTED:
        entries.append(TimelineEntry(
            at=row.objection_at, kind="transfer", title=_("La personne s'est opposée au transfert"),
            body=_("Le projet reste suivi ici."), extra=extra,
        ))
    elif row.status != Status.PROPOSED and row.decided_at:
        titles = {
            Status.ACCEPTED: _("Transfert accepté par « %(network)s »"),
            Status.REFUSED: _("Transfert refusé par « %(network)s »"),
            Status.CANCELLED: _("Transfert vers « %(network)s » annulé"),
        }
        entries.append(TimelineEntry(
            at=row.decided_at, kind="transfer", title=titles[row.status] % {"network": row.to_network},
            body=row.refusal_reason, by=_name(row.decided_by), extra=extra,
        ))
    return entries

