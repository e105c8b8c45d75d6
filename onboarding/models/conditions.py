"""Transition conditions as small named predicates.

Each carries a French `label` so that a refused transition can say which
condition is missing instead of showing a dead button; a date bound also
carries a `detail(project)` that names the bound itself ("le 30/11/2025 au
plus tôt"), for the refusal of that one project.
"""

from dateutil.relativedelta import relativedelta
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from onboarding.extensions import follow_up_checks

# People do contact the service shortly after arriving, not years later; and a
# move planned further ahead than this is a wish, not a decided move (the kit
# would announce a date nobody can vouch for).
INSTALLED_AT_MOST_MONTHS_BEFORE_CREATION = 12
MOVE_AT_MOST_YEARS_AHEAD = 3


def condition(label, detail=None, attrs=()):
    """`attrs`: the project's attributes the condition reads, so that a
    refusal can point at the fields that set them (onboarding.transitions);
    `code`, the predicate's name, is what programs read (the API's
    `details.missing`)."""
    def decorate(func):
        func.label = label
        func.detail = detail
        func.attrs = tuple(attrs)
        func.code = func.__name__
        return func

    return decorate


def describe(cond, project):
    """What a refusal says about `cond` for this project."""
    return str(cond.detail(project) if cond.detail else cond.label)


def _day(value):
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def created_on(project):
    """The project's creation day (today for one not yet saved)."""
    return timezone.localdate(project.created_at) if project.created_at else timezone.localdate()


def earliest_installation(project):
    return created_on(project) - relativedelta(months=INSTALLED_AT_MOST_MONTHS_BEFORE_CREATION)


def latest_move(today=None):
    return (today or timezone.localdate()) + relativedelta(years=MOVE_AT_MOST_YEARS_AHEAD)


@condition(_("un segment (cible) doit être choisi"), attrs=("segment",))
def has_segment(project):
    return project.segment_id is not None


@condition(_("au moins un besoin doit être renseigné"), attrs=("needs",))
def has_need(project):
    return project.pk is not None and project.needs.exists()


@condition(_("un territoire visé (EPCI ou commune) doit être renseigné"), attrs=("target_epci", "target_commune"))
def has_target_territory(project):
    return project.target_epci_id is not None or project.target_commune_id is not None


@condition(_("une commune d'installation visée doit être renseignée"), attrs=("target_commune",))
def has_target_commune(project):
    return project.target_commune_id is not None


@condition(_("une date d'emménagement prévue doit être renseignée"), attrs=("move_date",))
def has_move_date(project):
    return project.move_date is not None


@condition(_("la commune d'installation doit être renseignée"), attrs=("installed_commune",))
def has_installation_commune(project):
    return project.installed_commune_id is not None


@condition(_("la date d'installation doit être renseignée"), attrs=("installed_on",))
def has_installation_date(project):
    return project.installed_on is not None


@condition(_("la date d'installation ne peut pas être dans le futur"), attrs=("installed_on",))
def installation_date_not_in_future(project):
    return project.installed_on is None or project.installed_on <= timezone.localdate()


@condition(
    _("la date d'installation ne peut pas précéder de plus de 12 mois la création du projet"),
    detail=lambda project: _(
        "la date d'installation ne peut pas précéder de plus de 12 mois la création du projet "
        "(le %(created)s) : le %(earliest)s au plus tôt"
    ) % {"created": _day(created_on(project)), "earliest": _day(earliest_installation(project))},
    attrs=("installed_on",),
)
def installation_date_within_a_year_before_creation(project):
    return project.installed_on is None or project.installed_on >= earliest_installation(project)


@condition(
    _("la date d'emménagement prévue ne peut pas être passée"),
    detail=lambda project: _("la date d'emménagement prévue ne peut pas être passée : le %(today)s au plus tôt")
    % {"today": _day(timezone.localdate())},
    attrs=("move_date",),
)
def move_date_not_in_past(project):
    return project.move_date is None or project.move_date >= timezone.localdate()


@condition(
    _("la date d'emménagement prévue ne peut pas être à plus de 3 ans"),
    detail=lambda project: _("la date d'emménagement prévue ne peut pas être à plus de 3 ans : le %(latest)s au plus tard")
    % {"latest": _day(latest_move())},
    attrs=("move_date",),
)
def move_date_within_three_years(project):
    return project.move_date is None or project.move_date <= latest_move()


@condition(_("un échange de suivi doit être enregistré après la date d'installation"))
def has_follow_up_after_installation(project):
    """An exchange logged after the installation, or the person's answer to
    an app's follow-up (onboarding.extensions.FollowUpCheck.heard)."""
    if project.installed_on is None or project.pk is None:
        return False
    if any(check.heard for check in follow_up_checks(project)):
        return True
    return project.interactions.filter(happened_at__date__gt=project.installed_on).exists()


def follow_up_waiting(project):
    """What the apps still await before the follow-up may close ([] if nothing)."""
    return [check.waiting for check in follow_up_checks(project) if check.waiting]


@condition(
    _("le suivi après installation n'est pas terminé : une clôture anticipée demande un motif écrit"),
    detail=lambda project: _("%(waiting)s : une clôture anticipée demande un motif écrit")
    % {"waiting": " ; ".join(follow_up_waiting(project))},
    attrs=("follow_up_close_reason",),
)
def follow_up_done_or_reason(project):
    """The one place close_follow_up's "when" is decided: nothing awaited by
    the apps (the 24-month check-in answered or expired), or a reason
    written for an early close (which only coordinators may make:
    `closes_follow_up_early`)."""
    return bool(project.follow_up_close_reason.strip()) or not follow_up_waiting(project)


@condition(_("le motif de la pause doit être renseigné"), attrs=("pause_reason",))
def has_pause_reason(project):
    return bool(project.pause_reason.strip())


@condition(_("le motif de l'annulation doit être renseigné"), attrs=("move_cancel_reason",))
def has_move_cancel_reason(project):
    return bool(project.move_cancel_reason.strip())


@condition(_("le motif d'abandon doit être choisi"), attrs=("abandon_reason",))
def has_abandon_reason(project):
    return bool(project.abandon_reason)


@condition(_("un projet clos parce que les données de la personne ont été effacées ne peut pas être rouvert"))
def not_closed_on_erasure(project):
    from onboarding.states import ERASED

    return project.abandon_reason != ERASED


@condition(_("un projet transféré à un autre réseau ne peut pas être rouvert : ce réseau le suit désormais"))
def not_closed_on_transfer(project):
    from onboarding.states import TRANSFERRED

    return project.abandon_reason != TRANSFERRED


@condition(_("le motif de non-recevabilité doit être choisi"), attrs=("reject_reason",))
def has_reject_reason(project):
    return bool(project.reject_reason)


@condition(_("un doublon doit désigner le projet qu'il double (un autre projet)"), attrs=("duplicate_of",))
def duplicate_names_original(project):
    from onboarding.states import RejectReason

    if project.reject_reason != RejectReason.DUPLICATE:
        return True
    return project.duplicate_of_id is not None and project.duplicate_of_id != project.pk


def closes_follow_up(project, user):
    """django-fsm permission of close_follow_up: anyone who may act once
    nothing is awaited; before that a coordinator (with a reason, says the
    condition), or the application itself (user None: the person said they
    left the territory)."""
    return user is None or coordinators_only(project, user) or not follow_up_waiting(project)


def coordinators_only(project, user):
    """django-fsm permission: a coordinator (reopening a project rejected by mistake)."""
    from crm.access import is_coordinator

    return user is not None and is_coordinator(user)
