"""crm's entries in the registry of personal data (crm.personal_data),
declared from CrmConfig.ready(), and django.contrib's (below every app).

The contact is erased last-but-one of the prospect's tables (order 900): the
others find their rows through it and their projects."""

import json

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as AxesAccessLog
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crm import models as crm_models
from crm.outbox import outbox_about
from crm.personal_data import PersonKind, exempt, personal_data

ERASED_NAME = "Anonyme"

ACCOMPANIMENT = _("Accompagner l'installation de la personne et de son foyer")
RETENTION_3Y = _("Trois ans après le dernier contact venu de la personne, puis anonymisé")


def contact_erase_fields(rows, person):
    """Name and details go; the row stays, anonymous, for the figures the
    reports count (a contact per project). `erased_at` is the one sign."""
    now = timezone.now()
    for contact_id in rows.values_list("pk", flat=True):
        rows.filter(pk=contact_id).update(
            first_name=ERASED_NAME, last_name=f"n°{contact_id}", email="", phone="", current_city="",
            occupation="", has_partner=False, partner_occupation="", partner_seeks_job=False, children_ages=[],
            children_ages_on=None, phone_key="", last_name_key="", search_key="", updated_at=now, erased_at=now,
        )


def privacy_requests_erase(rows, person):
    """The request stays, its kind, dates and status (proof the right was
    exercised and answered in time, art. 5.2); what was written in it (the
    person's message, the answer, an extension's reason) goes. Open ones are
    answered by the erasure itself."""
    rows.update(message="", answer="", extension_reason="")
    rows.filter(status__in=crm_models.PrivacyRequest.OPEN_STATUSES).update(
        status=crm_models.PrivacyRequest.Status.ANSWERED, answered_at=timezone.now(), answered_by=person.by)


def outbox_rows(person):
    return outbox_about(contact_ids=person.contact_ids, project_ids=person.project_ids, emails=person.emails)


def outbox_export(rows, person):
    return [
        {"kind": row.kind, "created_at": row.created_at.isoformat(), "status": row.get_status_display(),
         "sent_at": row.sent_at.isoformat() if row.sent_at else None}
        for row in rows.order_by("created_at", "pk")
    ]


