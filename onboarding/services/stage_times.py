"""The log of state changes, and each project's time in every state with it.

`log_transition` is the only writer of log rows (onboarding.ProjectTransition)
outside bulk loads: it writes the row and, when the row leaves a state, adds
the stay that ends there to the project's ProjectStageTime row for that
state, in the same transaction. The service writes every row's from_state as
the previous row's to_state, so a stay in F begins at the previous row and
ends at the row leaving F (a pause leaves S for on_hold, resume leaves
on_hold, reopen leaves abandoned...).

`stage_times_from_log` computes the same rows from scratch out of a log (bulk
loads, back-dated demo histories, the tests' check).
"""

from django.db import connection, transaction
from django.utils import timezone

from onboarding.models import ProjectStageTime, ProjectTransition

# Seconds between the new row's moment (a parameter) and the previous row's, by database.
_ELAPSED = {
    "postgresql": "EXTRACT(EPOCH FROM (%s - previous.at))::double precision",
    "sqlite": "((julianday(%s) - julianday(previous.at)) * 86400.0)",
}


@transaction.atomic
def log_transition(*, project, transition, from_state, to_state, at=None, **fields):
    """Write a log row at `at` (now by default) and the stay it closes.

    One query more than the row itself when it leaves a state (an upsert
    reading the previous row's moment), none for the creation row."""
    at = at or timezone.now()
    if from_state:
        _add_stay(project.pk, from_state, at)
    return ProjectTransition.objects.create(
        project=project, transition=transition, from_state=from_state, to_state=to_state, at=at, **fields
    )


log_transition.alters_data = True


def _add_stay(project_id, state, left_at):
    """seconds += left_at − the latest log row's moment; last_left_at = left_at."""
    table = connection.ops.quote_name(ProjectStageTime._meta.db_table)
    log_table = connection.ops.quote_name(ProjectTransition._meta.db_table)
    value = connection.ops.adapt_datetimefield_value(left_at)
    elapsed = _ELAPSED[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (project_id, state, seconds, last_left_at)
            SELECT %s, %s, {elapsed}, %s
            FROM (SELECT at FROM {log_table} WHERE project_id = %s ORDER BY at DESC, id DESC LIMIT 1) previous
            WHERE true
            ON CONFLICT (project_id, state) DO UPDATE
            SET seconds = {table}.seconds + excluded.seconds, last_left_at = excluded.last_left_at
            """,
            [project_id, state, value, value, project_id],
        )


def stage_times_from_log(rows):
    """{(project id, state): (seconds, last left at)} from log rows
    (project id, from_state, at) in the log's order (project, at, id)."""
    times = {}
    previous_project = previous_at = None
    for project_id, from_state, at in rows:
        if from_state and project_id == previous_project:
            seconds, _last = times.get((project_id, from_state), (0.0, None))
            times[(project_id, from_state)] = (seconds + (at - previous_at).total_seconds(), at)
        previous_project, previous_at = project_id, at
    return times


@transaction.atomic
def stage_times_rebuild(project_ids):
    """Recompute the projects' stage times from their log (after its dates were rewritten)."""
    project_ids = list(project_ids)
    ProjectStageTime.objects.filter(project_id__in=project_ids).delete()
    rows = (
        ProjectTransition.objects.filter(project_id__in=project_ids)
        .order_by("project_id", "at", "id").values_list("project_id", "from_state", "at")
    )
    ProjectStageTime.objects.bulk_create(
        [
            ProjectStageTime(project_id=project_id, state=state, seconds=seconds, last_left_at=last_left_at)
            for (project_id, state), (seconds, last_left_at) in stage_times_from_log(rows.iterator()).items()
        ],
        batch_size=1000,
    )


stage_times_rebuild.alters_data = True
