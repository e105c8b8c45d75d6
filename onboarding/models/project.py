import uuid

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, ConcurrentTransitionMixin, FSMField, transition

from onboarding.states import (
    ABANDON_REASON_CHOICES,
    ACTIVE_STATES,
    ERASED,
    OPEN_STATES,
    TRANSFERRED,
    Horizon,
    RejectReason,
    Source,
    State,
)

from . import conditions as c


class Project(ConcurrentTransitionMixin, models.Model):
    """A newcomer project: one person's (or household's) plan to move here.

    The state changes only through the transitions below (the field is
    protected), and only through `onboarding.services.journey.project_transition`,
    which checks permissions (onboarding.access), writes the log row and starts
    the side effects after commit. Transitions themselves change the database
    only; their labels and fields are in onboarding.transitions.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    contact = models.ForeignKey(
        "crm.Contact", on_delete=models.PROTECT, related_name="projects", verbose_name=_("contact")
    )
    state = FSMField(
        _("état"), default=State.NEW, choices=State.choices, protected=True, db_index=True
    )

    # What the project is.
    segment = models.ForeignKey(
        "crm.Segment", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("segment")
    )
    needs = models.ManyToManyField("crm.Need", blank=True, verbose_name=_("besoins"))
    summary = models.CharField(
        _("métier ou projet professionnel"), max_length=300, blank=True
    )
    message = models.TextField(_("message"), blank=True, max_length=5000)
    target_epci = models.ForeignKey(
        "crm.Epci", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("intercommunalité visée"),
    )
    target_commune = models.ForeignKey(
        "crm.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune visée"),
    )
    horizon = models.CharField(
        _("horizon"), max_length=10, choices=Horizon.choices, default=Horizon.UNKNOWN
    )
    move_date = models.DateField(_("date d'emménagement prévue"), null=True, blank=True)
    installed_commune = models.ForeignKey(
        "crm.Commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune d'installation"),
    )
    installed_on = models.DateField(_("date d'installation"), null=True, blank=True)
    # Where the project is, decided by one rule (onboarding.location) and
    # stored so that lists, the API, reports and routing filter on one column.
    epci = models.ForeignKey(
        "crm.Epci", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("intercommunalité"), editable=False,
    )
    departement = models.ForeignKey(
        "crm.Departement", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("département"), editable=False,
    )

    # The programme it belongs to (tenancy): the network of its territory,
    # or the one whose form it came through (project_network).
    network = models.ForeignKey(
        "crm.Network", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("réseau"), editable=False,
    )

    # Where it came from.
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    event = models.ForeignKey(
        "crm.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("événement"),
    )
    referrer = models.CharField(_("ambassadeur ou prescripteur"), max_length=200, blank=True)
    consent_version = models.CharField(_("version du consentement"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)

    # Who follows it.
    referent = models.ForeignKey(
        "crm.Referent", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("référent"),
    )
    team = models.ForeignKey(
        "crm.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="projects",
        verbose_name=_("équipe"),
    )
    first_contact_due_on = models.DateField(_("premier contact attendu le"), null=True, blank=True)
    first_contacted_at = models.DateTimeField(_("premier contact le"), null=True, blank=True)

    # The fields that transitions need.
    paused_from = models.CharField(_("en pause depuis l'état"), max_length=20, blank=True, choices=State.choices)
    pause_reason = models.CharField(_("motif de la pause"), max_length=300, blank=True)
    resume_on = models.DateField(_("reprise prévue le"), null=True, blank=True)
    abandon_reason = models.CharField(
        _("motif d'abandon"), max_length=20, blank=True, choices=ABANDON_REASON_CHOICES
    )
    reject_reason = models.CharField(
        _("motif de non-recevabilité"), max_length=20, blank=True, choices=RejectReason.choices
    )
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("doublon de"),
    )

    # Not stored: a cancelled move's reason is kept by the log row (its
    # fields), the one place that says why the project went back; it is set
    # for the cancel_move condition to read, like pause_reason for pause.
    move_cancel_reason = ""
    # The same for an early close of the follow-up (close_follow_up before
    # the apps' check-ins are done: coordinators only, with this reason).
    follow_up_close_reason = ""

    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("projet d'installation")
        verbose_name_plural = _("projets d'installation")
        indexes = [
            models.Index(fields=["referent", "state"]),
            models.Index(fields=["epci", "state"]),
            models.Index(fields=["departement", "state"]),
            # The reports: projects per state of a coordinator's networks
            # (read from the index alone), installations of a period.
            models.Index(fields=["network", "state"], name="onboarding_project_net_state"),
            models.Index(fields=["installed_on"], name="onboarding_project_installed"),
        ]

    def __str__(self):
        return _("Projet n°%(id)s – %(name)s") % {"id": self.pk, "name": self.contact}

    # --- transitions (names are part of the API) ---------------------------

    @transition(field=state, source=State.NEW, target=State.CONTACTED)
    def make_contact(self):
        """Side effects after commit: none beyond the log."""
        if self.first_contacted_at is None:
            self.first_contacted_at = timezone.now()

    @transition(
        field=state, source=State.CONTACTED, target=State.QUALIFIED,
        conditions=[c.has_segment, c.has_need, c.has_target_territory],
    )
    def qualify(self):
        pass

    @transition(field=state, source=State.QUALIFIED, target=State.ACCOMPANIED)
    def start_support(self):
        pass

    @transition(
        field=state, source=[State.QUALIFIED, State.ACCOMPANIED], target=State.SETTLING,
        conditions=[c.has_target_commune, c.has_move_date, c.move_date_not_in_past, c.move_date_within_three_years],
    )
    def confirm_move(self):
        """Side effects after commit: the welcome kit is queued."""

    @transition(
        field=state, source=State.SETTLING, target=State.ACCOMPANIED,
        conditions=[c.has_move_cancel_reason],
    )
    def cancel_move(self):
        """The move fell through: back to support, with no planned date (the
        log keeps the one given at confirm_move). Side effects after commit:
        none beyond the log."""
        self.move_date = None
        self.move_cancel_reason = ""  # read by the condition; the log row keeps it

    @transition(
        field=state, source=State.SETTLING, target=State.INSTALLED,
        conditions=[c.has_installation_commune, c.has_installation_date,
                    c.installation_date_not_in_future, c.installation_date_within_a_year_before_creation],
    )
    def mark_installed(self):
        pass

    @transition(
        field=state, source=State.INSTALLED, target=State.INTEGRATED,
        conditions=[c.has_follow_up_after_installation, c.follow_up_done_or_reason], permission=c.closes_follow_up,
    )
    def close_follow_up(self):
        """Side effects after commit: none beyond the log (which keeps the
        reason of an early close in its fields)."""
        self.follow_up_close_reason = ""

    @transition(
        field=state, source=list(ACTIVE_STATES), target=State.ON_HOLD,
        conditions=[c.has_pause_reason],
    )
    def pause(self):
        self.paused_from = self.state

    @transition(
        field=state, source=State.ON_HOLD, target=RETURN_VALUE(*ACTIVE_STATES)
    )
    def resume(self):
        previous = self.paused_from
        self.paused_from = ""
        self.pause_reason = ""
        self.resume_on = None
        return previous

    @transition(
        field=state, source=[*ACTIVE_STATES, State.ON_HOLD], target=State.ABANDONED,
        conditions=[c.has_abandon_reason],
    )
    def abandon(self):
        # Abandoning ends a pause: a later pause must give its own reason.
        self.paused_from = ""
        self.pause_reason = ""
        self.resume_on = None

    @transition(
        field=state, source=State.ABANDONED, target=RETURN_VALUE(State.NEW, State.CONTACTED),
        conditions=[c.not_closed_on_erasure, c.not_closed_on_transfer],
    )
    @transition(field=state, source=State.REJECTED, target=State.NEW, permission=c.coordinators_only)
    def reopen(self):
        """Back to "contacted" if the person was ever reached, else to "new"
        (rejected ones were never: reject is only from new). The service
        gives a project back in "new" a first-contact deadline, as at creation."""
        self.abandon_reason = ""
        self.reject_reason = ""
        self.duplicate_of = None
        return State.CONTACTED if self.first_contacted_at is not None else State.NEW

    @transition(
        field=state, source=State.NEW, target=State.REJECTED,
        conditions=[c.has_reject_reason, c.duplicate_names_original],
    )
    def reject(self):
        if self.reject_reason != RejectReason.DUPLICATE:
            self.duplicate_of = None

    @transition(field=state, source=list(OPEN_STATES), target=State.ABANDONED)
    def close_on_erasure(self):
        """System only (onboarding.services.privacy): the person's data is
        erased, so nobody follows the project any more, as their tracking
        page told them. Side effects after commit: none beyond the log."""
        self.abandon_reason = ERASED
        self.paused_from = ""
        self.pause_reason = ""
        self.resume_on = None

    @transition(field=state, source=list(OPEN_STATES), target=State.ABANDONED)
    def close_on_transfer(self):
        """System only (onboarding.services.transfers): the receiving network
        accepted the project and follows the person in a project of its own;
        this one stays for the figures. Side effects after commit: none
        beyond the log."""
        self.abandon_reason = TRANSFERRED
        self.paused_from = ""
        self.pause_reason = ""
        self.resume_on = None

    @transition(
        field=state, source=list(OPEN_STATES), target=State.REJECTED, conditions=[c.duplicate_names_original],
    )
    def close_as_duplicate(self):
        """System only (onboarding.services.duplicates): a referent decided
        this project is the same person's or the same household's as
        `duplicate_of`, which goes on alone; this one stays, with its
        history, as a duplicate of it (non recevable : doublon), whatever
        state it had reached. Side effects after commit: none beyond the log."""
        self.reject_reason = RejectReason.DUPLICATE
        self.paused_from = ""
        self.pause_reason = ""
        self.resume_on = None

    make_contact.alters_data = True
    qualify.alters_data = True
    start_support.alters_data = True
    confirm_move.alters_data = True
    cancel_move.alters_data = True
    mark_installed.alters_data = True
    close_follow_up.alters_data = True
    pause.alters_data = True
    resume.alters_data = True
    abandon.alters_data = True
    reopen.alters_data = True
    reject.alters_data = True
    close_on_erasure.alters_data = True
    close_on_transfer.alters_data = True
    close_as_duplicate.alters_data = True

    @property
    def place_label(self):
        """Where the project is, by the one rule (onboarding.location)."""
        from onboarding.location import place_label

        return place_label(self)

    @property
    def is_open(self):
        from onboarding.states import OPEN_STATES

        return self.state in OPEN_STATES


def referent_open_projects(referent=None):
    """A referent's open projects now (the load routing weighs against their
    capacity, and the coordinators' dashboard shows), as an expression for
    a query on referents: a count per referent through the (referent, state)
    index, reading only their own projects; `referent` is the referent's id
    expression (the outer row's pk by default)."""
    open_projects = (
        Project.objects.filter(referent_id=referent if referent is not None else OuterRef("pk"),
                               state__in=OPEN_STATES)
        # COUNT(*): the index alone answers, no project row is read.
        .order_by().values("referent_id").annotate(n=Count("*")).values("n")
    )
    return Coalesce(Subquery(open_projects), 0)
