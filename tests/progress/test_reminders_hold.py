"""Reminders hold up: a renamed period sends nothing again, a planner that died is finished by the
sweep, a title that would break an email header is refused, a reminder that keeps failing is
given up on visibly, and each lists only its recipient's own key results."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Action, Period
from objectives.services import change_action_status
from progress import reminders, tasks
from progress.models import Reminder
from tests.concurrency import at_once
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import quarter

FIRST_WORKING_DAY = datetime.date(2027, 1, 4)


def approved(owner, period, **fields) -> KeyResult:
    return KeyResultFactory(
        objective=ObjectiveFactory(owner=owner, period=period),
        owner=owner,
        approval_state=KeyResult.ApprovalState.APPROVED,
        **fields,
    )


def send_all() -> None:
    reminders.deliver(reminders.due_reminder_ids())


def test_renaming_the_period_sends_nobody_the_quarter_start_again(org):
    q1 = quarter(2027, 1)
    approved(org.member, q1)
    reminders.plan_quarter_start(FIRST_WORKING_DAY)
    send_all()
    assert len(mail.outbox) == 1
    Period.objects.filter(pk=q1.pk).update(name="First quarter of 2027")
    reminders.plan_quarter_start(FIRST_WORKING_DAY)
    send_all()
    assert len(mail.outbox) == 1


def test_a_planner_that_died_halfway_leaves_nothing_half_done_and_the_sweep_finishes(
    org, monkeypatch, time_machine
):
    q1 = quarter(2027, 1)
    people = [UserFactory(team=org.support) for _ in range(3)]
    for person in people:
        approved(person, q1)
    time_machine.move_to(datetime.datetime(2027, 1, 4, 7, 30, tzinfo=datetime.UTC), tick=False)

    def killed(*args, **kwargs):
        raise SystemExit("worker killed while planning")

    monkeypatch.setattr(reminders, "_link_key_results", killed)  # after the reminders' rows
    with pytest.raises(SystemExit):
        tasks.send_quarter_start_reminders()
    monkeypatch.undo()
    assert not Reminder.objects.exists()  # rolled back, not half planned

    tasks.send_pending_reminders()  # the sweep, five minutes later
    tasks.deliver_reminders(reminders.due_reminder_ids())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)


@pytest.mark.parametrize(
    ("url_name", "field"),
    [("objectives:create", "title"), ("objectives:action_create", "title")],
)
def test_a_title_with_a_line_break_is_refused(client, org, objective, url_name, field):
    client.force_login(org.member)
    args = [objective.pk] if url_name == "objectives:action_create" else []
    response = client.post(
        reverse(url_name, args=args),
        {
            field: "Call back\nBcc: everyone@example.com",
            "team": org.support.pk,
            "period": objective.period_id,
        },
    )
    assert "Write the title on one line" in response.content.decode()
    assert not Action.objects.filter(title__contains="Bcc").exists()


def test_the_subject_is_plain_text_not_html(org, objective):
    action = ActionFactory(objective=objective, owner=org.member, title='Ring "tilbage" & svar')
    approved_here = KeyResultFactory(
        objective=objective, action=action, approval_state=KeyResult.ApprovalState.APPROVED
    )
    change_action_status(action=action, by=org.member, status=Action.Status.DONE)
    Action.objects.filter(pk=action.pk).update(done_at=action.done_at - datetime.timedelta(days=14))
    reminders.plan_after_effort(datetime.date(2027, 2, 15))
    send_all()
    assert mail.outbox[0].subject == '“Ring "tilbage" & svar” is done: what did it do?'
    assert approved_here.title in mail.outbox[0].body


class AlwaysFailing(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"member@example.com": (550, b"no such user")})


def test_a_reminder_that_keeps_failing_is_given_up_on_where_people_see_it(client, org, settings):
    settings.EMAIL_BACKEND = f"{__name__}.AlwaysFailing"
    settings.REMINDERS = {**settings.REMINDERS, "MAX_ATTEMPTS": 3}
    approved(org.member, quarter(2027, 1))
    reminders.plan_quarter_start(FIRST_WORKING_DAY)
    for _attempt in range(3):
        with pytest.raises(smtplib.SMTPException):
            send_all()
    reminder = Reminder.objects.get()
    assert reminder.failed_at is not None
    assert reminder.attempts == 3
    assert "no such user" in reminder.failure
    assert reminders.due_reminder_ids() == []  # the sweep stops trying
    client.force_login(org.member)
    assert "Could not be sent" in client.get(reverse("progress:me")).content.decode()
    client.force_login(org.admin)
    page = client.get(reverse("admin:progress_reminder_changelist")).content.decode()
    assert "no such user" in page


def test_an_after_effort_reminder_lists_only_the_recipients_own_key_results(org, objective):
    action = ActionFactory(objective=objective, owner=org.member, title="Call back")
    mine = KeyResultFactory(
        objective=objective,
        owner=org.member,
        title="Callbacks made",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    KeyResultFactory(
        objective=objective,
        owner=org.leader,
        title="Leader's churn",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    change_action_status(action=action, by=org.member, status=Action.Status.DONE)
    Action.objects.filter(pk=action.pk).update(done_at=action.done_at - datetime.timedelta(days=14))
    reminders.plan_after_effort(datetime.date(2027, 2, 15))
    send_all()
    assert [m.to for m in mail.outbox] == [[org.member.email]]
    assert mine.title in mail.outbox[0].body
    assert "Leader's churn" not in mail.outbox[0].body


@pytest.mark.parametrize("owners", [2, 40])
def test_planning_takes_the_same_queries_for_few_or_many_owners(
    org, django_assert_num_queries, owners
):
    q1 = quarter(2027, 1)
    for _ in range(owners):
        approved(UserFactory(team=org.support), q1)
    Period.objects.containing(datetime.date(2026, 12, 31))  # the previous quarter exists
    # The period, the one before, the key results, the reminders, which are fresh, their links.
    with django_assert_num_queries(8):
        assert reminders.plan_quarter_start(FIRST_WORKING_DAY) == owners


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_planning_lists_each_owners_key_results_once_however_often_it_runs(
    org, monkeypatch, vendor
):
    # PostgreSQL lists them in one statement; the SQLite demo in the ORM's bulk insert.
    monkeypatch.setattr(reminders.connection, "vendor", vendor)
    q1 = quarter(2027, 1)
    mine = [approved(org.member, q1), approved(org.member, q1)]
    theirs = approved(org.leader, q1)

    reminders.plan_quarter_start(FIRST_WORKING_DAY)
    reminders.plan_quarter_start(FIRST_WORKING_DAY)  # a second run, as after a lost beat

    listed = {
        reminder.person: sorted(reminder.key_results.values_list("pk", flat=True))
        for reminder in Reminder.objects.all()
    }
    assert listed == {org.member: sorted(kr.pk for kr in mine), org.leader: [theirs.pk]}


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_plan_each_owner_one_reminder_listing_each_key_result_once(org):
    # Beat firing twice (a second scheduler, a retry): two connections plan at the same moment.
    q1 = quarter(2027, 1)
    owners = [UserFactory(team=org.support) for _ in range(30)]
    owned = {owner.pk: sorted(approved(owner, q1).pk for _ in range(2)) for owner in owners}

    results = at_once(
        lambda: reminders.plan_quarter_start(FIRST_WORKING_DAY),
        lambda: reminders.plan_quarter_start(FIRST_WORKING_DAY),
    )

    assert not [result for result in results if isinstance(result, Exception)]
    assert sum(results) == len(owners)  # each owner planned by one of the two
    listed = {
        reminder.person_id: sorted(reminder.key_results.values_list("pk", flat=True))
        for reminder in Reminder.objects.all()
    }
    assert Reminder.objects.count() == len(owners)
    assert listed == owned
