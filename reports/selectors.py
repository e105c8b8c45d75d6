"""The pipeline report's figures, each one aggregate query in the database.

Every function takes `scope` (the projects the user may see, filtered by
territory, segment, need, source, event and referent: `report_scope`) and
`filters` (for the period). None loops over projects or log rows: Python only
reads back the few rows an aggregate returns. The number of queries is fixed
whatever the number of projects (`pipeline_report` runs REPORT_QUERIES).

What the period means differs by figure, and each says so:
- "now" figures (projects per state, open projects) ignore it;
- "reached during the period" counts projects with a log row arriving in a
  stage inside it (resumes excluded: coming back from a pause reaches nothing);
- cohorts (conversion, events) start inside the period and are followed to date.
"""

import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from crm.models import Network
from onboarding.filters import projects_filter_q
from onboarding.models import Nudge, Project, ProjectStageTime, ProjectTransition
from onboarding.states import ERASED, OPEN_STATES, TRANSFERRED, State

from .sql import PercentileCont, report_session

# The pipeline in order: a project moves along it (accompanied may be skipped).
PIPELINE = (
    State.NEW,
    State.CONTACTED,
    State.QUALIFIED,
    State.ACCOMPANIED,
    State.SETTLING,
    State.INSTALLED,
    State.INTEGRATED,
)
RANK = {state: rank for rank, state in enumerate(PIPELINE, start=1)}
# Stages whose duration is measured (integrated is the end; on_hold is the pause itself).
TIMED_STAGES = (*PIPELINE[:-1], State.ON_HOLD)
INSTALLED_STATES = (State.INSTALLED, State.INTEGRATED)
SECONDS_PER_DAY = 86400.0


# --- the projects in scope -------------------------------------------------

def report_scope(projects, filters):
    """`projects` (already limited to what the user may see) narrowed by the
    filters other than the period."""
    return projects.filter(_scope_q(filters)).order_by()


def _scope_q(filters):
    """The filters other than the period, as a condition on a project row."""
    return projects_filter_q(
        departement=filters.departement, epci=filters.epci, segment=filters.segment, need=filters.need,
        source=filters.source, event=filters.event, referent=filters.referent,
    )


def _log(scope):
    """The log rows of the projects in scope."""
    return ProjectTransition.objects.filter(project__in=scope.values("pk")).order_by()


def _in_period(filters, field):
    return Q(**{f"{field}__gte": filters.starts_at, f"{field}__lt": filters.ends_at})


# --- the funnel ------------------------------------------------------------

def state_counts(scope):
    """{state: projects in that state now}, every state present."""
    counts = dict(scope.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in State.values}


def funnel(scope, filters):
    """Projects that reached each stage during the period, and conversion.

    A stage is reached when its log row falls in the period, except
    installed: a project counts as installed in the period when its declared
    installation date (installed_on) falls in it, like every other count of
    installations in the report (a move on 20 December recorded on 6 January
    is an installation of December). The inner level is one row per project
    with a log row since the period began: a flag per stage reached during
    the period, and the furthest stage reached since the period began (to
    date). The outer level counts. A project converted from stage A if it
    reached A during the period and then a stage beyond A (skipping
    accompanied counts: confirm_move from qualified is progress). A reopened
    project reaches contacted again.

    Two queries, each reading only the period's rows through an index: the
    log since the period began (index on `at`), and the projects whose
    declared installation falls in the period (index on `installed_on`),
    whenever it was recorded (the move is recorded on or after its date,
    but the date may be corrected afterwards). A project has reached installed
    when it is installed or integrated now (installed is closed, and left
    only for integrated), as every count of installations reads it.
    """
    period = Q(at__lt=filters.ends_at)
    installed_in_period = Q(state__in=INSTALLED_STATES, installed_on__gte=filters.start, installed_on__lte=filters.end)
    reached = {state: period & Q(to_state=state) for state in PIPELINE}
    # Per log row, a fact of its project: the flag holds for any row since
    # the period began (one enough for "beyond installed": integrated after).
    reached[State.INSTALLED] = Q(**{f"project__{name}": value for name, value in installed_in_period.children})
    per_project = (
        _log(scope)
        .filter(at__gte=filters.starts_at)
        .exclude(transition="resume")
        .values("project")
        .annotate(
            **{
                f"reached_{state}": Max(Case(When(reached[state], then=Value(1)), default=Value(0)))
                for state in PIPELINE
            },
            furthest=Max(
                Case(
                    *[When(to_state=state, then=Value(rank)) for state, rank in RANK.items()],
                    default=Value(0), output_field=IntegerField(),
                )
            ),
        )
    )
    totals = per_project.aggregate(
        **{f"total_reached_{state}": Coalesce(Sum(f"reached_{state}"), 0) for state in PIPELINE},
        **{
            f"total_beyond_{state}": Count(
                "project", filter=Q(**{f"reached_{state}": 1, "furthest__gt": RANK[state]})
            )
            for state in PIPELINE[:-1]
        },
        total_new_to_installed=Count(
            "project", filter=Q(reached_new=1, furthest__gte=RANK[State.INSTALLED])
        ),
    )
    # Installed by the declared date, as the headline, the installations
    # table, the targets and the breakdowns count it: a committee reads one
    # number of installations for a period, whenever the move was recorded.
    totals[f"total_reached_{State.INSTALLED}"] = scope.filter(installed_in_period).count()
    return {
        "reached": {state: totals[f"total_reached_{state}"] for state in PIPELINE},
        "beyond": {state: totals[f"total_beyond_{state}"] for state in PIPELINE[:-1]},
        "new_to_installed": totals["total_new_to_installed"],
    }


