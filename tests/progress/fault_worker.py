"""A real Celery worker for tests/progress/test_reminder_faults.py, run as a process of its own
so the test can SIGKILL it: `python -m tests.progress.fault_worker <clock> <real-epoch> <pool>`.

The worker's clock reads <clock> at the real moment <real-epoch> and ticks on with the real
clock, so every worker of one test shares one clock (a claim one worker wrote looks just as old
to the next). Two hooks give the test a window to kill in: FAULT_PLANNING_PAUSE holds the
planner's transaction open after it inserted the reminders, and SlowFileBackend takes
FAULT_MAIL_DELAY seconds per email before the "mail server" (a file) has it."""

from __future__ import annotations

import datetime
import os
import sys
import time
from typing import Any

import time_machine
from django.core.mail.backends import filebased
from django.db.backends.signals import connection_created

PLANNING_PAUSE = float(os.environ.get("FAULT_PLANNING_PAUSE", "0"))
MAIL_DELAY = float(os.environ.get("FAULT_MAIL_DELAY", "0"))


class SlowFileBackend(filebased.EmailBackend):
    """Django's file backend that takes a moment per email, as a mail server does."""

    def write_message(self, message: Any) -> None:
        time.sleep(MAIL_DELAY)
        super().write_message(message)


def _pause_inside_planning(execute, sql, params, many, context):
    # Planning inserts the reminders first, inside its one transaction: pausing right after
    # keeps that transaction open (and visible in pg_stat_activity) long enough to kill in.
    result = execute(sql, params, many, context)
    if sql.startswith('INSERT INTO "progress_reminder" '):
        time.sleep(PLANNING_PAUSE)
    return result


def _hook_planning(sender, connection, **kwargs) -> None:
    if _pause_inside_planning not in connection.execute_wrappers:
        connection.execute_wrappers.append(_pause_inside_planning)


def main(clock: str, real_epoch: str, pool: str) -> None:
    """Start a worker on the shared shifted clock; it runs until it is killed."""
    if PLANNING_PAUSE:
        connection_created.connect(_hook_planning)
    now = datetime.datetime.fromisoformat(clock) + datetime.timedelta(
        seconds=time.time() - float(real_epoch)
    )
    with time_machine.travel(now, tick=True):
        from okr_site.celery import app

        app.worker_main(
            [
                "worker",
                f"--pool={pool}",
                "--concurrency=4",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=faults-{os.getpid()}@%h",
            ]
        )


if __name__ == "__main__":
    main(*sys.argv[1:])
