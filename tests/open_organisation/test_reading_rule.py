"""Everything shared is open to everyone signed in; a draft stays with its owner, the leaders
of its team and the teams above, and superusers."""

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Action, Objective
from progress import services
from progress.models import Update
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory

Status = Objective.Status
# Who reads Member's draft in Support (Company > Support, Company > Sales).
DRAFT_READERS = {
    "member": True,  # its owner
    "leader": True,  # leads Support
    "boss": True,  # leads Company, above Support
    "admin": True,  # a superuser
    "teammate": False,
    "outsider": False,
    "sales_lead": False,
    "staff": False,  # may use the admin, but has no powers in the app beyond their place
}


@pytest.fixture
def people(org):
    return {
        "member": org.member,
        "leader": org.leader,
        "boss": org.boss,
        "admin": org.admin,
        "teammate": UserFactory(team=org.support),
        "outsider": org.outsider,
        "sales_lead": org.sales_lead,
        "staff": UserFactory(team=org.sales, is_staff=True),
    }


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("who", list(DRAFT_READERS))
def test_the_rule_in_the_database_and_in_python_agree(org, people, who, status):
    objective = ObjectiveFactory(owner=org.member, status=status)
    person = people[who]
    expected = DRAFT_READERS[who] if status == Status.DRAFT else True
    assert Objective.objects.visible_to(person).filter(pk=objective.pk).exists() is expected
    assert objective.is_readable_by(person) is expected
    assert Objective.objects.hidden_from(person).filter(pk=objective.pk).exists() is not expected


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("who", list(DRAFT_READERS))
def test_the_key_result_rule_in_the_database_and_in_python_agree(org, people, who, status):
    # Member's objective; the key result is the teammate's, waiting for the Sales leader.
    objective = ObjectiveFactory(owner=org.member, status=status)
    key_result = KeyResultFactory(
        objective=objective, owner=people["teammate"], approver=people["sales_lead"]
    )
    person = people[who]
    expected = status != Status.DRAFT or DRAFT_READERS[who] or who in ("teammate", "sales_lead")
    assert KeyResult.objects.visible_to(person).filter(pk=key_result.pk).exists() is expected
    assert key_result.is_readable_by(person) is expected


@pytest.mark.parametrize("who", list(DRAFT_READERS))
def test_everything_of_a_draft_follows_its_objective(client, org, people, who):
    draft = ObjectiveFactory(owner=org.member, status=Status.DRAFT, title="Calmer inbox")
    key_result = KeyResultFactory(objective=draft, title="Hidden key result")
    action = ActionFactory(objective=draft, owner=org.member, title="Hidden action")
    person = people[who]
    readable = DRAFT_READERS[who]
    assert KeyResult.objects.visible_to(person).filter(pk=key_result.pk).exists() is readable
    assert Action.objects.visible_to(person).filter(pk=action.pk).exists() is readable
    client.force_login(person)
    assert client.get(draft.get_absolute_url()).status_code == (200 if readable else 404)
    assert client.get(key_result.get_absolute_url()).status_code == (200 if readable else 404)


def test_staff_who_are_not_superusers_decide_nothing_outside_their_place(client, org):
    staff = UserFactory(team=org.sales, is_staff=True)
    waiting = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member),
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
    )
    orphan = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.boss),
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=None,
    )
    client.force_login(staff)
    assert (
        client.post(
            reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
        ).status_code
        == 403
    )
    assert orphan.title not in client.get(reverse("approvals:inbox")).content.decode()
    waiting.refresh_from_db()
    assert waiting.is_pending


def test_an_objective_back_in_draft_takes_its_feed_entries_out_of_sight_until_shared_again(
    client, org, objective, kr
):
    services.share_update(objective=objective, by=org.member, text="Callbacks within the hour.")
    client.force_login(org.outsider)
    assert "Callbacks within the hour." in client.get(reverse("progress:feed")).content.decode()

    objective.change_status(Status.DRAFT)
    assert "Callbacks within the hour." not in client.get(reverse("progress:feed")).content.decode()
    assert Update.objects.filter(objective=objective).exists()  # hidden, not deleted
    client.force_login(org.leader)
    assert "Callbacks within the hour." in client.get(reverse("progress:feed")).content.decode()

    objective.change_status(Status.ACTIVE)
    client.force_login(org.outsider)
    assert "Callbacks within the hour." in client.get(reverse("progress:feed")).content.decode()


@pytest.mark.parametrize("view", ["progress:react", "progress:comment"])
def test_nobody_reacts_or_comments_on_an_entry_they_may_not_read(client, org, objective, view):
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    objective.change_status(Status.DRAFT)
    client.force_login(org.outsider)
    response = client.post(reverse(view, args=[entry.pk]), {"emoji": "👍", "text": "Nice"})
    assert response.status_code == 404
    assert not entry.reactions.exists()
    assert not entry.comments.exists()


def test_a_draft_parents_title_does_not_show_on_its_childs_page(client, org):
    secret = ObjectiveFactory(owner=org.boss, status=Status.DRAFT, title="Secret reorganisation")
    child = ObjectiveFactory(owner=org.member, parent=secret, title="Faster answers")
    client.force_login(org.outsider)
    page = client.get(child.get_absolute_url()).content.decode()
    assert "Faster answers" in page
    assert "Secret reorganisation" not in page
    client.force_login(org.boss)
    assert "Secret reorganisation" in client.get(child.get_absolute_url()).content.decode()
