"""The SQLite side of the report's SQL (the local default database): the
percentile registered on the connection behaves like PostgreSQL's
percentile_cont, and the epoch of a stored datetime is right."""

import sqlite3

import pytest

from reports.sql import SQLITE_FUNCTION, _SqlitePercentile, percentile_cont


@pytest.fixture
def sqlite():
    connection = sqlite3.connect(":memory:")
    connection.create_aggregate(SQLITE_FUNCTION, 2, _SqlitePercentile)
    connection.execute("CREATE TABLE t (g TEXT, x REAL)")
    connection.executemany("INSERT INTO t VALUES (?, ?)", [
        ("a", 10), ("a", 40), ("a", 20), ("a", 10), ("a", None), ("b", 7), ("c", None),
    ])
    yield connection
    connection.close()


def test_it_interpolates_like_postgresql(sqlite):
    rows = sqlite.execute(
        f"SELECT g, {SQLITE_FUNCTION}(x, 0.5), {SQLITE_FUNCTION}(x, 0.75) FROM t GROUP BY g ORDER BY g"
    ).fetchall()
    # a: 10, 10, 20, 40 (NULL ignored): median (10 + 20) / 2, p75 at 2.25 -> 20 + 0.25 * 20.
    assert rows == [("a", 15.0, 25.0), ("b", 7.0, 7.0), ("c", None, None)]


@pytest.mark.parametrize(("values", "fraction", "expected"), [
    ([1, 2, 3, 4, 10], 0.5, 3), ([1, 2, 3, 4, 10], 0.75, 4), ([10, 20], 0.75, 17.5), ([], 0.5, None),
])
def test_the_python_percentile(values, fraction, expected):
    assert percentile_cont(values, fraction) == expected


def test_julian_days_give_the_epoch(sqlite):
    # How Django stores an aware datetime in SQLite: UTC text.
    (seconds,) = sqlite.execute("SELECT (julianday('2025-01-02 00:00:00.000000') - 2440587.5) * 86400.0").fetchone()
    assert seconds == pytest.approx(1735776000, abs=0.01)


# --- the report's transaction settings (PostgreSQL) ----------------------------

def _setting(name):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [name])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_the_report_runs_without_jit_and_with_room_to_sort_then_the_connection_is_as_before():
    from reports.sql import REPORT_SESSION, report_session

    before = {name: _setting(name) for name in REPORT_SESSION}
    assert before != REPORT_SESSION  # the server's defaults differ, or this test proves nothing
    with report_session():
        assert {name: _setting(name) for name in REPORT_SESSION} == REPORT_SESSION
    assert {name: _setting(name) for name in REPORT_SESSION} == before


@pytest.mark.django_db(transaction=True)
def test_a_failing_report_leaves_the_connection_as_before():
    from reports.sql import REPORT_SESSION, report_session

    before = {name: _setting(name) for name in REPORT_SESSION}
    with pytest.raises(RuntimeError), report_session():
        raise RuntimeError("the report failed")
    assert {name: _setting(name) for name in REPORT_SESSION} == before
