"""The report's time in each stage computed from the whole log, as it was
before the services kept it per project (onboarding.ProjectStageTime): the
reference the kept rows must agree with.

Per project, Σ at(rows leaving S) − Σ at(rows entering S) over its log (the
service writes every row's from_state as the previous row's to_state).
"""

from django.db.models import Case, Count, F, FloatField, Max, Q, Sum, When

from onboarding.models import ProjectTransition
from reports.selectors import SECONDS_PER_DAY, TIMED_STAGES
from reports.sql import Epoch, PercentileCont


def _in_period(filters, field):
    return Q(**{f"{field}__gte": filters.starts_at, f"{field}__lt": filters.ends_at})


def time_in_stage_from_log(scope, filters):
    epoch = Epoch("at")
    sums = {}
    for state in TIMED_STAGES:
        sums[f"last_left_{state}"] = Max("at", filter=Q(from_state=state))
        sums[f"seconds_{state}"] = Sum(
            Case(When(from_state=state, then=epoch), When(to_state=state, then=-epoch), output_field=FloatField())
        )
    days = {
        f"days_{state}": Case(
            When(
                _in_period(filters, f"last_left_{state}") & ~Q(project__state=state) & ~Q(project__paused_from=state),
                then=F(f"seconds_{state}") / SECONDS_PER_DAY,
            ),
            default=None,
            output_field=FloatField(),
        )
        for state in TIMED_STAGES
    }
    # Only projects that left a stage during the period can count.
    left_in_period = ProjectTransition.objects.filter(_in_period(filters, "at")).exclude(
        transition=ProjectTransition.CREATE
    )
    per_project = (
        ProjectTransition.objects.filter(project__in=scope.values("pk")).order_by()
        .filter(project__in=left_in_period.values("project"))
        .values("project", "project__state", "project__paused_from")
        .annotate(**sums)
        .annotate(**days)
    )
    figures = per_project.aggregate(
        **{
            key: aggregate
            for state in TIMED_STAGES
            for key, aggregate in (
                (f"median_{state}", PercentileCont(f"days_{state}", 0.5)),
                (f"p75_{state}", PercentileCont(f"days_{state}", 0.75)),
                (f"count_{state}", Count(f"days_{state}")),
            )
        }
    )
    return {
        state: {
            "median": figures[f"median_{state}"],
            "p75": figures[f"p75_{state}"],
            "projects": figures[f"count_{state}"],
        }
        for state in TIMED_STAGES
    }


def assert_same_figures(kept, from_log):
    assert kept.keys() == from_log.keys()
    for state, figures in from_log.items():
        assert kept[state]["projects"] == figures["projects"], state
        for key in ("median", "p75"):
            if figures[key] is None:
                assert kept[state][key] is None, (state, key)
            else:
                assert abs(kept[state][key] - figures[key]) < 1e-6, (state, key, kept[state][key], figures[key])
