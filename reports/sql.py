"""The few SQL expressions the ORM lacks, for PostgreSQL and SQLite.

PostgreSQL (tests and production) has everything natively. SQLite is only
the zero-setup default for a first run: there the percentile is an aggregate
function that Python registers on the connection (the way Django itself adds
math functions to SQLite), so the local page shows the same figures.
"""

import math
from contextlib import contextmanager

from django.db import NotSupportedError, connection, transaction
from django.db.models import Aggregate, FloatField, Func


class Epoch(Func):
    """Seconds since 1970-01-01 UTC of a datetime column, as a float."""

    output_field = FloatField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("Epoch() is written for PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra):
        # EXTRACT returns numeric since PostgreSQL 14: double precision sums faster.
        return Func.as_sql(
            self, compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)::double precision", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        # Django stores aware datetimes in UTC; 2440587.5 is the Julian day of the epoch.
        return Func.as_sql(
            self, compiler, connection, template="((julianday(%(expressions)s) - 2440587.5) * 86400.0)", **extra
        )


class PercentileCont(Aggregate):
    """The continuous percentile (linear interpolation) of a column; NULLs ignored.

    PostgreSQL: percentile_cont(f) WITHIN GROUP (ORDER BY x).
    """

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()
    arity = 1

    def __init__(self, expression, fraction, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("The fraction of a percentile lies between 0 and 1.")
        # A float of our own making, written into the SQL: no user input here.
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sqlite(self, compiler, connection, **extra):
        sqlite_register_percentile(connection)
        return super().as_sql(
            compiler, connection, function=SQLITE_FUNCTION,
            template="%(function)s(%(expressions)s, %(fraction)s)", **extra,
        )


SQLITE_FUNCTION = "reports_percentile_cont"


class _SqlitePercentile:
    """percentile_cont for SQLite: the values of the group, sorted, interpolated."""

    def __init__(self):
        self.values = []
        self.fraction = None

    def step(self, value, fraction):
        self.fraction = fraction
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return percentile_cont(self.values, self.fraction)


def percentile_cont(values, fraction):
    """PostgreSQL's percentile_cont, for SQLite and for checking figures by hand."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def sqlite_register_percentile(connection):
    # Compiling happens on an open connection; registering again is harmless
    # and covers connections opened since (one per thread with runserver).
    connection.ensure_connection()
    connection.connection.create_aggregate(SQLITE_FUNCTION, 2, _SqlitePercentile)


# What the report's aggregates get from PostgreSQL for their transaction
# only (SET LOCAL: the connection goes back to its defaults afterwards):
# work_mem, because the per-project GROUP BY of time in stage sorted 10 MB
# per process on disk ("external merge") with the 4 MB default (200,000
# projects). JIT is off for every connection (config.env.env_database).
REPORT_SESSION = {"work_mem": "64MB"}


@contextmanager
def report_session():
    """A transaction whose settings suit the report's aggregates (one
    statement on PostgreSQL, nothing on SQLite). Inside a transaction already
    (a test, a request in ATOMIC_REQUESTS) it joins it without a savepoint."""
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT " + ", ".join("set_config(%s, %s, true)" for _ in REPORT_SESSION),
                    [value for item in REPORT_SESSION.items() for value in item],
                )
        yield