# --- time in each stage ----------------------------------------------------

def time_in_stage(scope, filters):
    """Median and 75th percentile of the days a project spent in each stage.

    Per project, the time in stage S is the sum of its stays in S: a pause
    ends the stay (the row "pause" leaves S for on_hold) and "resume" starts
    another, so time on hold counts for on_hold only. A project counts for S
    once it has left S for good as far as we know (it is neither in S nor
    paused from S now, so all its stays in S are closed), and if it last
    left S during the period.

    The services keep that sum per project and state as the log is written
    (onboarding.ProjectStageTime: seconds over the closed stays, and when
    the project last left the state), so one GROUP BY over the rows whose
    last exit falls in the period (index on (state, last_left_at)) gives
    the figures: the cost follows the projects that left a stage during
    the period, not the length of their history. benchmarks/reports.py
    computes the same figures from the log with LEAD in hand-written SQL
    and checks that both agree.
    """
    rows = (
        ProjectStageTime.objects.filter(
            _in_period(filters, "last_left_at"), project__in=scope.values("pk"), state__in=TIMED_STAGES
        )
        # Not in S now (its stays are all closed), nor paused from it.
        .exclude(project__state=F("state"))
        .exclude(project__paused_from=F("state"))
        .order_by()
        .values("state")
    )
    days = ExpressionWrapper(F("seconds") / SECONDS_PER_DAY, output_field=FloatField())
    figures = {
        row["state"]: row
        for row in rows.annotate(
            median=PercentileCont(days, 0.5), p75=PercentileCont(days, 0.75), projects=Count("pk")
        )
    }
    return {
        state: {
            "median": figures.get(state, {}).get("median"),
            "p75": figures.get(state, {}).get("p75"),
            "projects": figures.get(state, {}).get("projects", 0),
        }
        for state in TIMED_STAGES
    }


# --- where projects come from ----------------------------------------------

def new_by_month_and_source(scope, filters):
    """[(month (date), source, new projects)] for the months of the period."""
    rows = (
        scope.filter(_in_period(filters, "created_at"))
        .annotate(month=TruncMonth("created_at"))
        .values_list("month", "source")
        .annotate(n=Count("pk"))
        .order_by("month", "source")
    )
    return [(_as_date(month), source, n) for month, source, n in rows]


def events_followed(scope, filters):
    """Per event: leads captured during the period, how many were qualified
    and how many installed, to date."""
    reached = {
        state: Exists(ProjectTransition.objects.filter(project_id=OuterRef("pk"), to_state=state))
        for state in (State.CONTACTED, State.QUALIFIED, State.INSTALLED)
    }
    return list(
        scope.filter(_in_period(filters, "created_at"), event__isnull=False)
        .values("event", "event__name", "event__starts_on")
        .annotate(
            captured=Count("pk"),
            contacted=Count("pk", filter=reached[State.CONTACTED]),
            qualified=Count("pk", filter=reached[State.QUALIFIED]),
            installed=Count("pk", filter=reached[State.INSTALLED]),
        )
        .order_by("-event__starts_on", "event__name")
    )


# --- installations against the target ---------------------------------------

