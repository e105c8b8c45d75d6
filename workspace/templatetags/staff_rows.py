"""Rows of the staff's hot pages rendered in Python, with the markup their
templates wrote: the project list's rows (`project_rows`), the project page's
history entries (`history_entries`) and access log rows (`access_log_rows`);
and the state badge's colour (`state_badge`, also used by
workspace/_state_badge.html).

Through the templates (an include per row for the badge, a `{% url %}`, a
`date` filter and half a dozen variable lookups per row) the list's 25 rows
were about a third of its rendering time, and the project page's 50 history
entries and 50 access log rows about half of its own. Dates as the `date`
filter wrote them (local time, "d/m/Y" or "d/m/Y H:i").
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import is_aware, localtime
from django.utils.translation import gettext

from crm.models import AccessLog

register = template.Library()

# The badge's Bootstrap colour per state; any other state is "info".
STATE_BADGE = {
    "new": "primary",
    "abandoned": "secondary",
    "rejected": "secondary",
    "on_hold": "warning",
    "installed": "success",
    "integrated": "success",
}


def _local(value):
    return localtime(value) if is_aware(value) else value


@register.filter
def state_badge(state):
    return STATE_BADGE.get(state, "info")


def _cells(project, queue_label):
    return (
        reverse("project_detail", args=[project.pk]),
        project.contact.full_name,
        state_badge(project.state),
        project.state_label,
        str(project.segment) if project.segment is not None else "—",
        project.place_label or "—",
        str(project.referent) if project.referent is not None else queue_label,
        _local(project.updated_at).strftime("%d/%m/%Y"),
    )


@register.simple_tag
def project_rows(projects):
    """The list's rows (each project with its `state_label` set by the view)."""
    queue_label = gettext("File de la coordination")
    return format_html_join(
        "\n",
        '<tr>\n<th scope="row" class="fw-normal"><a href="{}">{}</a></th>\n'
        '<td><span class="badge text-bg-{} state-badge">{}</span></td>\n'
        "<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n<td>{}</td>\n</tr>",
        (_cells(project, queue_label) for project in projects),
    ) if projects else format_html(
        '<tr><td colspan="6">{}</td></tr>', gettext("Aucun projet ne correspond à ces critères."))


def _entry(entry):
    when = _local(entry.at).strftime("%d/%m/%Y %H:%M")
    return format_html(
        '<li class="border-start border-3 ps-3 mb-3 history-{}">\n<p class="mb-1"><strong>{}</strong></p>\n'
        '<p class="small text-muted mb-1">{}{}</p>\n{}</li>',
        entry.kind, entry.title, when, format_html(" – {}", entry.by) if entry.by else "",
        format_html('<p class="mb-1 text-pre-wrap">{}</p>\n', entry.body) if entry.body else "",
    )


@register.simple_tag
def history_entries(entries):
    """The project page's history entries (onboarding.timeline.TimelineEntry), newest first."""
    if not entries:
        return format_html("<li>{}</li>", gettext("Rien pour l'instant."))
    return mark_safe("\n".join(_entry(entry) for entry in entries))


def _access_row(row, deleted, kinds):
    if row.user is not None:
        who = row.user.get_full_name() or row.username
    else:
        who = format_html('{} <span class="text-muted">({})</span>', row.username, deleted)
    return format_html(
        '<tr>\n<td>{}</td>\n<th scope="row" class="fw-normal">{}</th>\n<td>{}</td>\n'
        '<td class="text-break">{}</td>\n</tr>',
        _local(row.at).strftime("%d/%m/%Y %H:%M"), who, kinds.get(row.kind, row.kind), row.detail or row.path,
    )


@register.simple_tag
def access_log_rows(rows):
    """The project page's access log rows (crm.access_log.access_log_of_project)."""
    deleted = gettext("compte supprimé")
    kinds = {value: str(label) for value, label in AccessLog.Kind.choices}  # get_kind_display(), once per kind
    return mark_safe("\n".join(_access_row(row, deleted, kinds) for row in rows))
