"""/healthz: is this instance able to serve? Database and broker, each named.

A load balancer's probe must get an answer, fast, even when a dependency
accepts connections and then never answers (a frozen server, a half-dead
proxy): each check has a hard deadline on connecting and on its one
statement, the two run side by side, and whatever has not answered within
CHECK_SECONDS is reported failing ("timeout"). The answer comes in under two
seconds whatever the dependencies do.
"""

import concurrent.futures
import logging
import select
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

CHECK_SECONDS = 1.5


class CheckTimeout(Exception):
    """The dependency did not answer within the deadline."""


def check_database(timeout=CHECK_SECONDS):
    if connection.vendor != "postgresql":
        # The embedded default's SQLite file: no network, nothing to hang on.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return "ok"
    _postgresql_select_one(time.monotonic() + timeout)
    return "ok"


def _postgresql_select_one(deadline):
    """Connect and run SELECT 1 on a connection of its own, never past `deadline`.

    libpq's asynchronous calls, so that every wait is a select() with what
    is left of the deadline: a blocking connect or query has no client-side
    timeout once the server has accepted the TCP connection. Its own
    connection, not the request's: a check must not depend on (or break)
    the persistent connection of this process.
    """
    from psycopg import OperationalError, pq
    from psycopg.conninfo import make_conninfo

    known = {option.keyword.decode() for option in pq.Conninfo.get_defaults()}
    params = {
        key: value for key, value in connection.get_connection_params().items()
        if key in known and value not in (None, "")
    }
    pgconn = pq.PGconn.connect_start(make_conninfo("", **params).encode())
    try:
        if pgconn.status == pq.ConnStatus.BAD:
            raise OperationalError("connection failed")
        while (poll := pgconn.connect_poll()) != pq.PollingStatus.OK:
            if poll == pq.PollingStatus.FAILED:
                raise OperationalError("connection failed")
            _wait_socket(pgconn.socket, write=poll == pq.PollingStatus.WRITING, deadline=deadline)
        pgconn.nonblocking = 1
        pgconn.send_query(b"SELECT 1")
        while pgconn.flush():
            _wait_socket(pgconn.socket, write=True, deadline=deadline)
        while True:
            pgconn.consume_input()
            if not pgconn.is_busy():
                break
            _wait_socket(pgconn.socket, write=False, deadline=deadline)
        result = pgconn.get_result()
        if result is None or result.status != pq.ExecStatus.TUPLES_OK:
            raise OperationalError("SELECT 1 failed")
    finally:
        pgconn.finish()


def _wait_socket(sock, *, write, deadline):
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise CheckTimeout()
    readable, writable, _ = select.select([] if write else [sock], [sock] if write else [], [], remaining)
    if not readable and not writable:
        raise CheckTimeout()


def check_broker(timeout=CHECK_SECONDS):
    url = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or not url:
        return "in-process"
    if url.startswith(("redis://", "rediss://")):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        # No retry: the deadline is the check's, not redis-py's (3 tries by default).
        client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout, retry=Retry(NoBackoff(), 0),
        )
        try:
            client.ping()
        except redis.TimeoutError:
            raise CheckTimeout() from None
        finally:
            client.close()
        return "ok"
    from kombu import Connection

    # AMQP: the connect timeout covers the TCP connection and the protocol's handshake.
    with Connection(url, connect_timeout=timeout,
                    transport_options={"read_timeout": timeout, "write_timeout": timeout}) as conn:
        conn.connect()
    return "ok"


# The broker's check runs here while the database's runs in the request's
# thread (SQLite's check uses that thread's connection). Each check ends by
# its own deadline, so these threads are never held for long.
_broker_executor = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")


def _outcome(name, run):
    try:
        return run() or "ok"
    except Exception as exc:
        return _failed(name, exc)


def _failed(name, exc):
    status = "timeout" if isinstance(exc, (CheckTimeout, TimeoutError, concurrent.futures.TimeoutError)) \
        else "unreachable"
    # Only the exception class: connection strings and server messages may hold secrets.
    logger.error("healthz: %s %s (%s)", name, status, type(exc).__name__)
    return status


@never_cache
def healthz(request):
    started = time.monotonic()
    broker = _broker_executor.submit(check_broker)
    status = {"database": _outcome("database", check_database)}
    try:
        # The broker's check has its own deadline; this one is a backstop.
        status["broker"] = broker.result(timeout=max(0.1, CHECK_SECONDS + 0.3 - (time.monotonic() - started)))
    except Exception as exc:
        status["broker"] = _failed("broker", exc)
    failing = [name for name, value in status.items() if value not in ("ok", "in-process")]
    body = {"status": "ok" if not failing else "error", "checks": status}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
