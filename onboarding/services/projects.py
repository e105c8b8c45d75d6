"""Creating projects and editing what they and their contacts say.

Creation writes the journey's first log row. Every edit of the details,
from the staff pages, the admin or the prospect's tracking page, goes
through `project_update_details` or `contact_update_details`, which write a
DetailChange (who, when, which fields, old → new) in the same transaction:
the project's timeline shows it. The state is never edited here.
"""

import datetime

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from crm.access import is_coordinator
from crm.models import Contact
from onboarding.access import may_act
from onboarding.exceptions import TransitionPermissionDenied
from onboarding.location import network_for, project_locate
from onboarding.models import DetailChange, Project, ProjectTransition
from onboarding.services.routing import project_reroute_on_move
from onboarding.services.stage_times import log_transition
from onboarding.signals import project_changed_send, project_moved
from onboarding.states import Channel, State


@transaction.atomic
def project_create(*, contact, source, user=None, channel=Channel.UI, needs=(), note="", **details):
    """Create a project in state `new` with its "create" log row.

    `details` are Project fields (segment, target_epci, summary, event...).
    Routing is the caller's next step (`onboarding.services.routing`).
    """
    network = details.pop("network", None)
    project = Project(contact=contact, source=source, **details)
    project_locate(project)
    project.network = network_for(departement_id=project.departement_id, given=network or contact.network)
    project.save()
    if contact.network_id is None and project.network_id is not None:
        # A contact belongs to the network of its first project.
        Contact.objects.filter(pk=contact.pk, network__isnull=True).update(network=project.network_id)
        contact.network_id = project.network_id
    if needs:
        project.needs.set(needs)
    log_transition(
        project=project,
        transition=ProjectTransition.CREATE,
        from_state="",
        to_state=State.NEW,
        by=user if getattr(user, "is_authenticated", False) else None,
        channel=channel,
        note=note,
        at=project.created_at or timezone.now(),
    )
    return project


project_create.alters_data = True


# --- editing the details ---------------------------------------------------------

# What staff may correct. The rest of a project belongs to a service of its
# own: the state, pause, abandon and reject fields and the installation to
# the journey (project_transition), referent and team to routing
# (project_reassign), the first-contact deadline to routing and make_contact.
PROJECT_DETAIL_FIELDS = (
    "segment", "summary", "message", "target_epci", "target_commune", "horizon", "move_date",
    "source", "event", "referrer",
)
CONTACT_DETAIL_FIELDS = (
    "first_name", "last_name", "email", "phone", "current_city", "occupation",
    "has_partner", "partner_occupation", "partner_seeks_job", "children_ages",
)


def _require_may_act(project, user):
    if not may_act(project, user):
        raise TransitionPermissionDenied(
            _("Seuls le référent du projet et la coordination peuvent modifier ce projet.")
        )


def _stored(field, value):
    """What the column holds, to compare: a related object by its id."""
    if isinstance(field, models.ForeignKey):
        return value.pk if isinstance(value, models.Model) else value
    return value


def _shown(field, value):
    """The value as a person reads it in the history."""
    if value is None or value == "" or value == []:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("oui") if value else _("non")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _diff(current, values):
    """[(name, old, new)] for the values that differ from the row `current`."""
    changed = []
    for name, value in values.items():
        field = current._meta.get_field(name)
        old = getattr(current, field.attname)
        if old != _stored(field, value):
            changed.append((name, getattr(current, name), value))
    return changed


def _change_rows(model, changed):
    # Stored in the site's language, as routing's reasons: the history reads
    # the same whatever language the editor used.
    with translation.override(settings.LANGUAGE_CODE):
        rows = []
        for name, old, new in changed:
            field = model._meta.get_field(name)
            rows.append({"field": name, "label": str(field.verbose_name),
                         "old": _shown(field, old), "new": _shown(field, new)})
        return rows


