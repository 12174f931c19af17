"""The reminder jobs on a real Celery worker consuming from the real Redis broker, with the clock
fixed at the day each job acts on."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from kombu.exceptions import OperationalError

from key_results.models import KeyResult
from objectives.models import Action
from progress import tasks
from progress.models import Reminder
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory
from tests.helpers import drain, quarter, run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]

CPH = zoneinfo.ZoneInfo("Europe/Copenhagen")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=CPH)


def approved_kr(owner, period, **kwargs) -> KeyResult:
    objective = ObjectiveFactory(owner=owner, period=period)
    return KeyResultFactory(
        objective=objective, owner=owner, approval_state=KeyResult.ApprovalState.APPROVED, **kwargs
    )


def test_quarter_start_sends_one_email_per_owner_even_when_run_twice(org, worker):
    q1 = quarter(2027, 1)
    q4 = quarter(2026, 4)
    approved_kr(org.member, q1, title="Customer satisfaction")
    approved_kr(org.member, q1, title="Unsolicited praise")
    approved_kr(org.leader, q4, title="Churn")  # just ended: measure the final value
    draft = KeyResultFactory(objective=ObjectiveFactory(owner=org.outsider, period=q1))
    assert draft.approval_state == KeyResult.ApprovalState.DRAFT

    # 1 January 2027 is a public holiday and a Friday; the first working day is Monday the 4th.
    with time_machine.travel(at(2027, 1, 1, 7, 30), tick=True):
        run(tasks.send_quarter_start_reminders)
        drain()
    assert mail.outbox == []

    with time_machine.travel(at(2027, 1, 4, 7, 30), tick=True):
        run(tasks.send_quarter_start_reminders)
        run(tasks.send_quarter_start_reminders)  # beat fires again after a restart
        drain()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([org.member.email, org.leader.email])
    to_member = next(m for m in mail.outbox if m.to == [org.member.email])
    assert "Customer satisfaction" in to_member.body
    assert "Unsolicited praise" in to_member.body
    assert "/key-results/" in to_member.body
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2


def test_mid_quarter_nudge_goes_only_to_owners_without_a_recent_measurement(org, worker):
    q1 = quarter(2027, 1)
    stale = approved_kr(org.member, q1, title="Not measured for long")
    fresh = approved_kr(org.leader, q1, title="Measured last week")
    with time_machine.travel(at(2027, 2, 7, 12, 0), tick=True):
        from progress.services import record_measurement

        record_measurement(key_result=fresh, by=org.leader, value=3.2, text="Weekly survey")
    with time_machine.travel(at(2027, 2, 15, 7, 45), tick=True):  # 45 days after 1 January
        run(tasks.send_mid_quarter_nudges)
        run(tasks.send_mid_quarter_nudges)
        drain()
    assert [m.to for m in mail.outbox] == [[org.member.email]]
    assert stale.title in mail.outbox[0].body


def test_owner_is_asked_to_measure_fourteen_days_after_an_action_is_done(org, worker):
    q1 = quarter(2027, 1)
    objective = ObjectiveFactory(owner=org.member, period=q1)
    action = ActionFactory(objective=objective, owner=org.member, title="Call every complaint")
    KeyResultFactory(
        objective=objective,
        owner=org.member,
        action=action,
        title="Customer satisfaction",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    with time_machine.travel(at(2027, 1, 20, 10, 0), tick=True):
        action.change_status(Action.Status.DONE)

    with time_machine.travel(at(2027, 2, 2, 10, 0), tick=True):  # 13 days: too early
        run(tasks.send_after_effort_reminders)
        drain()
    assert mail.outbox == []

    with time_machine.travel(at(2027, 2, 3, 10, 10), tick=True):
        run(tasks.send_after_effort_reminders)
        run(tasks.send_after_effort_reminders)
        drain()
    assert [m.to for m in mail.outbox] == [[org.member.email]]
    assert "Call every complaint" in mail.outbox[0].subject
    assert "Customer satisfaction" in mail.outbox[0].body


def test_a_reminder_queued_twice_is_sent_once(org, worker):
    reminder = Reminder.objects.create(
        person=org.member, kind=Reminder.Kind.QUARTER_START, occasion="quarter-start:2027 Q1"
    )
    reminder.key_results.set([approved_kr(org.member, quarter(2027, 1))])
    tasks.deliver_reminders.delay([reminder.pk])
    tasks.deliver_reminders.delay([reminder.pk])
    drain()
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None


def test_reminders_planned_while_redis_was_down_are_sent_once_it_is_back(org, worker, monkeypatch):
    approved_kr(org.member, quarter(2027, 1), title="Customer satisfaction")

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with time_machine.travel(at(2027, 1, 4, 7, 30), tick=True):
        monkeypatch.setattr(tasks.deliver_reminders, "delay", broker_down)
        with pytest.raises(OperationalError):
            tasks.send_quarter_start_reminders()  # beat's run, while nothing can be queued
        monkeypatch.undo()
        assert mail.outbox == []
        assert Reminder.objects.filter(sent_at__isnull=True).count() == 1

        run(tasks.send_pending_reminders)  # the sweep, once Redis answers again
        drain()
    assert [m.to for m in mail.outbox] == [[org.member.email]]
