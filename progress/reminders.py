"""Who is reminded to measure, when, and the delivery that sends each reminder at most once.

Planning creates one Reminder row per (person, occasion); the unique constraint makes planning
safe to run twice. Delivery claims a row with a conditional UPDATE before sending, so two workers
(or a task delivered twice) never both send it; a failed send releases the claim for a retry, and
a claim left by a worker that died expires after CLAIM_LEASE so the reminder is not lost."""

from __future__ import annotations

import datetime
from collections import defaultdict
from functools import cache
from typing import Any

import holidays
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from key_results.models import KeyResult, KeyResultQuerySet
from objectives.models import Action, Objective, Period

from .models import Reminder

CLAIM_LEASE = datetime.timedelta(minutes=10)


def config(name: str) -> Any:
    return settings.REMINDERS[name]


@cache
def _holidays(country: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays(country, years=year)


def working_day(start: datetime.date, number: int) -> datetime.date:
    """The `number`th working day (Monday to Friday, not a public holiday) from `start` on."""
    day, seen = start, 0
    while True:
        if day.weekday() < 5 and day not in _holidays(str(config("HOLIDAYS_COUNTRY")), day.year):
            seen += 1
            if seen >= number:
                return day
        day += datetime.timedelta(days=1)


def _in_window(today: datetime.date, due: datetime.date) -> bool:
    # A run missed on the day itself (beat or Redis down) is caught up on the next days.
    return due <= today <= due + datetime.timedelta(days=int(config("CATCH_UP_DAYS")))


def _plan(*, person_id: int, kind: str, occasion: str, key_results, action=None) -> None:
    with transaction.atomic():
        reminder, created = Reminder.objects.get_or_create(
            person_id=person_id,
            occasion=occasion,
            defaults={"kind": kind, "action": action},
        )
        if created:
            reminder.key_results.set(key_results)


def _plan_per_owner(key_results, *, kind: str, occasion: str) -> int:
    by_owner: dict[int, list[KeyResult]] = defaultdict(list)
    for key_result in key_results:
        by_owner[key_result.owner_id].append(key_result)
    for owner_id, owned in by_owner.items():
        _plan(person_id=owner_id, kind=kind, occasion=occasion, key_results=owned)
    return len(by_owner)


def _approved() -> KeyResultQuerySet:
    return KeyResult.objects.filter(
        approval_state=KeyResult.ApprovalState.APPROVED, objective__in=Objective.objects.live()
    ).exclude(owner__email="")


def plan_quarter_start(today: datetime.date) -> int:
    """At the quarter's first working day: owners of key results running now or just ended."""
    period = Period.objects.containing(today)
    if not _in_window(today, working_day(period.start, int(config("QUARTER_START_WORKDAY")))):
        return 0
    previous = Period.objects.containing(period.start - datetime.timedelta(days=1))
    key_results = _approved().filter(objective__period__in=[period, previous])
    return _plan_per_owner(
        key_results, kind=Reminder.Kind.QUARTER_START, occasion=f"quarter-start:{period.name}"
    )


def plan_mid_quarter(today: datetime.date) -> int:
    """Mid-quarter: only owners whose key results have gone unmeasured for STALE_DAYS."""
    period = Period.objects.containing(today)
    due = period.start + datetime.timedelta(days=int(config("MID_QUARTER_DAY")))
    if not _in_window(today, due):
        return 0
    stale_since = today - datetime.timedelta(days=int(config("STALE_DAYS")))
    key_results = (
        _approved()
        .filter(objective__period=period)
        .annotate(
            last_measured=Max("updates__happened_on", filter=Q(updates__value_after__isnull=False))
        )
        .filter(Q(last_measured__isnull=True) | Q(last_measured__lt=stale_since))
    )
    return _plan_per_owner(
        key_results, kind=Reminder.Kind.MID_QUARTER, occasion=f"mid-quarter:{period.name}"
    )


def plan_after_effort(today: datetime.date) -> int:
    """AFTER_EFFORT_DAYS after an action was done: its owner measures its effect."""
    delay = datetime.timedelta(days=int(config("AFTER_EFFORT_DAYS")))
    latest = timezone.make_aware(datetime.datetime.combine(today - delay, datetime.time.max))
    earliest = latest - datetime.timedelta(days=int(config("CATCH_UP_DAYS")) + 1)
    actions = (
        Action.objects.filter(status=Action.Status.DONE, done_at__gt=earliest, done_at__lte=latest)
        .exclude(owner__email="")
        .exclude(reminders__kind=Reminder.Kind.AFTER_EFFORT)
        .select_related("objective")
    )
    planned = 0
    for action in actions:
        key_results = list(_approved().filter(action=action)) or list(
            _approved().filter(objective=action.objective_id)
        )
        if key_results:
            _plan(
                person_id=action.owner_id,
                kind=Reminder.Kind.AFTER_EFFORT,
                occasion=f"action-done:{action.pk}",
                key_results=key_results,
                action=action,
            )
            planned += 1
    return planned


def due_reminder_ids() -> list[int]:
    """Reminders not sent yet and not being sent right now."""
    lease_over = timezone.now() - CLAIM_LEASE
    return list(
        Reminder.objects.filter(sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease_over))
        .values_list("pk", flat=True)
    )


def deliver(reminder_id: int) -> bool:
    """Send one reminder unless it is sent or being sent; True when this call sent it."""
    now = timezone.now()
    claimed = (
        Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_LEASE))
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    reminder = (
        Reminder.objects.select_related("person", "action")
        .prefetch_related("key_results__objective__period")
        .get(pk=reminder_id)
    )
    try:
        reminder_email(reminder).send()
    except Exception:
        Reminder.objects.filter(pk=reminder_id, claimed_at=now).update(claimed_at=None)
        raise
    Reminder.objects.filter(pk=reminder_id).update(sent_at=timezone.now())
    return True


def reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    """The email for a reminder, in the person's own language."""
    person = reminder.person
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {
            "reminder": reminder,
            "person": person,
            "key_results": reminder.key_results.all(),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("progress/email/reminder_subject.txt", context).strip()
        body = render_to_string("progress/email/reminder_body.txt", context)
    return EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email]
    )