def installations_by_month(scope, filters):
    """{month (date): installations} by date of installation, from the first
    of January of the period's first year (so that the yearly cumulative is
    complete) to the end of the period."""
    since = datetime.date(filters.start.year, 1, 1)
    rows = (
        scope.filter(state__in=INSTALLED_STATES, installed_on__gte=since, installed_on__lte=filters.end)
        .annotate(month=TruncMonth("installed_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return {_as_date(month): n for month, n in rows}


def installation_targets(years, networks=None):
    """({year: installations aimed at}, [(network id, name)]): the targets of
    `networks` (a subquery of ids; None: every network), added up when the
    reader works for several, and those networks (for the target form), in
    one query."""
    rows = Network.objects.all() if networks is None else Network.objects.filter(pk__in=networks)
    rows = rows.annotate(target=FilteredRelation("targets", condition=Q(targets__year__in=years))).values_list(
        "pk", "name", "target__year", "target__installations").order_by("name", "pk")
    targets, names = {}, {}
    for pk, name, year, installations in rows:
        names[pk] = name
        if year is not None:
            targets[year] = targets.get(year, 0) + installations
    return targets, list(names.items())


def report_networks(user):
    """The networks whose targets a user's report draws against, as a
    subquery (no query of its own); None for a superuser (all of them)."""
    if user.is_superuser:
        return None
    return Network.objects.filter(members=user).values("pk")


# --- breakdowns ------------------------------------------------------------

def _breakdown_counts(filters, prefix=""):
    """New (period), installed (period) and open (now) projects, as aggregates."""
    return {
        "new": Count(f"{prefix}pk", filter=_in_period(filters, f"{prefix}created_at")),
        "installed": Count(
            f"{prefix}pk",
            filter=Q(**{
                f"{prefix}state__in": INSTALLED_STATES,
                f"{prefix}installed_on__gte": filters.start,
                f"{prefix}installed_on__lte": filters.end,
            }),
        ),
        "open": Count(f"{prefix}pk", filter=Q(**{f"{prefix}state__in": OPEN_STATES})),
    }


def _keep_nonzero(rows):
    return [row for row in rows if row["new"] or row["installed"] or row["open"]]


def by_segment(scope, filters):
    rows = (
        scope.values("segment", "segment__code", "segment__name", "segment__position")
        .annotate(**_breakdown_counts(filters))
        .order_by(F("segment__position").asc(nulls_last=True), "segment__name")
    )
    return _keep_nonzero(rows)


def by_need(scope, filters):
    """Per need; a project with several needs counts under each."""
    rows = (
        Project.needs.through.objects.filter(project__in=scope.values("pk"))
        .values("need", "need__code", "need__name", "need__position")
        .annotate(**_breakdown_counts(filters, prefix="project__"))
        .order_by("need__position", "need__name")
    )
    return _keep_nonzero(rows)


def by_epci(scope, filters):
    rows = (
        scope.annotate(
            report_epci=F("epci_id"), report_epci_name=F("epci__name"), report_epci_siren=F("epci__siren"),
            report_departement=F("epci__departement__code"),
        )
        .values("report_epci", "report_epci_name", "report_epci_siren", "report_departement")
        .annotate(**_breakdown_counts(filters))
        .order_by("-new", F("report_epci_name").asc(nulls_last=True))
    )
    return _keep_nonzero(rows)


# --- referents and first contacts --------------------------------------------

def referent_workload(scope, filters, *, today, projects=None):
    """Per referent of a project in scope (and the coordinators' queue):
    their whole load now, new projects in the period, and first contacts due
    in the period, made on time (the day of first contact on or before the
    due date), late (made after it, or not made and the day is past), or
    still to come.

    The whole load ("open") counts every open project of the referent among
    `projects` (what the reader may see), whatever the period and the other
    filters: a referent's capacity is for all their projects, so a report
    filtered to one EPCI must not show a full referent as idle. The other
    columns follow the filters. One GROUP BY over `projects`, the other
    columns filtered to the scope (the filters' condition on the row itself:
    a `pk IN (scope)` there was re-run for every row, 1.9 s at 200,000
    projects), keeping the referents with a project in scope."""
    projects = (scope if projects is None else projects).order_by()
    in_scope = _scope_q(filters) or ~Q(pk=None)  # no filter: every row
    due = Q(first_contact_due_on__gte=filters.start, first_contact_due_on__lte=filters.end) & ~Q(
        state=State.REJECTED
    )
    on_time = Q(first_contacted_at__date__lte=F("first_contact_due_on"))
    late = Q(first_contacted_at__date__gt=F("first_contact_due_on")) | Q(
        first_contacted_at__isnull=True, first_contact_due_on__lt=today
    )
    return list(
        projects.values(
            "referent", "referent__user__first_name", "referent__user__last_name", "referent__user__username",
            "referent__capacity",
        )
        .annotate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            in_scope=Count("pk", filter=in_scope),
            new=Count("pk", filter=in_scope & _in_period(filters, "created_at")),
            due=Count("pk", filter=in_scope & due),
            on_time=Count("pk", filter=in_scope & due & on_time),
            late=Count("pk", filter=in_scope & due & late),
        )
        .filter(in_scope__gt=0)
        .order_by(
            F("referent__user__last_name").asc(nulls_first=True), "referent__user__first_name", "referent"
        )
    )


# --- abandonment -------------------------------------------------------------

# The transitions that close a project as abandoned: staff's, with a
# reason they chose, and the system's two, whose reason is the transition.
CLOSING_TRANSITIONS = {"abandon": None, "close_on_erasure": ERASED, "close_on_transfer": TRANSFERRED}


def abandon_reasons(scope, filters):
    """{reason: closures as abandoned during the period}: every closure
    counts, a project abandoned, reopened and abandoned again twice. Staff's
    reason is read from the log row (the project's own field is cleared on
    reopening); the system's closures (data erased at the person's request,
    project transferred to another network) count under their own reason,
    so that the reasons add up to every arrival in "abandoned"."""
    rows = (
        _log(scope)
        .filter(_in_period(filters, "at"), transition__in=list(CLOSING_TRANSITIONS))
        .annotate(reason=Case(
            *[When(transition=name, then=Value(code)) for name, code in CLOSING_TRANSITIONS.items() if code],
            default=KT("fields__reason"), output_field=TextField(),
        ))
        .values_list("reason")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


# --- the person's word -----------------------------------------------------------

def said_not_contacted(scope, filters):
    """Projects whose person said on their tracking page, during the period,
    that nobody had contacted them yet (onboarding.services.nudges): the
    promise of a first contact that people felt was not kept."""
    return Nudge.objects.filter(
        project__in=scope.values("pk"), kind=Nudge.Kind.PROSPECT_WAITING,
        crossed_on__gte=filters.start, crossed_on__lte=filters.end,
    ).values("project_id").distinct().count()


# --- everything --------------------------------------------------------------

# The queries of pipeline_report, beside those of the visibility rule and
# of the filters' own look-ups.
REPORT_QUERIES = 15


def pipeline_report(projects, filters, *, today=None, networks=None):
    """Every figure of the report for `projects` (already limited to what
    the user may see), as plain data: dates, codes, numbers. The targets are
    those of `networks` (report_networks; None: every network's)."""
    today = today or timezone.localdate()
    scope = report_scope(projects, filters)
    with report_session():
        return _pipeline_report(scope, projects, filters, today, networks)


def _pipeline_report(scope, projects, filters, today, networks):
    return {
        "filters": filters,
        "today": today,
        "states": state_counts(scope),
        "funnel": funnel(scope, filters),
        "time_in_stage": time_in_stage(scope, filters),
        "new_by_month": new_by_month_and_source(scope, filters),
        "events": events_followed(scope, filters),
        "installations": installations_by_month(scope, filters),
        **dict(zip(("targets", "networks"), installation_targets(filters.years, networks), strict=True)),
        "segments": by_segment(scope, filters),
        "needs": by_need(scope, filters),
        "epcis": by_epci(scope, filters),
        "referents": referent_workload(scope, filters, today=today, projects=projects),
        "abandons": abandon_reasons(scope, filters),
        "said_not_contacted": said_not_contacted(scope, filters),
    }


# --- the regional page: counts per network, never a person --------------------

REGIONAL_QUERIES = 5


def regional_counts(filters):
    """Per network (every one), per month of the period: new projects, first
    contacts made, installations (by declared date). Aggregates only: no
    project, contact or staff member is read. Four queries whatever the size."""

    with report_session():
        return _regional_counts(filters)


def _regional_counts(filters):
    months = months_between(filters.start, filters.end)
    counts = {}
    for figure, field, rows in (
        ("new", "created_at", Project.objects.filter(_in_period(filters, "created_at"))),
        ("contacted", "first_contacted_at", Project.objects.filter(_in_period(filters, "first_contacted_at"))),
        ("installed", "installed_on", Project.objects.filter(
            state__in=INSTALLED_STATES, installed_on__gte=filters.start, installed_on__lte=filters.end)),
    ):
        per_month = (rows.exclude(network=None).annotate(month=TruncMonth(field)).values_list("network", "month")
                     .annotate(n=Count("pk")).order_by())
        for network, month, n in per_month:
            counts[network, _as_date(month), figure] = n
    figures = ("new", "contacted", "installed")
    networks = []
    for pk, name, programme in Network.objects.values_list("pk", "name", "programme").order_by("name"):
        rows = [{"month": month, **{f: counts.get((pk, month, f), 0) for f in figures}} for month in months]
        networks.append({"name": name, "programme": programme, "months": rows,
                         "total": {f: sum(row[f] for row in rows) for f in figures}})
    return networks


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def months_between(start, end):
    """The first day of each month from start's month to end's month."""
    month = start.replace(day=1)
    months = []
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months
