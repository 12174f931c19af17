"""Running writes at the same moment, each on its own database connection, to test the locks.

`race` holds a row lock in the test's own connection while the writes start in threads, waits
until every thread is blocked on a lock (or done), then lets go. Each write has read whatever it
reads before the others commit, which is exactly the moment a missing lock lets a stale read
through, so a missing `select_for_update` fails every time, not one run in twenty."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, connections, transaction
from django.db.models import Model


def _waiting_on_locks() -> int:
    with connections["default"].cursor() as cursor:
        # Inside a transaction PostgreSQL keeps serving its first snapshot of the statistics.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def behind(waiting: int, write: Callable[[], Any], timeout: float = 10) -> Callable[[], Any]:
    """`write`, started once `waiting` other writes wait on a lock: for `race`, when the order in
    which they queue for the lock matters (PostgreSQL serves a row's waiters in turn)."""

    def queued() -> Any:
        deadline = time.monotonic() + timeout
        while _waiting_on_locks() < waiting:
            if time.monotonic() > deadline:
                raise AssertionError("the writes ahead never reached the lock")
            time.sleep(0.01)
        return write()

    return queued


def race(*writes: Callable[[], Any], hold: Model, timeout: float = 10) -> list[Any]:
    """Run `writes` at once while `hold`'s row is locked; their results, or the exceptions
    they raised, in the order given."""
    results: list[Any] = [None] * len(writes)
    finished = threading.Event()
    done = [False] * len(writes)

    def run(index: int, write: Callable[[], Any]) -> None:
        try:
            results[index] = write()
        except Exception as error:  # noqa: BLE001 - the caller asserts on it
            results[index] = error
        finally:
            done[index] = True
            connection.close()
            if all(done):
                finished.set()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writes)]
    with transaction.atomic():
        type(hold).objects.select_for_update().get(pk=hold.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if _waiting_on_locks() + sum(done) >= len(writes):
                break
            time.sleep(0.02)
        else:
            raise AssertionError("the writes never reached the lock")
    for thread in threads:
        thread.join(timeout)
    return results


def at_once(*writes: Callable[[], Any], timeout: float = 30) -> list[Any]:
    """Run `writes` in threads released together (no lock held): for many writers at once."""
    start = threading.Barrier(len(writes))
    results: list[Any] = [None] * len(writes)

    def run(index: int, write: Callable[[], Any]) -> None:
        try:
            start.wait()
            results[index] = write()
        except Exception as error:  # noqa: BLE001 - the caller asserts on it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


def while_committing(change: Callable[[], Any], write: Callable[[], Any], timeout: float = 10):
    """Run `write` in a thread while `change` is made, uncommitted, in the test's connection;
    commit `change` once the write waits on a lock; the write's result (or its exception).

    With the lock it needs, the write waits before reading and then sees `change`; without it,
    it reads what was there before and waits only to save, on a stale reading."""
    results: list[Any] = [None]
    done = threading.Event()

    def run() -> None:
        try:
            results[0] = write()
        except Exception as error:  # noqa: BLE001 - the caller asserts on it
            results[0] = error
        finally:
            connection.close()
            done.set()

    thread = threading.Thread(target=run)
    with transaction.atomic():
        change()
        thread.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not done.is_set():
            if _waiting_on_locks() >= 1:
                break
            time.sleep(0.02)
        else:
            if not done.is_set():
                raise AssertionError("the write never reached the lock")
    thread.join(timeout)
    return results[0]
