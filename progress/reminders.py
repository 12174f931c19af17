"""Who is reminded to measure, when, and the delivery that sends each reminder at most once.

Planning creates one Reminder row per (person, occasion) in one transaction, in a constant
number of queries; the unique constraint makes planning safe to run twice, and an occasion is
keyed on the period's id and dates, which no rename changes. Delivery goes through
progress/outbox.py: claimed before sending, never sent twice by two workers, retried after a
failure, given up after MAX_ATTEMPTS, and picked up again when a worker died holding it."""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import holidays
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from key_results.models import READ_BY_STANDING, KeyResult, KeyResultQuerySet
from key_results.status import Standing
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
        _link_key_results(
            [
                (fresh[person], key_result)
                for person, key_results in owned.items()
                if person in fresh
                for key_result in key_results
            ]
        )
    return len(fresh)


def _link_key_results(pairs: list[tuple[int, int]]) -> None:
    """Lists each key result in its reminder: (reminder, key result) pairs, those listed before
    left as they are. On PostgreSQL one statement takes the pairs as two arrays: a quarter's
    20,000 rows built as model instances and bound one by one took most of the planning."""
    through = Reminder.key_results.through
    if connection.vendor != "postgresql" or not pairs:
        through.objects.bulk_create(
            [through(reminder_id=reminder, keyresult_id=listed) for reminder, listed in pairs],
            ignore_conflicts=True,
        )
        return
    quote = connection.ops.quote_name
    column = {field.name: quote(field.column) for field in through._meta.concrete_fields}
    columns = f"{column['reminder']}, {column['keyresult']}"
    reminders, key_results = zip(*pairs, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            # Names from the model's own meta, values as parameters.
            f"INSERT INTO {quote(through._meta.db_table)} ({columns}) "  # noqa: S608
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[]) ON CONFLICT DO NOTHING",
            [list(reminders), list(key_results)],
        )


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
    reminders = Reminder.objects.select_related("person", "action")
    won = outbox.claim(reminders, reminder_ids)
    claimed = list(reminders.filter(pk__in=won)) if won else []
    emailed = notifications.for_reminders(claimed)
    quiet = {reminder.pk for reminder in claimed} - {reminder.pk for reminder in emailed}
    Reminder.objects.filter(pk__in=quiet).update(sent_at=timezone.now(), claimed_at=None)
    return outbox.send_claimed(
        reminders, emailed, ReminderEmails(reminder.pk for reminder in emailed)
    )


# What a reminder shows of a key result: its title and where it stands.
LISTED = ("title", *READ_BY_STANDING)


def _listed_key_results(reminder_ids: Iterable[int]) -> dict[int, list[KeyResult]]:
    """Each reminder's key results (oldest first) with their objectives' titles and periods,
    in two queries: which key results each reminder lists, then those key results, each built
    straight from the columns an email shows, each objective and period once. A batch lists a
    thousand key results or more: prefetching them (three queries, a model instance per row of
    each, linked one by one) cost more than writing the emails, and one query joining the
    lists to the key results scanned every key result while the lists' statistics still
    missed a planning run's rows."""
    lists: dict[int, list[int]] = defaultdict(list)
    for reminder, listed in Reminder.key_results.through.objects.filter(
        reminder_id__in=list(reminder_ids)
    ).values_list("reminder_id", "keyresult_id"):
        lists[listed].append(reminder)
    wanted = {"id", *LISTED}
    columns = [f.attname for f in KeyResult._meta.concrete_fields if f.name in wanted]
    periods = Period.objects.in_bulk()
    objectives: dict[int, Objective] = {}
    by_reminder: dict[int, list[KeyResult]] = defaultdict(list)
    for title, period, *values in (
        KeyResult.objects.filter(pk__in=list(lists))
        .order_by("created_at", "pk")
        .values_list("objective__title", "objective__period_id", *columns)
    ):
        key_result = KeyResult.from_db(KeyResult.objects.db, columns, values)
        objective = objectives.get(key_result.objective_id)
        if objective is None:
            objective = Objective(id=key_result.objective_id, title=title, period=periods[period])
            objectives[objective.pk] = objective
        key_result.objective = objective
        for reminder in lists[key_result.pk]:
            by_reminder[reminder].append(key_result)
    return by_reminder


