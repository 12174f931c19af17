"""The fuzz suite's settings and bookkeeping: one hypothesis profile (a few dozen examples per
form, derandomized in CI so a failure repeats), one organisation shared by a module's tests, one
request per example in a savepoint that is rolled back, and a count of the examples run per form
and of server errors, printed (and written to $FUZZ_SUMMARY, if set) when the session ends."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import transaction
from hypothesis import HealthCheck, settings

from tests.helpers import NOW
from tests.open_organisation.test_who_may_do_what import _build, rows

_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # the client and the world serve every example
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
    "print_blob": True,
}
settings.register_profile("fuzz", max_examples=25, **_COMMON)
# In CI the same examples every run: a failure there is one anybody can repeat.
settings.register_profile("ci", max_examples=25, derandomize=True, database=None, **_COMMON)
# Longer hunts on one's own machine: HYPOTHESIS_PROFILE=hunt (FUZZ_EXAMPLES per form, 500).
settings.register_profile(
    "hunt", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "500")), **_COMMON
)
# `make test` (and so CI) runs the repeatable profile; HYPOTHESIS_PROFILE=fuzz draws new examples.
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Examples run per form (or page) and the answers that were server errors, for the summary.
EXAMPLES: Counter[str] = Counter()
SERVER_ERRORS: Counter[str] = Counter()
# POSTs the app carried out (not refused): the fuzzing reaches past validation too.
ACCEPTED: Counter[str] = Counter()


class World(SimpleNamespace):
    def __repr__(self) -> str:  # hypothesis prints a failing example's arguments
        return "world"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The organisation of tests/open_organisation (every persona, a shared and a draft
    objective with everything on it), built once for a module's tests."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield World(**vars(_build()))
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# What a page shows only when a form was refused: the app's error lists, the admin's.
REFUSAL_MARKS = (
    'class="form-errors"',
    '_error" aria-live="polite"><li>',
    'hx-swap-oob="true"><li>',
    'class="errornote"',
    'class="errorlist',
)


def _refused(response) -> bool:
    """A request the app turned down: an error status, or a form shown again with errors."""
    if response.status_code >= 400:
        return True
    if response.status_code != 200 or response.get("HX-Redirect"):
        return False
    page = response.content.decode(errors="replace")
    return any(mark in page for mark in REFUSAL_MARKS)


@pytest.fixture
def fuzz(client, db, world) -> Callable[..., Any]:
    """send(label, persona, method, url, data, headers): one request as `persona`, in a
    savepoint rolled back afterwards; asserts no server error and that a refused POST left
    every row as it was."""
    client.raise_request_exception = True  # an exception in a view fails with its traceback

    def send(label: str, persona: str, method: str, url: str, data=None, headers=None):
        client.cookies.clear()
        if persona != "signed_out":
            client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[persona]
        EXAMPLES[label] += 1
        with transaction.atomic():
            before = rows() if method == "post" else None
            try:
                response = getattr(client, method)(url, data or {}, headers=headers or {})
            except Exception:
                SERVER_ERRORS[label] += 1
                raise
            if response.status_code >= 500:
                SERVER_ERRORS[label] += 1
            assert response.status_code < 500, (label, persona, url, data)
            if method == "post" and _refused(response):
                assert rows() == before, f"{label}: a refused POST changed a row"
            elif method == "post":
                ACCEPTED[label] += 1
            transaction.set_rollback(True)
        return response

    return send


def _accepted(label: str) -> str:
    return str(ACCEPTED[label]) if label.startswith("POST") else ""


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not EXAMPLES:
        return
    width = max(len(label) for label in EXAMPLES)
    lines = [
        f"{label:<{width}}  {EXAMPLES[label]:>8}  {_accepted(label):>8}  {SERVER_ERRORS[label]:>13}"
        for label in sorted(EXAMPLES)
    ]
    total = f"{len(EXAMPLES)} forms and pages, {sum(EXAMPLES.values())} examples, "
    total += f"{sum(SERVER_ERRORS.values())} server errors"
    terminalreporter.section("fuzz: examples run per form, server errors")
    terminalreporter.write_line(
        f"{'form or page':<{width}}  {'examples':>8}  {'accepted':>8}  server errors"
    )
    for line in lines:
        terminalreporter.write_line(line)
    terminalreporter.write_line(total)
    if os.environ.get("FUZZ_SUMMARY"):
        Path(os.environ["FUZZ_SUMMARY"]).write_text("\n".join([*lines, total]) + "\n")
