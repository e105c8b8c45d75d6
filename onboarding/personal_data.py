"""onboarding's entries in the registry of personal data (crm.personal_data),
declared from OnboardingConfig.ready(): the projects and everything written
along the journey. The erasure keeps what the reports count (states, dates,
segment, needs, territory, source) and removes what names or describes the
person, wherever it was typed."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crm.personal_data import PersonKind, exempt, personal_data
from crm.personal_data_declared import ACCOMPANIMENT, RETENTION_3Y
from onboarding.models import (
    Consent,
    DetailChange,
    Interaction,
    Project,
    ProjectTransfer,
    ProjectTransition,
    Proposal,
    RoutingDecision,
    RoutingRule,
    Task,
)
from onboarding.transitions import free_text_fields


def tasks_erase(rows, person):
    rows.update(title=_("Tâche (intitulé effacé)"))


def transitions_erase(rows, person):
    """The notes go; of a log row's fields, the typed ones (a pause's reason)
    go and the codes, communes and dates the reports read stay."""
    rows.exclude(note="").update(note="")
    typed = free_text_fields()
    changed = []
    for row in rows.filter(transition__in=list(typed)):
        if any(row.fields.get(name) for name in typed[row.transition]):
            row.fields = {**row.fields, **{name: "" for name in typed[row.transition] if name in row.fields}}
            changed.append(row)
    ProjectTransition.objects.bulk_update(changed, ["fields"])


def transitions_export(rows, person):
    return [
        {"at": row.at.isoformat(), "transition": row.transition, "from_state": row.get_from_state_display(),
         "to_state": row.get_to_state_display(), "note": row.note, "fields": row.fields}
        for row in rows.order_by("at", "pk")
    ]


def routing_erase(rows, person):
    """A reassignment's reason ends with what its author typed; who handed
    the project to whom (staff) stays."""
    decisions = list(
        rows.filter(kind=RoutingDecision.Kind.REASSIGNMENT).select_related("referent__user", "previous_referent__user")
    )
    for decision in decisions:
        decision.reason = _("%(previous)s → %(new)s : %(reason)s") % {
            "previous": decision.previous_referent or _("file d'attente de la coordination"),
            "new": decision.referent or "?",
            "reason": _("motif effacé"),
        }
    RoutingDecision.objects.bulk_update(decisions, ["reason"])


def detail_changes_rows(person):
    return DetailChange.objects.filter(
        Q(contact__in=person.contact_ids) | Q(project__in=person.project_ids)
    )


def transfers_rows(person):
    return ProjectTransfer.objects.filter(Q(project__in=person.project_ids) | Q(new_project__in=person.project_ids))


def proposals_export(rows, person):
    """Each proposal as the person saw it: what, when, their answer and the text they accepted."""
    from onboarding.proposals import proposals_shown_rows

    return [{"proposed_at": shown.proposal.created_at.isoformat(), "kind": shown.kind_label, "what": shown.title,
             "status": shown.proposal.get_status_display(), "outcome": shown.outcome_label,
             "accepted_text": shown.proposal.consent_text,
             "accepted_at": shown.proposal.consent_at.isoformat() if shown.proposal.consent_at else ""}
            for shown in proposals_shown_rows(rows.order_by("created_at", "pk"))]


def declare():
    prospect = PersonKind.PROSPECT
    journey = gettext_lazy("Suivre le parcours d'installation")
    personal_data(
        Project, person=prospect, subject="contact", fields=("summary", "message", "referrer", "pause_reason"),
        context=("created_at", "state", "source", "horizon", "target_commune", "target_epci", "needs", "move_date",
                 "installed_commune", "installed_on", "referent"),
        purpose=ACCOMPANIMENT, retention=RETENTION_3Y, label=gettext_lazy("Vos projets"),
    )
    personal_data(
        ProjectTransition, person=prospect, subject="project__contact", fields=("note", "fields"),
        erase=transitions_erase, export=transitions_export, purpose=journey, retention=RETENTION_3Y,
        label=gettext_lazy("Les étapes de votre parcours"),
    )
    personal_data(
        Interaction, person=prospect, subject="project__contact", fields=("summary",),
        context=("happened_at", "kind"), purpose=journey, retention=RETENTION_3Y,
        label=gettext_lazy("Nos échanges avec vous (résumés)"),
    )
    personal_data(
        Task, person=prospect, subject="project__contact", fields=("title",), context=("due_on", "done_at"),
        erase=tasks_erase, purpose=journey, retention=RETENTION_3Y,
        label=gettext_lazy("Les tâches de votre référent pour votre projet"),
    )
    personal_data(
        RoutingDecision, person=prospect, subject="project__contact", fields=("reason",),
        context=("at", "kind", "referent"), erase=routing_erase,
        purpose=gettext_lazy("Choisir le référent de votre projet"), retention=RETENTION_3Y,
        label=gettext_lazy("Le choix de votre référent"),
    )
    personal_data(
        DetailChange, person=prospect, subject=detail_changes_rows, fields=("changes",), context=("at", "channel"),
        purpose=gettext_lazy("Garder la trace des modifications de vos informations"), retention=RETENTION_3Y,
        label=gettext_lazy("Les modifications de vos informations"),
    )
    personal_data(
        ProjectTransfer, person=prospect, subject=transfers_rows, fields=("reason", "refusal_reason"),
        context=("proposed_at", "from_network", "to_network", "status", "objection_at"),
        purpose=gettext_lazy("Transmettre votre projet au réseau de votre territoire"), retention=RETENTION_3Y,
        label=gettext_lazy("Les transferts de votre projet"),
    )
    personal_data(
        Consent, person=prospect, subject="contact", fields=("text", "at", "channel"), context=("project",),
        # What a row says (a version, a date, a channel) names nobody once the contact is anonymised,
        # and it is the proof that the processing had a basis: kept.
        erase="keep",
        purpose=gettext_lazy("Prouver votre accord au traitement de vos données (RGPD, art. 7.1) : quel texte, "
                             "quand, par quel canal"),
        retention=gettext_lazy("Gardé avec le projet, sans rien qui vous nomme une fois vos données effacées"),
        label=gettext_lazy("Vos consentements"),
    )
    personal_data(
        Proposal, person=prospect, subject="project__contact",
        fields=("kind", "target_id", "for_whom", "consent_text", "consent_version", "consent_at"),
        context=("created_at", "status", "outcome"), export=proposals_export,
        # What was proposed, accepted and what came of it names nobody once the contact and the project
        # are anonymised, and the reports count it (proposed / accepted / hired): kept.
        erase="keep",
        purpose=gettext_lazy("Vous proposer des mises en relation (recruteurs, logements...) et, avec votre accord, "
                             "vous mettre en relation"),
        retention=gettext_lazy("Gardé avec le projet, sans rien qui vous nomme une fois vos données effacées"),
        label=gettext_lazy("Les propositions qui vous ont été faites"),
    )
    exempt(RoutingRule, gettext_lazy("Règles d'orientation : aucune donnée sur une personne"))
