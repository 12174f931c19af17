"""At the end of a quarter, everyone with something to close is asked once, in their own
language, to score their key results and write the retrospective (progress/reminders.py)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core import mail

from key_results.models import KeyResult
from objectives.models import Objective
from progress import reminders, tasks
from progress.models import Notification, Reminder
from tests.concurrency import race
from tests.factories import KeyResultFactory, ObjectiveFactory
from tests.helpers import drain, quarter, run

# 2027 Q1 ends on Wednesday 31 March; its last seven days start on Thursday 25 March, which is
# Maundy Thursday, then Good Friday, the weekend and Easter Monday: the first working day of
# its close is Tuesday 30 March.
CLOSING_DAY = datetime.date(2027, 3, 30)


@pytest.fixture
def closing(org):
    q1 = quarter(2027, 1)
    mine = ObjectiveFactory(owner=org.member, period=q1, title="Happier customers")
    approved = KeyResultFactory(
        objective=mine,
        title="Customer satisfaction",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    scored = KeyResultFactory(
        objective=mine,
        title="Callbacks within the hour",
        approval_state=KeyResult.ApprovalState.APPROVED,
        score=Decimal("0.5"),
        proposed_score=Decimal("0.5"),
    )
    KeyResultFactory(objective=mine, title="Still a draft")
    # The leader owns an active objective without key results of their own: a retrospective.
    ObjectiveFactory(owner=org.leader, period=q1, title="A calmer support desk")
    # Nothing to close: a draft objective, and an objective of another quarter.
    ObjectiveFactory(owner=org.outsider, period=q1, status=Objective.Status.DRAFT)
    ObjectiveFactory(owner=org.sales_lead, period=quarter(2027, 2))
    return {"approved": approved, "scored": scored}


def test_the_reminder_comes_on_the_first_working_day_of_the_close(db):
    assert reminders.end_of_quarter_day(quarter(2027, 1)) == CLOSING_DAY


def test_nothing_is_planned_before_the_close(org, closing):
    assert reminders.plan_end_of_quarter(CLOSING_DAY - datetime.timedelta(days=1)) == 0
    assert not Reminder.objects.exists()


def test_owners_of_key_results_to_score_and_of_objectives_to_close_are_reminded(org, closing):
    assert reminders.plan_end_of_quarter(CLOSING_DAY) == 2
    member = Reminder.objects.get(person=org.member)
    assert member.kind == Reminder.Kind.END_OF_QUARTER
    # Only what is still to score is listed.
    assert list(member.key_results.all()) == [closing["approved"]]
    assert not Reminder.objects.get(person=org.leader).key_results.exists()
    assert not Reminder.objects.filter(person__in=[org.outsider, org.sales_lead]).exists()


def test_exactly_once_per_person_and_period(org, closing):
    reminders.plan_end_of_quarter(CLOSING_DAY)
    reminders.plan_end_of_quarter(CLOSING_DAY + datetime.timedelta(days=1))
    assert Reminder.objects.filter(person=org.member).count() == 1
    ids = reminders.due_reminder_ids()
    assert reminders.deliver(ids) == 2
    assert reminders.deliver(ids) == 0
    reminders.plan_end_of_quarter(CLOSING_DAY + datetime.timedelta(days=2))
    assert reminders.deliver(reminders.due_reminder_ids()) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org.member.email, org.leader.email])


def test_a_missed_day_is_caught_up_until_the_quarter_ends(org, closing):
    # Beat was down from the 30th: on the 31st the close is caught up; in Q2 it is not.
    assert reminders.plan_end_of_quarter(datetime.date(2027, 4, 2)) == 0
    assert reminders.plan_end_of_quarter(datetime.date(2027, 3, 31)) == 2
    assert Reminder.objects.filter(occasion__startswith="end-of-quarter:").count() == 2


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        (
            "en",
            "The quarter ends: score your key results and write the retrospective",
            "what worked, what did not work at all, and what you carry on with",
        ),
        (
            "da",
            "Kvartalet slutter: giv dine nøgleresultater en score, og skriv retrospektivet",
            "hvad der virkede, hvad der slet ikke virkede, og hvad I fortsætter med",
        ),
    ],
)
def test_the_reminder_is_in_the_persons_language(org, closing, language, subject, body):
    org.member.language = language
    org.member.save()
    reminders.plan_end_of_quarter(CLOSING_DAY)
    reminders.deliver([Reminder.objects.get(person=org.member).pk])
    [email] = mail.outbox
    assert email.subject == subject
    assert body in email.body
    assert "Customer satisfaction" in email.body
    assert "Callbacks within the hour" not in email.body  # scored already


def test_the_bell_shows_it_too(org, closing):
    reminders.plan_end_of_quarter(CLOSING_DAY)
    reminders.deliver(reminders.due_reminder_ids())
    assert Notification.objects.filter(person=org.member, kind="reminder").count() == 1


# The beat job on a real Celery worker and the real Redis broker (tests/conftest.py `worker`).
@pytest.mark.django_db(transaction=True)
@pytest.mark.celery
def test_the_beat_job_sends_one_email_per_person_even_when_run_twice(org, closing, worker):
    cph = zoneinfo.ZoneInfo("Europe/Copenhagen")
    with time_machine.travel(datetime.datetime(2027, 3, 29, 8, tzinfo=cph), tick=True):
        run(tasks.send_end_of_quarter_reminders)  # Easter Monday: not yet
        drain()
    assert mail.outbox == []
    with time_machine.travel(datetime.datetime(2027, 3, 30, 8, tzinfo=cph), tick=True):
        run(tasks.send_end_of_quarter_reminders)
        run(tasks.send_end_of_quarter_reminders)  # beat fires again after a restart
        drain()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org.member.email, org.leader.email])


@pytest.mark.django_db(transaction=True)
def test_two_planners_catching_up_list_a_key_result_made_since_once(org, closing):
    # The leader was asked for a retrospective only; since then they own a key result to score.
    reminders.plan_end_of_quarter(CLOSING_DAY)
    asked = Reminder.objects.get(person=org.leader)
    since = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.leader, period=quarter(2027, 1)),
        owner=org.leader,
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    next_day = CLOSING_DAY + datetime.timedelta(days=1)

    # Held until both list it: the first waits to commit, the second on the first.
    results = race(
        lambda: reminders.plan_end_of_quarter(next_day),
        lambda: reminders.plan_end_of_quarter(next_day),
        hold=asked,
    )

    assert not [result for result in results if isinstance(result, Exception)]
    assert list(asked.key_results.all()) == [since]
