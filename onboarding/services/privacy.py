"""Personal data is kept no longer than needed: erased on request, and
at the end of the retention period (onboarding.services.retention, which
calls contact_erase).

Erasing keeps the anonymous figures the reports need (states, dates,
segment, needs, territory, source) and removes everything that names or
describes the person, wherever it was written:

- crm.Contact: name, e-mail, phone, city, occupations, household (anonymised);
- crm.PrivacyRequest: the message, handled or not;
- onboarding.Project: summary, message, referrer, pause reason;
- onboarding.ProjectTransition: every note, and the fields the contract
  says are typed text (a pause's reason);
- onboarding.Interaction: the summary; onboarding.Task: the title;
- onboarding.RoutingDecision: what was typed as a reassignment's reason;
- onboarding.DetailChange: the old and new values of every edit;
- django.contrib.admin's LogEntry: the object's name kept by the admin's
  log for the contact, its projects and every row pointing at them, and
  the names of objects in its change messages;
- the apps above onboarding, through their registered erasers
  (onboarding.extensions.register_personal_data_eraser: api's idempotency
  keys and fingerprints) and the contact_erased signal (welcome_kits: the
  kits and their PDFs).

Then each project still open is closed by the system's close_on_erasure
transition, as the tracking page promises ("votre accompagnement
s'arrêtera"). All in one transaction.
"""

import json

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm.models import Contact, PrivacyRequest
from onboarding.extensions import Erasure, personal_data_erasers
from onboarding.models import DetailChange, Interaction, Project, ProjectTransition, RoutingDecision, Task
from onboarding.services.journey import project_transition
from onboarding.signals import contact_erased
from onboarding.states import OPEN_STATES, Channel
from onboarding.transitions import free_text_fields

ERASED_NAME = "Anonyme"


def contact_erase(*, contact, user=None):
    """Erase one contact's personal data everywhere and close their open projects."""
    with transaction.atomic():
        # Locked: a referent's transition or edit at the same moment waits,
        # then finds the project closed (and its own change refused).
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        project_ids = tuple(
            Project.objects.select_for_update().filter(contact=contact).order_by("pk").values_list("pk", flat=True)
        )
        erasure = Erasure(
            contact_ids=(contact.pk,), project_ids=project_ids,
            emails=(contact.email.lower(),) if contact.email else (),
        )
        with translation.override(settings.LANGUAGE_CODE):
            _admin_log_erase(erasure)
            _journey_erase(erasure)
            _contact_erase(contact, user)
            for eraser in personal_data_erasers():
                eraser(erasure)
            contact_erased.send(sender=Contact, contact_id=contact.pk, project_ids=list(project_ids))
            _open_projects_close(erasure)


contact_erase.alters_data = True


def _contact_erase(contact, user):
    now = timezone.now()
    Contact.objects.filter(pk=contact.pk).update(
        first_name=ERASED_NAME, last_name=f"n°{contact.pk}", email="", phone="", current_city="",
        occupation="", has_partner=False, partner_occupation="", partner_seeks_job=False, children_ages=[],
        updated_at=now, erased_at=now,
    )
    requests = PrivacyRequest.objects.filter(contact=contact)
    requests.exclude(message="").update(message="")
    requests.filter(handled_at__isnull=True).update(handled_at=timezone.now(), handled_by=user)
    DetailChange.objects.filter(contact=contact, project__isnull=True).update(changes=[])


def _journey_erase(erasure):
    ids = erasure.project_ids
    Project.objects.filter(pk__in=ids).update(summary="", message="", referrer="", pause_reason="")
    Interaction.objects.filter(project__in=ids).exclude(summary="").update(summary="")
    Task.objects.filter(project__in=ids).update(title=_("Tâche (intitulé effacé)"))
    ProjectTransition.objects.filter(project__in=ids).exclude(note="").update(note="")

    # A log row's fields: the typed ones (a pause's reason) go, the codes,
    # communes and dates the reports read stay.
    typed = free_text_fields()
    rows = []
    for row in ProjectTransition.objects.filter(project__in=ids, transition__in=list(typed)):
        if any(row.fields.get(name) for name in typed[row.transition]):
            row.fields = {**row.fields, **{name: "" for name in typed[row.transition] if name in row.fields}}
            rows.append(row)
    ProjectTransition.objects.bulk_update(rows, ["fields"])

    # A reassignment's reason ends with what its author typed; who handed
    # the project to whom (staff) stays.
    decisions = list(
        RoutingDecision.objects.filter(project__in=ids, kind=RoutingDecision.Kind.REASSIGNMENT)
        .select_related("referent__user", "previous_referent__user")
    )
    for decision in decisions:
        decision.reason = _("%(previous)s → %(new)s : %(reason)s") % {
            "previous": decision.previous_referent or _("file d'attente de la coordination"),
            "new": decision.referent or "?",
            "reason": _("motif effacé"),
        }
    RoutingDecision.objects.bulk_update(decisions, ["reason"])

    DetailChange.objects.filter(project__in=ids).update(changes=[])


def _pointing_at_the_person():
    """[(model, field name, Project|Contact)]: every foreign key, in every
    installed app, from a row to a project or a contact."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.ForeignKey) and field.related_model in (Project, Contact):
                if model is not field.related_model:  # a project marked duplicate of another is not about it
                    found.append((model, field.attname, field.related_model))
    return found


def _admin_log_erase(erasure):
    """The admin's log keeps each object's name as it was (a project's is the
    person's name) and the names of the objects a change touched: renamed
    to "<kind> n°<id>", for the contact, their projects and every row
    pointing at them (tasks, exchanges, kits...), whatever the app."""
    targets = {Contact: set(erasure.contact_ids), Project: set(erasure.project_ids)}
    for model, attname, related in _pointing_at_the_person():
        wanted = erasure.contact_ids if related is Contact else erasure.project_ids
        pks = set(model._default_manager.filter(**{f"{attname}__in": wanted}).values_list("pk", flat=True))
        if pks:
            targets.setdefault(model, set()).update(pks)
    for model, pks in targets.items():
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        entries = LogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in pks])
        entries.update(object_repr=Concat(Value(f"{model._meta.verbose_name} n°"), "object_id"))
        changed = []
        for entry in entries.exclude(change_message="").only("pk", "change_message"):
            entry.change_message = _change_message_without_names(entry.change_message)
            changed.append(entry)
        LogEntry.objects.bulk_update(changed, ["change_message"])


def _change_message_without_names(message):
    """The admin's JSON change message less the objects' names: which kind
    of object was added, changed or deleted and which fields stay."""
    try:
        items = json.loads(message)
    except ValueError:
        return ""
    if not isinstance(items, list):
        return ""
    kept = []
    for item in items:
        if isinstance(item, dict):
            kept.append({action: {k: v for k, v in detail.items() if k != "object"} if isinstance(detail, dict)
                         else {} for action, detail in item.items()})
    return json.dumps(kept)


def _open_projects_close(erasure):
    note = _("Données personnelles effacées à la demande de la personne : le projet est clos.")
    for project in Project.objects.filter(pk__in=erasure.project_ids, state__in=OPEN_STATES).order_by("pk"):
        project_transition(
            project=project, transition="close_on_erasure", user=None, channel=Channel.SYSTEM, note=note
        )

