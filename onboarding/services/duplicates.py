"""The same person twice: likely duplicates flagged at intake, decided by a referent.

Intake matches a person by e-mail, or without an e-mail by phone and name
(onboarding.services.intake). What is likely but not certain is flagged
here, never merged: another open project of the same network whose person
has the same phone (a new e-mail, a partner sharing the line), or the same
last name and aims at the same intercommunality (a couple filing
separately). The referent then decides (`duplicate_decide`):

- same person: the two contacts become one (the older keeps what it says,
  the newer one's details fill its blanks, what differs is written in the
  history), every row about the newer one follows, and the newer project is
  closed as a duplicate of the older (system transition
  close_as_duplicate), its own history kept and linked;
- same household: the newer project is closed as a duplicate of the older,
  whose household now says so (partner, their occupation, children); both
  people stay themselves;
- different people: nothing changes, and the pair is not flagged again.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crm.models import Contact, OutboxEmail
from onboarding.access import may_act, may_see, projects_visible_to
from onboarding.exceptions import JourneyError, TransitionPermissionDenied
from onboarding.models import Interaction, LikelyDuplicate, Project
from onboarding.services.journey import project_transition
from onboarding.signals import project_changed_send
from onboarding.states import OPEN_STATES, Channel

logger = logging.getLogger(__name__)

# A person files once or twice; a common name in a large EPCI could match
# dozens: beyond this many, the flags would help nobody.
MAX_FLAGS_PER_PROJECT = 5

# Contact details a merge completes on the kept contact (never overwrites).
MERGED_TEXT_FIELDS = ("phone", "current_city", "occupation", "partner_occupation")


class DuplicateDecisionRefused(JourneyError):
    """The decision cannot be made (already decided, a project closed meanwhile)."""


def likely_duplicates_flag(project):
    """Flag the open projects of the same network that may be `project`'s
    person or household; returns the flags written (inside the caller's
    transaction). The newer project is `project`."""
    contact = project.contact
    clues = Q()
    if contact.phone_key:
        clues |= Q(contact__phone_key=contact.phone_key)
    if contact.last_name_key and project.epci_id:
        clues |= Q(contact__last_name_key=contact.last_name_key, epci_id=project.epci_id)
    if not clues:
        return []
    candidates = (
        Project.objects.filter(clues, network_id=project.network_id, state__in=OPEN_STATES,
                               contact__erased_at__isnull=True)
        .exclude(contact_id=contact.pk)
        .exclude(pk=project.pk)
        .select_related("contact")
        .order_by("-created_at", "-pk")[:MAX_FLAGS_PER_PROJECT]
    )
    flags = [
        LikelyDuplicate(
            project=project, other=other,
            reason=(LikelyDuplicate.Reason.PHONE if contact.phone_key and other.contact.phone_key == contact.phone_key
                    else LikelyDuplicate.Reason.NAME_AND_PLACE),
        )
        for other in candidates
    ]
    LikelyDuplicate.objects.bulk_create(flags, ignore_conflicts=True)
    if flags:
        logger.info("duplicates: project %s flagged with %s other project(s)", project.pk, len(flags))
    return flags


likely_duplicates_flag.alters_data = True


def likely_duplicates_of(project, user):
    """The undecided flags naming `project` (either side) whose other
    project `user` may see too: a flag must not reveal a hidden project.

    The flags are found by the project's id (indexed on both sides), and the
    other side's visibility asked of each flag found (`EXISTS` on its primary
    key): `other IN (visible)` made PostgreSQL hash every visible project
    for each page (35 ms at 20,000 projects, growing with the network). The
    projects and people shown come by id once there are flags (most pages have none)."""
    visible = projects_visible_to(user)
    return (
        LikelyDuplicate.objects.filter(decision=LikelyDuplicate.Decision.OPEN)
        .filter(Q(project=project) | Q(other=project))
        .alias(other_visible=Exists(visible.filter(pk=OuterRef("other_id"))),
               project_visible=Exists(visible.filter(pk=OuterRef("project_id"))))
        .filter(Q(project=project, other_visible=True) | Q(other=project, project_visible=True))
        .prefetch_related("project__contact", "other__contact", "project__referent__user", "other__referent__user")
        .order_by("created_at", "pk")
    )


def likely_duplicates_visible_to(user):
    """The flags whose two projects `user` may see (decided ones included):
    a flag never reveals a hidden project."""
    visible = projects_visible_to(user)
    return LikelyDuplicate.objects.filter(project__in=visible, other__in=visible)


def likely_duplicates_to_examine(user):
    """The undecided ones of those: the referent's (or coordinator's) list to examine."""
    return (
        likely_duplicates_visible_to(user).filter(decision=LikelyDuplicate.Decision.OPEN)
        .select_related("project__contact", "other__contact").order_by("created_at", "pk")
    )


def may_decide(flag, user):
    """Who decides: whoever may act on the newer project (the one closed if
    it is a duplicate) and sees the other (its referent or a coordinator)."""
    return may_act(flag.project, user) and may_see(flag.other, user)


@transaction.atomic
def duplicate_decide(*, flag, user, decision, note=""):
    """Record the referent's decision on `flag` and do what it means (see the
    module). Raises TransitionPermissionDenied if `user` may not decide,
    DuplicateDecisionRefused if it was decided meanwhile or a project is
    closed. One transaction: all of it or nothing."""
    flag = LikelyDuplicate.objects.select_for_update().select_related("project", "other").get(pk=flag.pk)
    if not may_decide(flag, user):
        raise TransitionPermissionDenied(
            _("Seuls le référent du projet le plus récent et la coordination peuvent décider de ce doublon."))
    if flag.decision:
        raise DuplicateDecisionRefused(_("Ce doublon probable a déjà été examiné (%(decision)s).")
                                       % {"decision": flag.get_decision_display()})
    Decision = LikelyDuplicate.Decision
    if decision not in (Decision.SAME_PERSON, Decision.SAME_HOUSEHOLD, Decision.DIFFERENT):
        raise DuplicateDecisionRefused(_("Choisissez une décision."))
    newer, older = (Project.objects.select_for_update().select_related("contact").get(pk=pk)
                    for pk in (flag.project_id, flag.other_id))
    if decision != Decision.DIFFERENT and (newer.state not in OPEN_STATES or older.state not in OPEN_STATES):
        raise DuplicateDecisionRefused(
            _("L'un des deux projets est clos depuis : il n'y a plus rien à rattacher."))
    note = (note or "").strip()[:2000]
    with translation.override(settings.LANGUAGE_CODE):
        if decision == Decision.SAME_PERSON:
            _contacts_merge(keep=older.contact, gone=newer.contact, older=older, newer=newer, user=user)
        elif decision == Decision.SAME_HOUSEHOLD:
            _household_join(keep=older.contact, partner=newer.contact)
        if decision != Decision.DIFFERENT:
            project_transition(
                project=newer, transition="close_as_duplicate", user=None, channel=Channel.SYSTEM,
                fields={"duplicate_of": older},
                note=_("%(decision)s avec le projet n°%(older)s, qui continue.%(note)s")
                % {"decision": Decision(decision).label.capitalize(), "older": older.pk,
                   "note": f"\n{note}" if note else ""},
            )
        summary = _("Doublon probable (%(reason)s) entre les projets n°%(newer)s et n°%(older)s : %(decision)s.") % {
            "reason": flag.get_reason_display(), "newer": newer.pk, "older": older.pk,
            "decision": Decision(decision).label,
        }
        for project in (older, newer):
            Interaction.objects.create(project=project, kind=Interaction.Kind.NOTE, by=user,
                                       summary=f"{summary}\n{note}" if note else summary)
    flag.decision, flag.decided_by, flag.decided_at = decision, user, timezone.now()
    flag.save(update_fields=["decision", "decided_by", "decided_at"])
    if decision != Decision.DIFFERENT:
        # What the kept project shows (its household) may have changed: its kit follows.
        project_changed_send(what="household", project_id=older.pk, user_id=user.pk)
    logger.info("duplicates: flag %s decided %s by user %s", flag.pk, decision, user.pk)
    return flag


duplicate_decide.alters_data = True


def _contacts_merge(*, keep, gone, older, newer, user):
    """`gone` becomes `keep`: its blanks filled, every row about `gone`
    pointed at `keep`, then `gone` deleted. What both say differently is
    written in the kept project's history (the kept contact is not
    overwritten: a referent edits it if the newer value is right)."""
    keep = Contact.objects.select_for_update().get(pk=keep.pk)
    gone = Contact.objects.select_for_update().get(pk=gone.pk)
    changed, differing = [], []
    for name in MERGED_TEXT_FIELDS:
        mine, theirs = getattr(keep, name), getattr(gone, name)
        if theirs and not mine:
            setattr(keep, name, theirs)
            changed.append(name)
        elif theirs and theirs != mine:
            differing.append((Contact._meta.get_field(name).verbose_name, theirs))
    for name in ("has_partner", "partner_seeks_job"):
        if getattr(gone, name) and not getattr(keep, name):
            setattr(keep, name, True)
            changed.append(name)
    if gone.children_ages and not keep.children_ages:
        keep.children_ages, keep.children_ages_on = gone.children_ages, gone.children_ages_on
        changed += ["children_ages", "children_ages_on"]
    if gone.email and gone.email.lower() != (keep.email or "").lower():
        if keep.email:
            differing.append((Contact._meta.get_field("email").verbose_name, gone.email))
        else:
            # The unique index (e-mail, network): free it on the row that goes first.
            Contact.objects.filter(pk=gone.pk).update(email="")
            keep.email = gone.email
            changed.append("email")
    if gone.last_person_contact_at and (keep.last_person_contact_at is None
                                        or gone.last_person_contact_at > keep.last_person_contact_at):
        keep.last_person_contact_at = gone.last_person_contact_at
        changed.append("last_person_contact_at")
    if changed:
        keep.save(update_fields=[*changed, "updated_at"])
    # Every row about the person follows them: projects, consents, requests,
    # copies of their data, the edit history (whatever app declared it).
    # (include_hidden: a relation named "+" is one too, and would be deleted with `gone`)
    for relation in Contact._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one):
            relation.related_model._base_manager.filter(**{relation.field.name: gone}).update(
                **{relation.field.name: keep})
    OutboxEmail.objects.filter(contact_id=gone.pk).update(contact_id=keep.pk)
    gone.delete()
    if differing:
        Interaction.objects.create(
            project=older, kind=Interaction.Kind.NOTE, by=user,
            summary=_("Fiches fusionnées (projet n°%(newer)s). L'autre fiche indiquait aussi : %(details)s.") % {
                "newer": newer.pk, "details": " ; ".join(f"{label} : {value}" for label, value in differing),
            },
        )


def _household_join(*, keep, partner):
    """The kept project's household now names the partner who filed apart."""
    keep = Contact.objects.select_for_update().get(pk=keep.pk)
    changed = []
    if not keep.has_partner:
        keep.has_partner = True
        changed.append("has_partner")
    if partner.occupation and not keep.partner_occupation:
        keep.partner_occupation = partner.occupation
        changed.append("partner_occupation")
    if partner.children_ages and not keep.children_ages:
        keep.children_ages, keep.children_ages_on = partner.children_ages, partner.children_ages_on
        changed += ["children_ages", "children_ages_on"]
    if changed:
        keep.save(update_fields=[*changed, "updated_at"])
