"""Calls started at the same instant from threads, each with its own
database connection, for the tests of what two clicks, two partners or two
workers at once must not do twice."""

import threading

from django.db import connections


def race(*calls):
    """Run the calls at once and return their results in order, an exception
    standing for its call's result. A call is a function, or a pair
    (prepare, act): `prepare()` runs first in the thread (a client, a row
    read), then every thread waits at a barrier that releases them together
    into `act(prepared)`."""
    # Generous bounds: they only stop a test that hangs. On a loaded machine
    # one thread's `prepare` (a login, a client) took longer than 10 s, the
    # barrier broke and every call "failed" with BrokenBarrierError.
    barrier = threading.Barrier(len(calls), timeout=120)
    results = [None] * len(calls)

    def run(i, call):
        prepare, act = call if isinstance(call, tuple) else (None, call)
        try:
            prepared = prepare() if prepare else None
            barrier.wait()
            results[i] = act(prepared) if prepare else act()
        except Exception as exc:  # the outcome is what the test asserts
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    return results
