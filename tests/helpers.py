"""Helpers shared by the tests: the pinned day, htmx headers, form data as people submit it."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from key_results.models import KeyResult
from objectives.models import Objective, Period
from progress import tasks
from tests.factories import KeyResultFactory

# The whole suite runs on 15 February 2027, mid-quarter (tests/conftest.py pins the clock).
TODAY = datetime.date(2027, 2, 15)
NOW = datetime.datetime(2027, 2, 15, 10, 0, tzinfo=datetime.UTC)

# What htmx adds to its requests.
HTMX = {"HX-Request": "true"}


def quarter(year: int, number: int) -> Period:
    """The period of that quarter (created as the app would when first needed)."""
    return Period.objects.containing(datetime.date(year, 3 * number - 2, 1))


def measured(
    objective: Objective,
    progress: int,
    *,
    weight: int = 1,
    state: str = KeyResult.ApprovalState.APPROVED,
) -> KeyResult:
    """A key result of `objective` from 0 to 100 that stands at `progress` (approved unless
    told otherwise)."""
    return KeyResultFactory(
        objective=objective,
        baseline=0,
        target=100,
        current_value=progress,
        weight=weight,
        approval_state=state,
    )


def objective_data(**overrides: Any) -> dict[str, Any]:
    """What the objective form posts; team and period must be given as ids."""
    return {"title": "Happier customers", "description": "", **overrides}


def key_result_data(**overrides: Any) -> dict[str, Any]:
    """What the key result form posts for "customer satisfaction from 3.0 to 3.5 points"."""
    return {
        "title": "Customer satisfaction",
        "kind": "change",
        "unit": "points",
        "baseline": "3.0",
        "target": "3.5",
        "deadline": "2027-03-31",
        "measurement_plan": "Monthly survey of 50 customers.",
        **overrides,
    }


def measurement_data(value: str = "3.4", **overrides: Any) -> dict[str, Any]:
    """What the record form posts for a measured value."""
    return {
        "value": value,
        "happened_on": TODAY.isoformat(),
        "kind": "progress",
        "text": "Monthly survey is in.",
        "learning": "",
        **overrides,
    }


def event_data(text: str = "A customer praised us", **overrides: Any) -> dict[str, Any]:
    """What the record form posts for an event logged on a count key result."""
    return {
        "text": text,
        "events": "1",
        "happened_on": TODAY.isoformat(),
        "kind": "progress",
        "learning": "",
        **overrides,
    }


def note_data(**overrides: Any) -> dict[str, Any]:
    """What the share form posts for a note without a value."""
    return {
        "kind": "progress",
        "text": "We tried calling back within the hour.",
        "learning": "",
        "action": "",
        "happened_on": TODAY.isoformat(),
        **overrides,
    }


def ids_on_page(page: str, prefix: str) -> list[int]:
    """The ids of the elements `id="<prefix>-<pk>"` on a page, in the order they are shown."""
    return [int(pk) for pk in re.findall(rf'id="{re.escape(prefix)}-(\d+)"', page)]


def admin_form_data(client: Any, url: str, **overrides: Any) -> dict[str, Any]:
    """What an admin add or change page posts when saved as it is shown, with `overrides`."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return {**data, **overrides}


def run(task, *args) -> object:
    """Send a task through the broker and wait until the worker fixture has run it."""
    return task.apply_async(args=args, ignore_result=False).get(timeout=30)


def drain() -> None:
    """Wait until every task queued before now has run (the solo worker takes them in order)."""
    run(tasks.send_pending_reminders)


def queries_to_get(client: Any, url: str, headers: Any = None, **params: Any) -> tuple[int, Any]:
    """How many queries a GET of `url` with `params` makes once the caches are warm (the
    first GET after a change fills them: the session, the team tree), and its response."""
    client.get(url, params, headers=headers)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, headers=headers)
    return len(queries), response
