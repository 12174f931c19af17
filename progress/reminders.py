"""Who is reminded to measure, when, and the delivery that sends each reminder at most once.

Planning creates one Reminder row per (person, occasion) in one transaction, in a constant
number of queries; the unique constraint makes planning safe to run twice, and an occasion is
keyed on the period's id and dates, which no rename changes. Delivery goes through
progress/outbox.py: claimed before sending, never sent twice by two workers, retried after a
failure, given up after MAX_ATTEMPTS, and picked up again when a worker died holding it."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import holidays
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation

from key_results.models import KeyResult, KeyResultQuerySet
from objectives.models import Action, Objective, Period

from . import notifications, outbox
from .models import Reminder


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


def _plan(kind: str, occasion: str, owned: dict[int, list[int]], action_of=None) -> int:
    """One reminder per person for this occasion, listing their key results, in a constant
    number of queries; those planned before (an earlier run, a run that died) are kept as they
    are. The whole run is one transaction: a planner killed halfway leaves nothing half done,
    and the sweep plans again."""
    if not owned:
        return 0
    with transaction.atomic():
        Reminder.objects.bulk_create(
            [
                Reminder(
                    person_id=person,
                    kind=kind,
                    occasion=occasion,
                    action_id=action_of(person) if action_of else None,
                )
                for person in owned
            ],
            ignore_conflicts=True,
        )
        fresh = dict(
            Reminder.objects.filter(
                occasion=occasion, person_id__in=list(owned), key_results=None
            ).values_list("person_id", "pk")
        )
        Reminder.key_results.through.objects.bulk_create(
            [
                Reminder.key_results.through(reminder_id=fresh[person], keyresult_id=key_result)
                for person, key_results in owned.items()
                if person in fresh
                for key_result in key_results
            ],
            ignore_conflicts=True,
        )
    return len(fresh)


def _by_owner(key_results) -> dict[int, list[int]]:
    owned: dict[int, list[int]] = defaultdict(list)
    for key_result, owner in key_results.values_list("pk", "owner_id").order_by("pk"):
        owned[owner].append(key_result)
    return owned


def _approved() -> KeyResultQuerySet:
    return KeyResult.objects.filter(
        approval_state=KeyResult.ApprovalState.APPROVED, objective__in=Objective.objects.live()
    ).exclude(owner__email="")


def _occasion(what: str, period: Period) -> str:
    # Keyed on what cannot be renamed: the period's id and dates, not its name.
    return f"{what}:{period.pk}:{period.start.isoformat()}:{period.end.isoformat()}"


def plan_quarter_start(today: datetime.date) -> int:
    """At the quarter's first working day: owners of key results running now or just ended."""
    period = Period.objects.containing(today)
    if not _in_window(today, working_day(period.start, int(config("QUARTER_START_WORKDAY")))):
        return 0
    previous = Period.objects.containing(period.start - datetime.timedelta(days=1))
    key_results = _approved().filter(objective__period__in=[period, previous])
    return _plan(
        Reminder.Kind.QUARTER_START, _occasion("quarter-start", period), _by_owner(key_results)
    )


def plan_mid_quarter(today: datetime.date) -> int:
    """Mid-quarter: only owners whose key results have gone unmeasured for STALE_DAYS."""
    period = Period.objects.containing(today)
    due = period.start + datetime.timedelta(days=int(config("MID_QUARTER_DAY")))
    if not _in_window(today, due):
        return 0
    stale_since = today - datetime.timedelta(days=int(config("STALE_DAYS")))
    key_results = _approved().filter(
        Q(last_measured_on__isnull=True) | Q(last_measured_on__lt=stale_since),
        objective__period=period,
    )
    return _plan(
        Reminder.Kind.MID_QUARTER, _occasion("mid-quarter", period), _by_owner(key_results)
    )


def end_of_quarter_day(period: Period) -> datetime.date:
    """The first working day of the period's closing days (settings.CLOSING_DAYS), when its key
    results open for scoring."""
    closing = period.end - datetime.timedelta(days=int(settings.CLOSING_DAYS) - 1)
    return working_day(max(closing, period.start), 1)


def plan_end_of_quarter(today: datetime.date) -> int:
    """As a period closes: everyone with something to close is asked, once, to score their key
    results and to write the retrospective of their objectives. Owners of its approved key
    results not scored yet (listed), and owners of its active objectives."""
    period = Period.objects.containing(today)
    # A missed day is caught up until the period ends, not after: by then the next quarter's
    # own reminders are due, and a "the quarter ends" email in the new quarter would confuse.
    if not _in_window(today, end_of_quarter_day(period)):
        return 0
    owned = _by_owner(_approved().filter(objective__period=period, score__isnull=True))
    for owner in (
        Objective.objects.filter(period=period, status=Objective.Status.ACTIVE)
        .exclude(owner__email="")
        .values_list("owner_id", flat=True)
    ):
        owned.setdefault(owner, [])
    return _plan(Reminder.Kind.END_OF_QUARTER, _occasion("end-of-quarter", period), owned)


