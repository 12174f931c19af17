"""Nothing of a draft reaches anyone who may not read it: no page, fragment, feed entry, search
result or email shows a word of it (its title, key results, actions, notes, decisions)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from approvals import services as approvals
from key_results.models import KeyResult
from objectives.models import Action, Objective
from objectives.services import change_action_status
from progress import reminders, services
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import HTMX

# A word nothing else in the product contains: the "ø" keeps it out of random tokens too (a
# CSRF token is 64 letters and digits, and once in a long run one held "Zqvx").
MARK = "Zqvxø"


@pytest.fixture
def draft(org):
    """Member's objective with a word of everything, shared for a while, then back to draft."""
    objective = ObjectiveFactory(
        owner=org.member, title=f"{MARK} objective", description=f"{MARK} description"
    )
    action = ActionFactory(objective=objective, owner=org.member, title=f"{MARK} action")
    measured = KeyResultFactory(
        objective=objective,
        title=f"{MARK} key result",
        measurement_plan=f"{MARK} plan",
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
        action=action,
    )
    waiting = KeyResultFactory(
        objective=objective,
        title=f"{MARK} waiting",
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
    )
    note = services.share_update(
        objective=objective, by=org.member, text=f"{MARK} note", learning=f"{MARK} learning"
    )
    services.add_comment(update=note, by=org.leader, text=f"{MARK} comment")
    services.record_measurement(
        key_result=measured, by=org.member, value=Decimal("3.3"), text=f"{MARK} measured"
    )
    objective.change_status(Objective.Status.DRAFT)
    # Things that happen while it is a draft are not published either.
    approvals.approve(key_result=waiting, by=org.leader, comment=f"{MARK} decision")
    change_action_status(action=action, by=org.member, status=Action.Status.DONE)
    return {"objective": objective, "action": action, "measured": measured, "note": note}


def pages(org, draft):
    objective, measured = draft["objective"], draft["measured"]
    return [
        reverse("progress:my_okrs"),
        reverse("progress:feed"),
        f"{reverse('progress:feed')}?team={org.support.pk}",
        f"{reverse('progress:feed')}?person={org.member.pk}",
        f"{reverse('progress:feed')}?kind=learning",
        f"{reverse('progress:feed')}?kind=approval",
        f"{reverse('progress:feed')}?kind=action_done",
        reverse("progress:tree"),
        reverse("progress:team", args=[org.support.pk]),
        reverse("progress:overview"),
        # Words of the draft other than the marker itself (the search box shows what was typed).
        f"{reverse('progress:search')}?q=objective",
        f"{reverse('progress:search')}?q=waiting",
        reverse("approvals:inbox"),
        reverse("progress:me"),
        reverse("organisation:teams"),
        objective.get_absolute_url(),
        measured.get_absolute_url(),
        reverse("progress:record", args=[measured.pk]),
        reverse("progress:share", args=[objective.pk]),
        reverse("progress:action_effect", args=[draft["action"].pk]),
        reverse("objectives:edit", args=[objective.pk]),
        reverse("key_results:edit", args=[measured.pk]),
        reverse("objectives:create"),
    ]


@pytest.mark.parametrize("who", ["teammate", "outsider", "sales_lead", "staff"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_no_page_or_fragment_shows_a_word_of_a_draft(client, org, draft, who, htmx):
    person = {
        "teammate": UserFactory(team=org.support),
        "outsider": org.outsider,
        "sales_lead": org.sales_lead,
        "staff": UserFactory(team=org.sales, is_staff=True),
    }[who]
    client.force_login(person)
    headers = HTMX if htmx else {}
    polled = client.get(reverse("progress:feed"), {"after": 0}, headers=HTMX)
    assert MARK not in polled.content.decode()
    for url in pages(org, draft):
        assert MARK not in client.get(url, headers=headers).content.decode(), url


def test_the_drafts_readers_still_see_all_of_it(client, org, draft):
    for reader in (org.member, org.leader, org.boss):
        client.force_login(reader)
        assert f"{MARK} note" in client.get(reverse("progress:feed")).content.decode()
        assert (
            f"{MARK} objective"
            in client.get(draft["objective"].get_absolute_url()).content.decode()
        )


def test_no_email_speaks_of_a_draft(org, draft, time_machine):
    """The reminders the member gets list what is shared, never the draft."""
    shared = ObjectiveFactory(owner=org.member, title="Happier customers")
    KeyResultFactory(
        objective=shared,
        title="Customer satisfaction",
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )
    callback = ActionFactory(objective=shared, owner=org.member, title="Call back")
    change_action_status(action=callback, by=org.member, status=Action.Status.DONE)
    two_weeks_later = datetime.date(2027, 3, 1)
    time_machine.move_to(datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC), tick=False)
    reminders.plan_after_effort(two_weeks_later)
    time_machine.move_to(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC), tick=False)
    reminders.plan_quarter_start(datetime.date(2027, 4, 1))
    reminders.deliver(reminders.due_reminder_ids())
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "Customer satisfaction" in message.body
        assert MARK not in message.subject + message.body