def _record(*, contact_id, project, user, channel, rows):
    if rows:
        DetailChange.objects.create(
            contact_id=contact_id, project=project, channel=channel, changes=rows,
            by=user if getattr(user, "is_authenticated", False) else None,
        )
        project_changed_send(what="details", project_id=project.pk if project else None, contact_id=contact_id)


@transaction.atomic
def project_update_details(
    *, project, user, project_fields=None, contact_fields=None, needs=None, channel=DetailChange.Channel.UI,
    keep_referent=False,
):
    """Edit what the project and its contact say; never the state.

    Writes only the fields whose value differs from the database's (a
    project edited meanwhile keeps the other changes) and records them, old
    → new, in the project's history. A new EPCI routes the project again
    (project_reroute_on_move) unless `keep_referent`. Returns the project.
    """
    _require_may_act(project, user)
    project_fields = dict(project_fields or {})
    unknown = set(project_fields) - set(PROJECT_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a project detail: {', '.join(sorted(unknown))}")
    # Compared with the row as it is now, not with the caller's instance,
    # which a form may already have changed.
    current = Project.objects.select_for_update().get(pk=project.pk)
    changed = _diff(current, project_fields)
    for name, _old, new in changed:
        setattr(project, name, new)
    if changed:
        located = project_locate(project)
        project.save(update_fields=[*(name for name, _o, _n in changed), *located, "updated_at"])
        if "departement" in located:
            # A commune in another network's département: that network is offered the
            # project (onboarding.services.transfers receives it).
            project_moved.send(sender=Project, project=project)
        project_reroute_on_move(project=project, previous_epci_id=current.epci_id, user=user, keep=keep_referent)
    rows = _change_rows(Project, changed)
    if needs is not None:
        before = list(current.needs.order_by("position", "name"))
        after = sorted(needs, key=lambda need: (need.position, need.name))
        if {need.pk for need in before} != {need.pk for need in after}:
            project.needs.set(after)
            with translation.override(settings.LANGUAGE_CODE):
                rows.append({"field": "needs", "label": str(Project._meta.get_field("needs").verbose_name),
                             "old": ", ".join(str(n) for n in before), "new": ", ".join(str(n) for n in after)})
            if not changed:
                Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    _record(contact_id=project.contact_id, project=project, user=user, channel=channel, rows=rows)
    if contact_fields:
        contact_update_details(contact=project.contact, user=user, fields=contact_fields, channel=channel)
    return project


project_update_details.alters_data = True


@transaction.atomic
def contact_update_details(*, contact, user, fields, channel=DetailChange.Channel.UI):
    """Edit what a contact says; returns the names of the fields changed.

    `user` is a coordinator or a referent who may act on one of the
    contact's projects; None only with channel PROSPECT, when the person
    corrects their own details from their private tracking link. The
    e-mail's uniqueness is the caller's to check first (the database's
    index is the last guard: IntegrityError).
    """
    if channel == DetailChange.Channel.PROSPECT:
        if user is not None:
            raise ValueError("the prospect acts without an account")
    elif not (is_coordinator(user) or any(may_act(p, user) for p in contact.projects.all())):
        raise TransitionPermissionDenied(
            _("Seuls le référent du projet et la coordination peuvent modifier ce contact.")
        )
    fields = dict(fields)
    unknown = set(fields) - set(CONTACT_DETAIL_FIELDS)
    if unknown:
        raise ValueError(f"not a contact detail: {', '.join(sorted(unknown))}")
    current = Contact.objects.select_for_update().get(pk=contact.pk)
    changed = _diff(current, fields)
    if not changed:
        return []
    for name, _old, new in changed:
        setattr(contact, name, new)
    names = [name for name, _o, _n in changed]
    if "children_ages" in names:
        # Ages go stale: counted from the day they were given (Contact.children_ages_now).
        contact.children_ages_on = timezone.localdate() if contact.children_ages else None
        names.append("children_ages_on")
    contact.save(update_fields=[*names, "updated_at"])
    _record(contact_id=contact.pk, project=None, user=user, channel=channel, rows=_change_rows(Contact, changed))
    return names


contact_update_details.alters_data = True
