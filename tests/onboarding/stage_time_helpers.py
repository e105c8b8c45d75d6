"""Each project's time in every state, recomputed from scratch out of its log,
to compare with what the services keep (onboarding.ProjectStageTime)."""

import pytest

from onboarding.models import ProjectStageTime, ProjectTransition


def stage_times_from_scratch():
    """{(project id, state): (seconds, last left at)}: between two consecutive
    rows of a project's log, a stay in the first row's to_state."""
    times = {}
    rows = ProjectTransition.objects.order_by("project_id", "at", "id").values_list("project_id", "to_state", "at")
    previous = None
    for row in rows:
        if previous is not None and previous[0] == row[0]:
            key = (row[0], previous[1])
            seconds, _last = times.get(key, (0.0, None))
            times[key] = (seconds + (row[2] - previous[2]).total_seconds(), row[2])
        previous = row
    return times


def kept_stage_times():
    return {
        (project_id, state): (seconds, last_left_at)
        for project_id, state, seconds, last_left_at in ProjectStageTime.objects.values_list(
            "project_id", "state", "seconds", "last_left_at"
        )
    }


def assert_kept_stage_times_match_the_log():
    kept, expected = kept_stage_times(), stage_times_from_scratch()
    assert kept.keys() == expected.keys()
    for key, (seconds, last_left_at) in expected.items():
        assert kept[key][0] == pytest.approx(seconds, abs=1e-3), key
        assert kept[key][1] == last_left_at, key
