"""The feed shows progress, setbacks, learnings, decisions and finished actions from everyone."""

from decimal import Decimal

import pytest
from django.urls import reverse

from approvals.services import approve
from key_results.models import KeyResult
from objectives.models import Action
from objectives.services import change_action_status
from progress import services
from progress.models import Update
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory


def feed(client, **params):
    return client.get(reverse("progress:feed"), params).content.decode()


@pytest.fixture
def mixed(org, kr, objective):
    """One entry of every kind, from Support (member, leader) and Sales (outsider)."""
    progress = services.record_measurement(
        key_result=kr, by=org.member, value=Decimal("3.3"), text="Survey up after callbacks."
    )
    setback = services.share_update(
        objective=objective,
        by=org.member,
        kind=Update.Kind.SETBACK,
        text="The chat bot pilot did nothing.",
        learning="Customers want a person, not a bot.",
    )
    sales_objective = ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    sales_note = services.share_update(
        objective=sales_objective, by=org.outsider, text="Visited twelve shops."
    )
    pending = KeyResultFactory(
        objective=objective,
        title="First-call resolution",
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
    )
    approve(key_result=pending, by=org.leader, comment="Clear plan.")
    approval = Update.objects.get(kind=Update.Kind.APPROVAL)
    action = ActionFactory(objective=objective, owner=org.member, title="Call back complaints")
    change_action_status(action=action, by=org.member, status=Action.Status.DONE)
    action_done = action.updates.get()
    return {
        "progress": progress,
        "setback": setback,
        "sales_note": sales_note,
        "approval": approval,
        "action_done": action_done,
    }


def shown(page, entries):
    """The entries (by name) whose article is on the page."""
    return {name for name, entry in entries.items() if f'id="update-{entry.pk}"' in page}


def test_setback_is_shown_with_its_kind_and_learning(client, org, mixed):
    client.force_login(org.outsider)
    page = feed(client)
    article = page[page.index(f'id="update-{mixed["setback"].pk}"') :]
    article = article[: article.index("</article>")]
    assert '<span class="badge kind-setback">Setback</span>' in article
    assert "The chat bot pilot did nothing." in article
    assert "Customers want a person, not a bot." in article
    assert '<span class="badge kind-learning">Learning</span>' in article


def test_feed_shows_newest_entries_first(client, org, mixed):
    client.force_login(org.member)
    page = feed(client)
    assert page.index("Finished the action") < page.index("Survey up after callbacks.")


def test_approval_decision_appears_in_the_feed(client, org, objective):
    pending = KeyResultFactory(
        objective=objective,
        title="First-call resolution",
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
    )
    client.force_login(org.leader)
    client.post(
        reverse("approvals:decide", args=[pending.pk]),
        {"version": 1, "decision": "approve", "comment": "Clear plan, go."},
    )
    client.force_login(org.outsider)
    page = feed(client)
    assert "Approved the key result “First-call resolution”." in page
    assert "Clear plan, go." in page
    assert "Lars Leader" in page


def test_request_for_changes_appears_in_the_feed(client, org, objective):
    pending = KeyResultFactory(
        objective=objective,
        title="First-call resolution",
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
    )
    client.force_login(org.leader)
    client.post(
        reverse("approvals:decide", args=[pending.pk]),
        {"version": 1, "decision": "request_changes", "comment": "Who measures it?"},
    )
    page = feed(client)
    assert "Asked for changes to the key result “First-call resolution”." in page
    assert "Who measures it?" in page


def test_completed_action_appears_in_the_feed(client, org, objective):
    action = ActionFactory(objective=objective, owner=org.member, title="Call back complaints")
    client.force_login(org.member)
    client.post(reverse("objectives:action_status", args=[action.pk]), {"status": "done"})
    client.force_login(org.outsider)
    assert "Finished the action “Call back complaints”." in feed(client)


def test_filtering_by_team_shows_only_that_teams_entries(client, org, mixed):
    client.force_login(org.member)
    page = feed(client, team=org.sales.pk)
    assert shown(page, mixed) == {"sales_note"}
    page = feed(client, team=org.support.pk)
    assert shown(page, mixed) == {"progress", "setback", "approval", "action_done"}


def test_filtering_by_person_shows_only_what_they_shared(client, org, mixed):
    client.force_login(org.outsider)
    page = feed(client, person=org.leader.pk)
    assert shown(page, mixed) == {"approval"}
    assert "By Lars Leader" in page


def test_author_name_links_to_their_entries(client, org, mixed):
    client.force_login(org.outsider)
    assert f'href="/feed/?person={org.member.pk}"' in feed(client)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("progress", {"progress", "sales_note"}),
        ("setback", {"setback"}),
        ("learning", {"setback"}),
        ("approval", {"approval"}),
        ("action_done", {"action_done"}),
    ],
)
def test_filtering_by_kind_shows_only_that_kind(client, org, mixed, kind, expected):
    client.force_login(org.member)
    assert shown(feed(client, kind=kind), mixed) == expected


def test_filters_combine(client, org, mixed):
    client.force_login(org.member)
    page = feed(client, team=org.support.pk, kind="progress")
    assert shown(page, mixed) == {"progress"}


@pytest.mark.parametrize(
    "params",
    [
        {"team": "sales"},
        {"team": "999999"},
        {"person": "<script>"},
        {"person": "99999999999999999999999"},
        {"kind": "gossip"},
        {"before": "yesterday"},
        {"before": "²"},
        {"before": "99999999999999999999999"},
        {"before": "-1"},
    ],
)
def test_invalid_filter_values_do_not_break_the_feed(client, org, mixed, params):
    client.force_login(org.member)
    response = client.get(reverse("progress:feed"), params)
    assert response.status_code == 200


def test_invalid_filter_is_left_out_with_a_note(client, org, mixed):
    client.force_login(org.member)
    page = feed(client, kind="gossip")
    assert "Some filters were not valid and were left out." in page
    assert shown(page, mixed) == set(mixed)


def test_a_bad_filter_is_dropped_and_the_good_ones_still_apply(client, org, mixed):
    client.force_login(org.member)
    page = feed(client, kind="setback", team="not-a-team")
    assert "Some filters were not valid and were left out." in page
    assert shown(page, mixed) == {"setback"}


def test_empty_feed_invites_people_to_share(client, org):
    client.force_login(org.member)
    assert "Nothing shared here yet." in feed(client)


def test_person_without_entries_gets_an_empty_filtered_feed(client, org, mixed):
    client.force_login(org.member)
    quiet = UserFactory(username="quiet", team=org.support)
    page = feed(client, person=quiet.pk)
    assert shown(page, mixed) == set()
    assert "Nothing shared here yet." in page
