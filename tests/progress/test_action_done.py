"""Marking an action done asks what it did, and tells the feed once."""

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Action
from progress.models import Update
from tests.factories import ActionFactory, KeyResultFactory, UserFactory


@pytest.fixture
def action(org, objective):
    return ActionFactory(objective=objective, owner=org.member, title="Call back complaints")


def set_status(client, action, status):
    return client.post(reverse("objectives:action_status", args=[action.pk]), {"status": status})


def effect_url(action):
    return reverse("progress:action_effect", args=[action.pk])


def done_entries():
    return Update.objects.filter(kind=Update.Kind.ACTION_DONE)


def test_marking_an_action_done_asks_what_it_did(client, org, action):
    client.force_login(org.member)
    response = set_status(client, action, "done")
    assert response.status_code == 302
    assert response["Location"] == effect_url(action)
    page = client.get(response["Location"]).content.decode()
    assert "“Call back complaints” is done. What did it do?" in page
    assert "Action is now Done." in page


def test_effect_page_lists_the_key_results_the_action_should_move(client, org, action, kr):
    own = KeyResultFactory(
        objective=action.objective,
        action=action,
        title="Complaints resolved within a day",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    client.force_login(org.member)
    page = client.get(set_status(client, action, "done")["Location"]).content.decode()
    assert "Complaints resolved within a day" in page
    assert reverse("progress:record", args=[own.pk]) in page
    assert kr.title not in page


def test_effect_page_lists_all_key_results_of_the_objective_when_none_is_tied(
    client, org, action, kr, count_kr
):
    client.force_login(org.member)
    page = client.get(effect_url(action)).content.decode()
    assert "Customer satisfaction" in page
    assert "Unsolicited positive comments" in page
    assert reverse("progress:record", args=[kr.pk]) in page
    assert "Log an event" in page


def test_effect_page_offers_recording_only_on_approved_key_results(client, org, action):
    draft = KeyResultFactory(objective=action.objective, action=action, title="Draft measure")
    client.force_login(org.member)
    page = client.get(effect_url(action)).content.decode()
    assert "Draft measure" in page
    assert reverse("progress:record", args=[draft.pk]) not in page


def test_effect_page_without_key_results_suggests_adding_one(client, org, action):
    client.force_login(org.member)
    page = client.get(effect_url(action)).content.decode()
    assert "This objective has no key results yet" in page


def test_effect_page_offers_a_note_about_the_action(client, org, action):
    client.force_login(org.member)
    page = client.get(effect_url(action)).content.decode()
    assert f'action="{reverse("progress:share", args=[action.objective.pk])}"' in page
    assert f'<option value="{action.pk}" selected>' in page


def test_completed_action_enters_the_feed(client, org, action):
    client.force_login(org.member)
    set_status(client, action, "done")
    entry = done_entries().get()
    assert (entry.author, entry.action) == (org.member, action)
    assert (
        "Finished the action “Call back complaints”."
        in client.get(reverse("progress:feed")).content.decode()
    )


def test_marking_done_twice_enters_the_feed_once(client, org, action):
    client.force_login(org.member)
    set_status(client, action, "done")
    response = set_status(client, action, "done")
    assert response["Location"] == action.objective.get_absolute_url()
    assert done_entries().count() == 1


def test_reopening_and_finishing_again_enters_the_feed_once(client, org, action):
    client.force_login(org.member)
    set_status(client, action, "done")
    set_status(client, action, "in_progress")
    set_status(client, action, "done")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert done_entries().count() == 1


@pytest.mark.parametrize("status", ["in_progress", "dropped"])
def test_other_statuses_do_not_enter_the_feed(client, org, action, status):
    client.force_login(org.member)
    response = set_status(client, action, status)
    assert response["Location"] == action.objective.get_absolute_url()
    assert not done_entries().exists()


def test_teammate_who_cannot_edit_the_action_gets_403(client, org, action):
    teammate = UserFactory(username="teammate", team=org.support)
    client.force_login(teammate)
    assert set_status(client, action, "done").status_code == 403
    assert client.get(effect_url(action)).status_code == 403
    assert not done_entries().exists()


def test_someone_from_another_team_reads_but_does_not_finish_the_action(client, org, action):
    client.force_login(org.outsider)
    assert set_status(client, action, "done").status_code == 403
    assert client.get(effect_url(action)).status_code == 403
    assert not done_entries().exists()


def test_leader_marking_done_is_the_author_in_the_feed(client, org, action):
    client.force_login(org.leader)
    assert set_status(client, action, "done")["Location"] == effect_url(action)
    assert done_entries().get().author == org.leader
