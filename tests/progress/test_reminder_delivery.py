"""Delivery of one reminder: at most once, retried after a mail failure, never lost."""

import datetime
import smtplib
import threading
import time
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.utils import timezone

from key_results.models import KeyResult
from progress import outbox, reminders
from progress.models import Reminder
from tests.concurrency import race
from tests.factories import KeyResultFactory, ObjectiveFactory
from tests.helpers import quarter


class FailingOnceBackend(BaseEmailBackend):
    """A mail backend whose first send fails as an unreachable SMTP server would."""

    failures_left = 1

    def send_messages(self, messages):
        if FailingOnceBackend.failures_left:
            FailingOnceBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("connection lost")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def reminder(org):
    q1 = quarter(2027, 1)
    key_result = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member, period=q1),
        owner=org.member,
        title="Customer satisfaction",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    planned = Reminder.objects.create(
        person=org.member, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:2027 Q1"
    )
    planned.key_results.set([key_result])
    return planned


def test_a_sent_reminder_is_not_sent_again(reminder):
    assert reminders.deliver([reminder.pk]) == 1
    assert reminders.deliver([reminder.pk]) == 0
    assert len(mail.outbox) == 1
    assert reminder.pk not in reminders.due_reminder_ids()


def test_a_mail_failure_releases_the_reminder_for_the_retry(reminder, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    FailingOnceBackend.failures_left = 1
    with pytest.raises(smtplib.SMTPException):
        reminders.deliver([reminder.pk])
    reminder.refresh_from_db()
    assert reminder.sent_at is None
    assert reminder.pk in reminders.due_reminder_ids()

    assert reminders.deliver([reminder.pk]) == 1
    assert [m.to for m in mail.outbox] == [[reminder.person.email]]
    reminder.refresh_from_db()
    assert reminder.attempts == 2


def test_a_reminder_being_sent_by_another_worker_is_left_to_it(reminder):
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=timezone.now())
    assert reminders.deliver([reminder.pk]) == 0
    assert mail.outbox == []


def test_a_claim_left_by_a_worker_that_died_expires_and_the_reminder_is_sent(reminder):
    died_at = timezone.now() - outbox.claim_lease() - datetime.timedelta(minutes=1)
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=died_at)
    assert reminder.pk in reminders.due_reminder_ids()
    assert reminders.deliver([reminder.pk]) == 1
    assert len(mail.outbox) == 1


def test_workers_killed_while_holding_a_reminder_use_up_none_of_its_attempts(reminder, settings):
    for _killed in range(outbox.max_attempts()):
        assert outbox.claim(Reminder.objects.all(), [reminder.pk]) == [reminder.pk]
        expired = timezone.now() - outbox.claim_lease() - datetime.timedelta(seconds=1)
        Reminder.objects.filter(pk=reminder.pk).update(claimed_at=expired)
    settings.EMAIL_BACKEND = f"{__name__}.FailingOnceBackend"
    FailingOnceBackend.failures_left = 1
    with pytest.raises(smtplib.SMTPException):
        reminders.deliver([reminder.pk])  # the first real try fails: one more is due
    reminder.refresh_from_db()
    assert reminder.failed_at is None
    assert reminders.deliver([reminder.pk]) == 1
    assert [m.to for m in mail.outbox] == [[reminder.person.email]]


def test_reminder_email_is_in_the_persons_language(reminder):
    reminder.person.language = "da"
    reminder.person.save()
    reminders.deliver([reminder.pk])
    assert "kvartal" in mail.outbox[0].subject.lower()


def test_planning_twice_keeps_one_reminder_per_person_and_occasion(org):
    KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member, period=quarter(2027, 1)),
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    first_working_day = datetime.date(2027, 1, 4)
    assert reminders.plan_quarter_start(first_working_day) == 1
    reminders.plan_quarter_start(first_working_day)
    assert Reminder.objects.filter(person=org.member).count() == 1


class SlowBackend(BaseEmailBackend):
    """A mail backend that takes its time, so two deliveries overlap while one is sending."""

    def send_messages(self, messages):
        time.sleep(0.3)
        mail.outbox.extend(messages)
        return len(messages)


@pytest.mark.django_db(transaction=True)
def test_two_deliveries_of_one_reminder_at_the_same_moment_send_it_once(org, settings):
    """Two workers, each on its own database connection, start delivering the same reminder."""
    settings.EMAIL_BACKEND = f"{__name__}.SlowBackend"
    planned = Reminder.objects.create(
        person=org.member, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:2027 Q1"
    )
    start = threading.Barrier(2)
    results: list[bool] = []

    def worker():
        try:
            start.wait()
            results.append(reminders.deliver([planned.pk]))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("quarter_start", "first_working_day"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 1, 4)),  # New Year's Day, then a weekend
        (datetime.date(2024, 4, 1), datetime.date(2024, 4, 2)),  # Easter Monday
        (datetime.date(2026, 10, 1), datetime.date(2026, 10, 1)),
    ],
)
def test_first_working_day_skips_weekends_and_public_holidays(quarter_start, first_working_day):
    assert reminders.working_day(quarter_start, 1) == first_working_day