# Where the person's name and key results go in an email drawn once for many people.
_FILLED_IN = re.compile("\x00(name|key_results)\x00")


class ReminderEmails:
    """Builds the email for each reminder of a batch, in its person's own language; what every
    email of the batch shares (its key results, today's date, the site's address for key
    results, the wording of each kind of reminder in each language) is read or worked out once."""

    def __init__(self, reminder_ids: Iterable[int] = ()) -> None:
        self.loaded = set(reminder_ids)
        self.key_results = _listed_key_results(self.loaded) if self.loaded else {}
        self.today = timezone.localdate()
        self.link = _key_result_links()
        self.drawn: dict[tuple[Any, ...], tuple[str, str]] = {}
        self.standings: dict[tuple[str, str], str] = {}

    def __call__(self, reminder: Reminder) -> EmailMultiAlternatives:
        person = reminder.person
        language = person.language or settings.LANGUAGE_CODE
        key_results = self.listed(reminder)
        subject, body = self.wording(reminder, language, listing=bool(key_results))
        filled_in = {
            "name": person.first_name or person.username,
            # One line per key result, written here: a template loop over 20,000 lines of a
            # quarter's reminders cost more than everything else in building them.
            "key_results": "".join(self.line(kr, language) for kr in key_results),
        }
        return EmailMultiAlternatives(
            subject=outbox.single_line(subject),
            body=_FILLED_IN.sub(lambda found: filled_in[found[1]], body),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[person.email],
        )

    def wording(self, reminder: Reminder, language: str, *, listing: bool) -> tuple[str, str]:
        """The subject and body of this kind of reminder in this language, the person's name
        and key results left as marks to fill in: drawn once per batch, not once per email."""
        kind = (language, reminder.kind, reminder.action_id, listing)
        if kind not in self.drawn:
            context = {
                "reminder": reminder,
                "name": "\x00name\x00",
                "key_results": "\x00key_results\x00" if listing else "",
                "site_url": settings.SITE_URL,
            }
            with translation.override(language):
                self.drawn[kind] = (
                    render_to_string("progress/email/reminder_subject.txt", context),
                    render_to_string("progress/email/reminder_body.txt", context),
                )
        return self.drawn[kind]

    def listed(self, reminder: Reminder) -> list[KeyResult]:
        if reminder.pk not in self.loaded:  # one not given when the batch began
            self.key_results.update(_listed_key_results([reminder.pk]))
            self.loaded.add(reminder.pk)
        return self.key_results.get(reminder.pk, [])

    def line(self, key_result: KeyResult, language: str) -> str:
        """What the email says of one key result, on a line of its own."""
        objective = key_result.objective
        standing = self.standing(key_result.standing(self.today), language)
        return (
            f"\n- {key_result.title} ({objective.title}, {objective.period.name}), {standing}: "
            f"{settings.SITE_URL}{self.link(key_result.pk)}"
        )

    def standing(self, standing: Standing, language: str) -> str:
        """A standing's name in a language, looked up once per batch."""
        if (standing, language) not in self.standings:
            with translation.override(language):
                self.standings[standing, language] = str(standing.label).lower()
        return self.standings[standing, language]


def reminder_email(reminder: Reminder) -> EmailMultiAlternatives:
    """The email for a reminder, in the person's own language."""
    return ReminderEmails([reminder.pk])(reminder)


def _key_result_links() -> Callable[[int], str]:
    """Each key result's address, as its get_absolute_url() gives it, but reversed once for
    all: an email lists ten key results or more, and a batch a hundred emails."""
    sample = 1234567890
    before, _sample, after = reverse("progress:key_result", args=[sample]).rpartition(str(sample))
    return lambda pk: f"{before}{pk}{after}"