def plan_after_effort(today: datetime.date) -> int:
    """AFTER_EFFORT_DAYS after an action was done, its owner measures its effect: on their own
    key results of that action, or else their own of its objective."""
    delay = datetime.timedelta(days=int(config("AFTER_EFFORT_DAYS")))
    latest = timezone.make_aware(datetime.datetime.combine(today - delay, datetime.time.max))
    earliest = latest - datetime.timedelta(days=int(config("CATCH_UP_DAYS")) + 1)
    actions = list(
        Action.objects.filter(
            status=Action.Status.DONE,
            done_at__gt=earliest,
            done_at__lte=latest,
            objective__in=Objective.objects.live(),
        )
        .exclude(owner__email="")
        .values_list("pk", "owner_id", "objective_id")
    )
    owned = defaultdict(list)
    for key_result, owner, objective, action in (
        _approved()
        .filter(objective__in=[objective for _a, _o, objective in actions])
        .values_list("pk", "owner_id", "objective_id", "action_id")
        .order_by("pk")
    ):
        owned[owner, objective, action].append(key_result)
    planned = 0
    for action, owner, objective in actions:
        mine = owned[owner, objective, action] or [
            key_result
            for (someone, their_objective, _action), key_results in owned.items()
            if someone == owner and their_objective == objective
            for key_result in key_results
        ]
        planned += _plan(
            Reminder.Kind.AFTER_EFFORT,
            f"action-done:{action}",
            {owner: mine} if mine else {},
            action_of=lambda _person, action=action: action,
        )
    return planned


def due_reminder_ids() -> list[int]:
    """Reminders not sent, not given up on, and not being sent right now."""
    return list(outbox.sendable(Reminder.objects.all()).values_list("pk", flat=True))


def deliver(reminder_ids: list[int]) -> int:
    """Deliver these reminders: each shows in its person's bell, and is emailed at most once
    (progress/outbox.py) to those who want it right away; how many this call emailed. For those
    who chose the daily digest or no email, the bell is the delivery."""
    won = outbox.claim(Reminder.objects.all(), reminder_ids)
    claimed = list(Reminder.objects.filter(pk__in=won).select_related("person"))
    emailed = [reminder.pk for reminder in notifications.for_reminders(claimed)]
    quiet = [pk for pk in won if pk not in emailed]
    Reminder.objects.filter(pk__in=quiet).update(sent_at=timezone.now(), claimed_at=None)
    return outbox.send_claimed(
        Reminder.objects.select_related("person", "action"), emailed, ReminderEmails(emailed)
    )


# What a reminder shows of a key result: its title and where it stands (KeyResult.standing).
LISTED = (
    "title",
    "objective",
    "kind",
    "per",
    "baseline",
    "target",
    "current_value",
    "events_by_day",
    "last_measured_on",
    "approved_on",
    "deadline",
)


def _listed_key_results(reminder_ids: Iterable[int]) -> dict[int, list[KeyResult]]:
    """Each reminder's key results (oldest first) with their objectives' titles and periods,
    in one query: each key result built straight from the columns an email shows, each
    objective and period once. A batch lists a thousand key results or more, and prefetching
    them (three queries, a model instance per row of each, linked one by one) cost more than
    writing the emails."""
    wanted = {"id", *LISTED}
    columns = [f.attname for f in KeyResult._meta.concrete_fields if f.name in wanted]
    periods = Period.objects.in_bulk()
    objectives: dict[int, Objective] = {}
    listed: dict[int, list[KeyResult]] = defaultdict(list)
    for reminder, title, period, *values in (
        KeyResult.objects.filter(reminders__in=list(reminder_ids))
        .order_by("created_at", "pk")
        .values_list("reminders__id", "objective__title", "objective__period_id", *columns)
    ):
        key_result = KeyResult.from_db(KeyResult.objects.db, columns, values)
        objective = objectives.get(key_result.objective_id)
        if objective is None:
            objective = Objective(id=key_result.objective_id, title=title, period=periods[period])
            objectives[objective.pk] = objective
        key_result.objective = objective
        listed[reminder].append(key_result)
    return listed


class ReminderEmails:
    """Builds the email for each reminder of a batch, in its person's own language; what every
    email of the batch shares (its key results, today's date, the site's address for key
    results) is read or worked out once."""

    def __init__(self, reminder_ids: Iterable[int] = ()) -> None:
        self.loaded = set(reminder_ids)
        self.key_results = _listed_key_results(self.loaded) if self.loaded else {}
        self.today = timezone.localdate()
        self.link = _key_result_links()
        self.subject = get_template("progress/email/reminder_subject.txt")
        self.body = get_template("progress/email/reminder_body.txt")

    def __call__(self, reminder: Reminder) -> EmailMultiAlternatives:
        person = reminder.person
        with translation.override(person.language or settings.LANGUAGE_CODE):
            context = {
                "reminder": reminder,
                "person": person,
                # One line per key result, written here: a template loop over 20,000 lines of
                # a quarter's reminders cost more than everything else in building them.
                "key_results": "".join(self.line(kr) for kr in self.listed(reminder)),
                "site_url": settings.SITE_URL,
            }
            subject = self.subject.render(context)
            body = self.body.render(context)
        return EmailMultiAlternatives(
            subject=outbox.single_line(subject),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )

    def listed(self, reminder: Reminder) -> list[KeyResult]:
        if reminder.pk not in self.loaded:  # one not given when the batch began
            self.key_results.update(_listed_key_results([reminder.pk]))
            self.loaded.add(reminder.pk)
        return self.key_results.get(reminder.pk, [])

    def line(self, key_result: KeyResult) -> str:
        """What the email says of one key result, on a line of its own."""
        objective = key_result.objective
        standing = str(key_result.standing(self.today).label).lower()
        return (
            f"\n- {key_result.title} ({objective.title}, {objective.period.name}), {standing}: "
            f"{settings.SITE_URL}{self.link(key_result.pk)}"
        )


def reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    """The email for a reminder, in the person's own language."""
    return ReminderEmails([reminder.pk])(reminder)


def _key_result_links() -> Callable[[int], str]:
    """Each key result's address, as its get_absolute_url() gives it, but reversed once for
    all: an email lists ten key results or more, and a batch a hundred emails."""
    sample = 1234567890
    before, _sample, after = reverse("progress:key_result", args=[sample]).rpartition(str(sample))
    return lambda pk: f"{before}{pk}{after}"