def test_quarter_start_reminder_day_is_configurable(org, reminder, settings):
    settings.REMINDERS = {**settings.REMINDERS, "QUARTER_START_WORKDAY": 3}
    Reminder.objects.all().delete()
    assert reminders.plan_quarter_start(datetime.date(2027, 1, 4)) == 0
    assert reminders.plan_quarter_start(datetime.date(2027, 1, 6)) == 1


@pytest.mark.django_db(transaction=True)
def test_a_reminder_another_worker_is_claiming_right_now_is_left_to_it(org):
    planned = Reminder.objects.create(
        person=org.member, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:1"
    )
    (sent_meanwhile,) = race(lambda: reminders.deliver([planned.pk]), hold=planned)
    assert sent_meanwhile == 0
    assert mail.outbox == []
    assert reminders.deliver([planned.pk]) == 1  # once the other let go, it is sendable


@pytest.mark.django_db(transaction=True)
def test_a_claimed_reminder_someone_else_locks_as_its_turn_comes_is_left_without_waiting(org):
    planned = Reminder.objects.create(
        person=org.member, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:1"
    )
    won = outbox.claim(Reminder.objects.all(), [planned.pk])
    (sent_meanwhile,) = race(
        lambda: outbox.send_claimed(
            Reminder.objects.all(),
            list(Reminder.objects.filter(pk__in=won)),
            reminders.reminder_email,
        ),
        hold=planned,
    )
    assert sent_meanwhile == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("language", "said"), [("en", "not measured lately"), ("da", "ikke målt længe")]
)
def test_a_reminder_says_where_each_key_result_stands_in_the_persons_language(
    reminder, language, said
):
    reminder.person.language = language
    reminder.person.save()
    reminders.deliver([reminder.pk])
    line = next(
        line for line in mail.outbox[0].body.splitlines() if "Customer satisfaction" in line
    )
    assert said in line


class LeaseOutlastingBackend(BaseEmailBackend):
    """A mail server so slow over its first email that the lease on the rest of the batch runs
    out meanwhile, and another worker (the sweep's) claims those reminders."""

    clock: Any = None  # the test's clock, moved on while the first email is being sent
    taken_over: list[int] = []

    def send_messages(self, messages):
        if not LeaseOutlastingBackend.taken_over:
            being_sent = [address for message in messages for address in message.to]
            rest = Reminder.objects.filter(sent_at=None).exclude(person__email__in=being_sent)
            LeaseOutlastingBackend.clock.shift(outbox.claim_lease() + datetime.timedelta(seconds=1))
            LeaseOutlastingBackend.taken_over = outbox.claim(
                Reminder.objects.all(), rest.values_list("pk", flat=True)
            )
        mail.outbox.extend(messages)
        return len(messages)


def test_a_reminder_another_worker_took_over_after_the_lease_is_left_to_it(
    org, settings, time_machine
):
    settings.EMAIL_BACKEND = f"{__name__}.LeaseOutlastingBackend"
    LeaseOutlastingBackend.clock = time_machine
    LeaseOutlastingBackend.taken_over = []
    planned = [
        Reminder.objects.create(
            person=person, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:1"
        )
        for person in (org.member, org.leader)
    ]
    assert reminders.deliver([reminder.pk for reminder in planned]) == 1
    assert len(mail.outbox) == 1
    (left,) = Reminder.objects.filter(sent_at=None)
    assert LeaseOutlastingBackend.taken_over == [left.pk]
    assert left.person.email not in mail.outbox[0].to


class SlowButAliveBackend(BaseEmailBackend):
    """A mail server that takes most of a lease over each email, while the sweep keeps trying
    to claim the reminders not sent yet."""

    clock: Any = None
    taken_over: list[int] = []

    def send_messages(self, messages):
        SlowButAliveBackend.clock.shift(outbox.claim_lease() * 0.6)
        unsent = Reminder.objects.filter(sent_at=None).values_list("pk", flat=True)
        SlowButAliveBackend.taken_over += outbox.claim(Reminder.objects.all(), unsent)
        mail.outbox.extend(messages)
        return len(messages)


def test_a_batch_that_outlasts_the_lease_keeps_its_claims_while_its_worker_lives(
    org, settings, time_machine
):
    settings.EMAIL_BACKEND = f"{__name__}.SlowButAliveBackend"
    SlowButAliveBackend.clock = time_machine
    SlowButAliveBackend.taken_over = []
    planned = [
        Reminder.objects.create(
            person=person, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:1"
        )
        for person in (org.member, org.leader, org.outsider)
    ]
    assert reminders.deliver([reminder.pk for reminder in planned]) == 3
    assert SlowButAliveBackend.taken_over == []
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(
        reminder.person.email for reminder in planned
    )
