"""Who may reach each key result view: signed out, wrong method, outsider, viewer, owner."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Objective
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory
from tests.helpers import HTMX, key_result_data

State = KeyResult.ApprovalState

# (url name, whether its pk is the objective's, a method it answers, a method it refuses)
VIEWS = [
    ("key_results:create", True, "get", "put"),
    ("progress:key_result", False, "get", "post"),
    ("key_results:edit", False, "get", "put"),
    ("approvals:submit", False, "post", "get"),
]


@pytest.fixture
def support(org):
    """Member's draft and active Support objectives, each with a key result of theirs."""
    draft = ObjectiveFactory(owner=org.member, status=Objective.Status.DRAFT)
    active = ObjectiveFactory(owner=org.member, status=Objective.Status.ACTIVE)
    return SimpleNamespace(
        draft=draft,
        active=active,
        draft_kr=KeyResultFactory(objective=draft),
        active_kr=KeyResultFactory(objective=active),
        teammate=UserFactory(username="teammate", team=org.support),
    )


def url_for(view, objective, key_result):
    name, by_objective, _answers, _refuses = view
    return reverse(name, args=[objective.pk if by_objective else key_result.pk])


def kr_data(objective, **overrides):
    return key_result_data(deadline=objective.period.end.isoformat(), **overrides)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_signed_out_visitor_is_sent_to_sign_in(client, support, view):
    url = url_for(view, support.active, support.active_kr)
    response = getattr(client, view[2])(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_wrong_method_gets_405(client, org, support, view):
    client.force_login(org.member)
    response = getattr(client, view[3])(url_for(view, support.active, support.active_kr))
    assert response.status_code == 405


# A draft stays out of sight (404); a shared objective's key results may be read, not changed.
OUTSIDER_SEES = {
    "draft": dict.fromkeys((v[0] for v in VIEWS), 404),
    "active": {name: 200 if name == "progress:key_result" else 403 for name, *_ in VIEWS},
}


@pytest.mark.parametrize("which", ["draft", "active"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_someone_from_another_team_changes_no_key_result(client, org, support, which, view):
    objective, key_result = getattr(support, which), getattr(support, f"{which}_kr")
    client.force_login(org.outsider)
    response = getattr(client, view[2])(
        url_for(view, objective, key_result), kr_data(objective, title="Sneaky")
    )
    assert response.status_code == OUTSIDER_SEES[which][view[0]]
    key_result.refresh_from_db()
    assert key_result.title == "Customer satisfaction"
    assert key_result.approval_state == State.DRAFT
    assert not KeyResult.objects.filter(title="Sneaky").exists()


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_teammate_gets_404_for_key_results_of_someone_elses_draft(client, support, view):
    client.force_login(support.teammate)
    response = getattr(client, view[2])(url_for(view, support.draft, support.draft_kr))
    assert response.status_code == 404


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_ids_that_do_not_exist_give_404_even_to_an_admin(client, org, view):
    client.force_login(org.admin)
    response = getattr(client, view[2])(reverse(view[0], args=[987654]))
    assert response.status_code == 404


def test_teammate_reads_a_key_result_of_an_active_team_objective(client, support):
    client.force_login(support.teammate)
    response = client.get(support.active_kr.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Customer satisfaction" in page
    assert reverse("key_results:edit", args=[support.active_kr.pk]) not in page
    assert reverse("approvals:submit", args=[support.active_kr.pk]) not in page


def test_teammate_gets_403_editing_someone_elses_key_result(client, support):
    url = reverse("key_results:edit", args=[support.active_kr.pk])
    client.force_login(support.teammate)
    assert client.get(url).status_code == 403
    response = client.post(url, kr_data(support.active, title="Hijacked"))
    assert response.status_code == 403
    support.active_kr.refresh_from_db()
    assert support.active_kr.title == "Customer satisfaction"


def test_teammate_gets_403_sending_someone_elses_key_result_for_approval(client, support):
    client.force_login(support.teammate)
    response = client.post(reverse("approvals:submit", args=[support.active_kr.pk]))
    assert response.status_code == 403
    support.active_kr.refresh_from_db()
    assert support.active_kr.approval_state == State.DRAFT


def test_teammate_drafts_a_key_result_for_an_active_team_objective(client, support):
    client.force_login(support.teammate)
    response = client.post(
        reverse("key_results:create", args=[support.active.pk]), kr_data(support.active)
    )
    assert response.status_code == 302
    assert support.active.key_results.get(owner=support.teammate).target == Decimal("3.5")


def test_nobody_adds_key_results_to_a_completed_objective(client, org, support):
    support.active.change_status(Objective.Status.COMPLETED)
    client.force_login(org.member)
    url = reverse("key_results:create", args=[support.active.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, kr_data(support.active)).status_code == 403
    assert support.active.key_results.count() == 1


def test_owner_edits_their_key_result(client, org, support):
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:edit", args=[support.active_kr.pk]),
        kr_data(support.active, title="Happy customers", target="4"),
    )
    assert response.status_code == 302
    support.active_kr.refresh_from_db()
    assert support.active_kr.title == "Happy customers"
    assert support.active_kr.target == 4


def test_leader_edits_a_key_result_in_their_team(client, org, support):
    client.force_login(org.leader)
    response = client.post(
        reverse("key_results:edit", args=[support.draft_kr.pk]),
        kr_data(support.draft, title="Happy customers"),
    )
    assert response.status_code == 302
    support.draft_kr.refresh_from_db()
    assert support.draft_kr.title == "Happy customers"


def test_leader_of_a_parent_team_reads_a_draft_key_result_below(client, org, support):
    client.force_login(org.boss)
    assert client.get(support.draft_kr.get_absolute_url()).status_code == 200


def test_invalid_htmx_key_result_returns_the_form_fragment(client, org, support):
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:create", args=[support.active.pk]),
        kr_data(support.active, target="lots"),
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "Write a number like 3.5 or 1,500.5." in page


def test_valid_htmx_key_result_tells_htmx_where_to_go(client, org, support):
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:create", args=[support.active.pk]),
        kr_data(support.active, title="Faster answers"),
        headers=HTMX,
    )
    key_result = KeyResult.objects.get(title="Faster answers")
    assert response["HX-Redirect"] == key_result.get_absolute_url()


@pytest.mark.parametrize("action", ["²", "987654", "abc"])
def test_odd_action_in_the_address_still_shows_the_form(client, org, support, action):
    client.force_login(org.member)
    response = client.get(
        reverse("key_results:create", args=[support.active.pk]), {"action": action}
    )
    assert response.status_code == 200


def test_action_of_a_hidden_objective_in_the_address_reveals_nothing(client, org, support):
    secret = ActionFactory(
        objective=ObjectiveFactory(owner=org.outsider), title="Poach Support's best customers"
    )
    client.force_login(org.member)
    response = client.get(
        reverse("key_results:create", args=[support.active.pk]), {"action": secret.pk}
    )
    assert response.status_code == 200
    assert "Poach" not in response.content.decode()
