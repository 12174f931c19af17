"""Reminders in bulk: a batch goes out over one mail connection, costs one statement per email
beyond a fixed few, and each email lists its recipient's own key results, each linked and
standing as on its own page."""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends import locmem

from key_results.models import KeyResult
from key_results.rates import Per
from progress import reminders
from progress.models import Reminder
from tests.factories import KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import quarter

FIRST_WORKING_DAY = datetime.date(2027, 1, 4)


class CountingBackend(locmem.EmailBackend):
    """The test mail server, counting the connections made to it."""

    made = 0
    opened = 0

    def __init__(self, *args, **kwargs):
        CountingBackend.made += 1
        super().__init__(*args, **kwargs)

    def open(self):
        CountingBackend.opened += 1
        return super().open()


def approved(owner, period, title, **fields) -> KeyResult:
    return KeyResultFactory(
        objective=ObjectiveFactory(owner=owner, period=period, title=f"Better {title.lower()}"),
        owner=owner,
        title=title,
        approval_state=KeyResult.ApprovalState.APPROVED,
        **fields,
    )


def a_rate(owner, period, title) -> KeyResult:
    return approved(
        owner,
        period,
        title,
        kind=KeyResult.Kind.RATE,
        per=Per.WEEK,
        baseline=Decimal(0),
        target=Decimal(2),
        current_value=Decimal(0),
    )


def owners_with_key_results(team, count: int) -> dict[str, list[KeyResult]]:
    """`count` people, each owning a key result of the new quarter, a rate, and one of the
    quarter just ended; their key results by email address."""
    q1, q4 = quarter(2027, 1), quarter(2026, 4)
    owned = {}
    for n in range(count):
        person = UserFactory(team=team, email=f"owner{n}@example.com")
        name = chr(ord("A") + n)
        owned[person.email] = [
            approved(person, q1, f"Churn in region {name}"),
            a_rate(person, q1, f"Calls in region {name}"),
            approved(person, q4, f"Satisfaction in region {name}"),
        ]
    return owned


def test_a_batch_goes_out_over_one_mail_connection(org, settings):
    settings.EMAIL_BACKEND = f"{__name__}.CountingBackend"
    CountingBackend.made = CountingBackend.opened = 0
    owners_with_key_results(org.support, 3)
    reminders.plan_quarter_start(FIRST_WORKING_DAY)

    assert reminders.deliver(reminders.due_reminder_ids()) == 3

    assert len(mail.outbox) == 3
    assert (CountingBackend.made, CountingBackend.opened) == (1, 1)


def test_each_reminder_lists_only_its_recipients_own_key_results(org):
    owned = owners_with_key_results(org.support, 2)
    reminders.plan_quarter_start(FIRST_WORKING_DAY)

    reminders.deliver(reminders.due_reminder_ids())

    assert sorted(address for m in mail.outbox for address in m.to) == sorted(owned)
    for message in mail.outbox:
        (address,) = message.to
        listed = [line for line in message.body.splitlines() if line.startswith("- ")]
        assert sorted(listed) == sorted(
            f"- {kr.title} ({kr.objective.title}, {kr.objective.period}), "
            f"{kr.standing().label.lower()}: {settings.SITE_URL}{kr.get_absolute_url()}"
            for kr in owned[address]
        )


def test_a_reminder_lists_its_key_results_in_the_order_they_were_made(org):
    person = UserFactory(team=org.support)
    q1 = quarter(2027, 1)
    made = [approved(person, q1, title) for title in ("Zebra", "Apple", "Mango")]
    reminders.plan_quarter_start(FIRST_WORKING_DAY)

    reminders.deliver(reminders.due_reminder_ids())

    listed = [line for line in mail.outbox[0].body.splitlines() if line.startswith("- ")]
    assert [line.split(" (")[0] for line in listed] == [f"- {kr.title}" for kr in made]


# Claiming the batch (4, in a savepoint), the reminders with their people and actions, the
# people's notification settings, their bell notifications, the periods, which key results each
# reminder lists, those key results with their objectives, and renewing the batch's claims (4,
# in a savepoint): 14 for the batch, then one per email, marking it sent.
FIXED = 14


@pytest.mark.parametrize("owners", [2, 12])
def test_delivering_costs_one_statement_per_email_beyond_a_fixed_few(
    org, django_assert_num_queries, owners
):
    owners_with_key_results(org.support, owners)
    reminders.plan_quarter_start(FIRST_WORKING_DAY)
    due = reminders.due_reminder_ids()

    with django_assert_num_queries(FIXED + owners):
        assert reminders.deliver(due) == owners

    assert not Reminder.objects.filter(sent_at=None).exists()
