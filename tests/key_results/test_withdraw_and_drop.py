"""Drafts are deleted by whoever may edit them, after a confirmation step; a key result sent for
approval is dropped with a reason instead, kept in the history and told in the feed. Nothing
measured is ever deleted."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from approvals.models import ApprovalEvent
from approvals.services import submit_for_approval
from key_results.models import KeyResult
from key_results.rollup import progress_of
from key_results.services import delete_key_result, drop_key_result
from objectives.models import Action, Objective
from objectives.services import delete_action, delete_objective
from progress.models import Update
from progress.services import record_measurement
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory
from tests.helpers import HTMX


@pytest.fixture
def draft_kr(objective):
    return KeyResultFactory(objective=objective, title="Calls answered within a minute")


def test_a_draft_key_result_is_deleted_after_a_confirmation_step(client, org, draft_kr):
    client.force_login(org.member)
    url = reverse("key_results:delete", args=[draft_kr.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Delete “Calls answered within a minute”?" in page.content.decode()
    assert KeyResult.objects.filter(pk=draft_kr.pk).exists()  # asking deletes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not KeyResult.objects.filter(pk=draft_kr.pk).exists()


def test_the_confirmation_comes_in_place_for_htmx_and_the_delete_redirects_it(
    client, org, draft_kr
):
    client.force_login(org.member)
    url = reverse("key_results:delete", args=[draft_kr.pk])
    detail = client.get(draft_kr.get_absolute_url()).content.decode()
    assert f'href="{url}" hx-get="{url}"' in detail
    fragment = client.get(url, headers=HTMX).content.decode()
    assert 'id="confirm"' in fragment and "<html" not in fragment
    response = client.post(url, headers=HTMX)
    assert response["HX-Redirect"].startswith(draft_kr.objective.get_absolute_url())


def test_a_leader_deletes_a_draft_of_their_team_and_an_outsider_may_not(org, draft_kr):
    with pytest.raises(PermissionDenied):
        delete_key_result(key_result=draft_kr, by=org.outsider)
    delete_key_result(key_result=draft_kr, by=org.leader)
    assert not KeyResult.objects.filter(pk=draft_kr.pk).exists()


def test_a_key_result_sent_for_approval_is_not_deleted_but_may_be_dropped(client, org, draft_kr):
    submit_for_approval(key_result=draft_kr, by=org.member)
    draft_kr.refresh_from_db()
    assert not draft_kr.can_delete(org.member) and draft_kr.can_drop(org.member)
    client.force_login(org.member)
    assert client.post(reverse("key_results:delete", args=[draft_kr.pk])).status_code == 403
    assert KeyResult.objects.filter(pk=draft_kr.pk).exists()


def test_a_measured_key_result_is_never_deleted_even_by_the_database(org, kr):
    record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey.")
    kr.refresh_from_db()
    assert not kr.can_delete(org.admin)
    with pytest.raises(ProtectedError):
        kr.delete()


def test_dropping_keeps_it_with_its_reason_in_the_history_and_the_feed(client, org, kr):
    client.force_login(org.member)
    url = reverse("key_results:drop", args=[kr.pk])
    assert "Why is it dropped?" in client.get(url).content.decode()
    response = client.post(url, {"reason": "The survey was stopped."})
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.is_dropped and kr.drop_reason == "The survey was stopped."
    event = kr.approval_events.get()
    assert (event.kind, event.comment, event.actor) == (
        ApprovalEvent.Kind.DROPPED,
        "The survey was stopped.",
        org.member,
    )
    entry = Update.objects.get(kind=Update.Kind.DROPPED)
    assert (entry.key_result, entry.text, entry.author) == (
        kr,
        "The survey was stopped.",
        org.member,
    )
    feed = client.get(reverse("progress:feed"), {"kind": "dropped"}).content.decode()
    assert "Dropped the key result “Customer satisfaction”" in feed
    assert "The survey was stopped." in feed
    again = client.post(url, {"reason": "The survey was stopped."}, follow=True)
    assert "It was dropped already." in again.content.decode()
    assert kr.approval_events.count() == 1
    page = client.get(kr.get_absolute_url()).content.decode()
    assert 'class="kr-title dropped"' in page and "The survey was stopped." in page
    dropped_step = page[page.index('class="event-dropped"') :]
    assert "by Mette Member" in dropped_step
    assert "to Lars Leader" not in dropped_step[: dropped_step.index("</li>")]
    assert reverse("key_results:edit", args=[kr.pk]) not in page  # dropped is final


def test_a_reason_is_required_and_nothing_is_saved_without_one(client, org, kr):
    client.force_login(org.member)
    response = client.post(reverse("key_results:drop", args=[kr.pk]), {"reason": "   "})
    assert response.status_code == 200
    assert "Say why it is dropped" in response.content.decode()
    kr.refresh_from_db()
    assert kr.is_approved and not kr.approval_events.exists()
    assert not Update.objects.exists()
    with pytest.raises(ValidationError):
        drop_key_result(key_result=kr, by=org.member, reason="")


def test_a_dropped_key_result_no_longer_counts_in_its_objectives_progress(org, objective, kr):
    other = KeyResultFactory(objective=objective, approval_state="approved")
    record_measurement(key_result=kr, by=org.member, value=Decimal("3.5"), text="Done.")
    readable = Objective.objects.visible_to(org.member)
    assert progress_of(objective, readable=readable) == Decimal("50.0")
    drop_key_result(key_result=other, by=org.member, reason="Measured the wrong thing.")
    assert progress_of(objective, readable=readable) == Decimal("100.0")


def test_a_pending_key_result_dropped_leaves_the_leaders_inbox(org, waiting):
    assert list(KeyResult.objects.awaiting_decision_by(org.leader)) == [waiting]
    drop_key_result(key_result=waiting, by=org.member, reason="Merged into another one.")
    assert not KeyResult.objects.awaiting_decision_by(org.leader).exists()


def test_only_its_editors_drop_it_and_a_dropped_one_is_not_dropped_again(org, kr):
    with pytest.raises(PermissionDenied):
        drop_key_result(key_result=kr, by=org.outsider, reason="Not mine.")
    drop_key_result(key_result=kr, by=org.leader, reason="No longer makes sense.")
    with pytest.raises(PermissionDenied):
        drop_key_result(key_result=kr, by=org.leader, reason="Again.")
    assert ApprovalEvent.objects.count() == 1


def test_a_draft_key_result_is_deleted_not_dropped(org, draft_kr):
    assert not draft_kr.can_drop(org.member)
    with pytest.raises(PermissionDenied):
        drop_key_result(key_result=draft_kr, by=org.member, reason="Test key result.")


def test_a_draft_objective_is_deleted_with_its_actions_and_draft_key_results(client, org):
    draft = ObjectiveFactory(owner=org.member, status=Objective.Status.DRAFT)
    action = ActionFactory(objective=draft)
    key_result = KeyResultFactory(objective=draft)
    client.force_login(org.member)
    url = reverse("objectives:delete", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "Its action is deleted with it." in page and "Its key result is deleted with it." in page
    assert client.post(url)["Location"] == reverse("progress:my_okrs")
    assert not Objective.objects.filter(pk=draft.pk).exists()
    assert not Action.objects.filter(pk=action.pk).exists()
    assert not KeyResult.objects.filter(pk=key_result.pk).exists()


def test_only_its_editors_delete_a_draft_objective(org):
    draft = ObjectiveFactory(owner=org.member, status=Objective.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        delete_objective(objective=draft, by=org.outsider)
    with pytest.raises(PermissionDenied):
        delete_action(action=ActionFactory(objective=draft), by=org.outsider)
    delete_objective(objective=draft, by=org.leader)
    assert not Objective.objects.filter(pk=draft.pk).exists()


def test_a_shared_objective_is_not_deleted(client, org, objective):
    client.force_login(org.member)
    assert client.post(reverse("objectives:delete", args=[objective.pk])).status_code == 403
    assert Objective.objects.filter(pk=objective.pk).exists()


def test_a_draft_objective_with_history_stays_and_says_why(client, org, objective, kr):
    record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey.")
    Objective.objects.filter(pk=objective.pk).update(status=Objective.Status.DRAFT)
    client.force_login(org.member)
    response = client.post(reverse("objectives:delete", args=[objective.pk]), follow=True)
    assert "It has a history" in response.content.decode()
    assert Objective.objects.filter(pk=objective.pk).exists()
    assert KeyResult.objects.filter(pk=kr.pk).exists()


def test_a_proposed_action_is_deleted_and_one_under_way_is_not(client, org, objective):
    proposed = ActionFactory(objective=objective, title="Try a new survey")
    under_way = ActionFactory(objective=objective, status=Action.Status.IN_PROGRESS)
    measuring = KeyResultFactory(objective=objective, action=proposed)
    client.force_login(org.member)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert reverse("objectives:action_delete", args=[proposed.pk]) in page
    assert reverse("objectives:action_delete", args=[under_way.pk]) not in page
    url = reverse("objectives:action_delete", args=[proposed.pk])
    assert "Key results that measure it stay" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Action.objects.filter(pk=proposed.pk).exists()
    measuring.refresh_from_db()
    assert measuring.action is None
    assert client.post(reverse("objectives:action_delete", args=[under_way.pk])).status_code == 403
    assert Action.objects.filter(pk=under_way.pk).exists()


def test_my_okrs_shows_a_dropped_key_result_struck_through_with_its_reason(client, org, kr):
    drop_key_result(key_result=kr, by=org.member, reason="The survey was stopped.")
    client.force_login(org.member)
    page = client.get(reverse("progress:my_okrs")).content.decode()
    assert 'class="kr-title dropped"' in page and "The survey was stopped." in page