def declare():
    User = get_user_model()
    prospect, staff = PersonKind.PROSPECT, PersonKind.STAFF

    personal_data(
        crm_models.Contact, person=prospect, subject="pk", order=900,
        fields=("first_name", "last_name", "email", "phone", "current_city", "occupation", "partner_occupation",
                "children_ages"),
        context=("has_partner", "partner_seeks_job", "children_ages_on", "language", "created_at",
                 "last_person_contact_at"),
        erase=contact_erase_fields, purpose=ACCOMPANIMENT, retention=RETENTION_3Y,
        label=_("Vos coordonnées et votre foyer"),
    )
    personal_data(
        crm_models.PrivacyRequest, person=prospect, subject="contact", fields=("message", "answer", "extension_reason"),
        context=("kind", "channel", "received_on", "due_on", "status", "answered_at"), erase=privacy_requests_erase,
        purpose=_("Répondre aux demandes d'exercice des droits"),
        retention=_("Le message, la réponse et le motif d'une prolongation sont effacés avec la personne ; la "
                    "trace de la demande (type, dates, statut) est gardée, preuve de la réponse"),
        label=_("Vos demandes sur vos données"),
    )
    personal_data(
        crm_models.OutboxEmail, person=prospect, subject=outbox_rows, fields=("args",), erase="delete",
        export=outbox_export, purpose=_("Vous écrire (confirmations, liens, kit)"),
        retention=_("30 jours après l'envoi"), label=_("Les e-mails que nous vous avons envoyés"),
    )
    # The admin's log names the objects it touched (a project's name is the
    # person's): renamed, not deleted (who changed what stays). First, while
    # the rows pointing at the person still exist to be found.
    personal_data(
        LogEntry, person=prospect, subject=admin_log_rows, fields=("object_repr", "change_message"),
        erase=admin_log_erase, export=False, order=0,
        purpose=_("Tracer les modifications faites par l'équipe"),
        retention=_("Le nom de l'objet est effacé avec la personne"),
    )

    # Staff: their account and their card as a referent. Kept while they work
    # here; an account is closed by an administrator, not by this registry.
    personal_data(
        User, person=staff, subject="pk", fields=("username", "first_name", "last_name", "email"),
        context=("date_joined", "last_login"), erase="keep",
        purpose=_("Donner accès à l'espace de l'équipe"),
        retention=_("Le temps des fonctions, puis le compte est désactivé par un administrateur"),
        label=_("Votre compte"),
    )
    personal_data(
        crm_models.Referent, person=staff, subject="user", fields=("title", "phone"), erase="keep",
        purpose=_("Présenter le référent aux personnes qu'il accompagne"),
        retention=_("Le temps des fonctions"), label=_("Votre fiche de référent"),
    )
    personal_data(
        crm_models.Absence, person=staff, subject="referent__user", fields=("note",),
        context=("starts_on", "ends_on"), erase="blank",
        purpose=_("Répartir les projets pendant les absences"), retention=_("Le temps des fonctions"),
        label=_("Vos absences"),
    )

    # Failed sign-ins (django-axes): the address and browser of whoever typed
    # a staff member's user name. Axes forgets them after the cool-off.
    for model in (AccessAttempt, AccessFailureLog, AxesAccessLog):
        personal_data(
            model, person=staff, subject=by_username(model), fields=("username", "ip_address", "user_agent"),
            context=("attempt_time",), erase="delete", export=True,
            purpose=_("Protéger les comptes contre les essais de mots de passe"),
            retention=_("Jusqu'à la fin du délai de blocage (15 minutes par défaut)"),
            label=_("Tentatives de connexion à votre compte"),
        )
    exempt(Group, _("Rôles de l'application"))
    exempt(Permission, _("Droits de l'application"))
    exempt(Session, _("Sessions de connexion : un identifiant aléatoire, expirées puis supprimées par Django"))
    exempt(crm_models.Network, _("Coordonnées institutionnelles du réseau (responsable, DPO), publiques"))
    exempt(crm_models.Organisation, _("Structure (personne morale) : nom, standard et site publics"))
    exempt(crm_models.Team, _("Nom d'équipe"))
    exempt(crm_models.ConsentText, _("Textes de consentement publiés par les réseaux : aucune donnée sur une personne"))
    for model in (crm_models.Segment, crm_models.Need, crm_models.Event, crm_models.Departement, crm_models.Epci,
                  crm_models.Commune, crm_models.CommuneFormerName):
        exempt(model, _("Données de référence (référentiels publics, listes de l'application)"))


def by_username(model):
    """Axes keys its rows by the user name typed, not by account."""
    def rows(person):
        names = get_user_model().objects.filter(pk__in=person.ids).values_list("username", flat=True)
        return model.objects.filter(username__in=list(names))
    return rows


# --- the admin's log -----------------------------------------------------------------

def admin_log_rows(person):
    """The log entries about the person's contact, projects and every row pointing at them."""
    query = Q(pk__in=[])
    for model, pks in _rows_about(person).items():
        if pks:
            content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
            query |= Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])
    return LogEntry.objects.filter(query)


def _rows_about(person):
    contact_model = crm_models.Contact
    project_model = apps.get_model("onboarding", "Project")
    targets = {contact_model: set(person.contact_ids), project_model: set(person.project_ids)}
    for model in apps.get_models():
        for field_ in model._meta.concrete_fields:
            if isinstance(field_, models.ForeignKey) and field_.related_model in (project_model, contact_model):
                if model is field_.related_model:  # a project marked duplicate of another is not about it
                    continue
                wanted = person.contact_ids if field_.related_model is contact_model else person.project_ids
                if wanted:
                    pks = model._default_manager.filter(**{f"{field_.attname}__in": wanted}).values_list("pk", flat=True)
                    targets.setdefault(model, set()).update(pks)
    return targets


def admin_log_erase(rows, person):
    for model, pks in _rows_about(person).items():
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
