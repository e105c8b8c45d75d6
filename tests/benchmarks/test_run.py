"""The benchmarks' entry point (benchmarks/run.py) at a tiny size: it
builds the data, runs every measure, cross-checks both sides and writes its
table. The figures themselves mean nothing at this size. (The suite runs on
PostgreSQL: the report's hand-written SQL is PostgreSQL's.)"""

import io

import pytest


@pytest.fixture
def run_module(db):
    from benchmarks import run

    return run


def test_it_writes_the_table_and_every_cross_check_agrees(run_module, tmp_path):
    output = tmp_path / "RESULTS.md"
    result = run_module.run(projects=120, repeats=1, seed=3, routing_per_round=2, stale_kits=30, output=output,
                            out=io.StringIO())
    assert result["problems"] == []
    table = output.read_text()
    assert "120 projects" in table
    assert "all agree." in table
    assert "the project page / its own statements bare" in table
    for measure in ("/healthz", run_module.BASELINE, "report page", "report: hand-written SQL", "coordinator project list",
                    "coordinator project list: its statements, bare", "referent project list",
                    "project page (longest history)", "project page: its statements, bare",
                    "project_create + route_project", "kit: kit_render_pdf", "daily digest", "follow-up: retention",
                    "follow-up: privacy", "retention purge", "kit sweep"):
        assert f"| {measure}" in table
    # Each background pass found its work, the same in every round (rolled back after it).
    assert result["summary"]["background_found"]["kits requeued"] == 30
    assert "kits requeued 30" in table
    baseline = next(row for row in result["rows"] if row["what"] == run_module.BASELINE)
    assert baseline["ratio"] == 1
    assert result["summary"]["log_rows"] > 150  # a history, not one row a project


def test_a_difference_between_the_two_sides_is_reported(run_module, tmp_path, monkeypatch):
    # The report's hand-written SQL made to disagree: the table says so.
    real = run_module.reports.check_agreement
    monkeypatch.setattr(run_module.reports, "check_agreement",
                        lambda raw, report: [*real(raw, report), "states: SQL 1 != page 2"])
    output = tmp_path / "RESULTS.md"
    result = run_module.run(projects=40, repeats=1, seed=4, routing_per_round=1, kits=False, output=output,
                            out=io.StringIO())
    assert result["problems"] == ["report: states: SQL 1 != page 2"]
    assert "differences**" in output.read_text()
    assert "states: SQL 1 != page 2" in output.read_text()
