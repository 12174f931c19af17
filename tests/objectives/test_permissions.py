"""Who may reach each objectives view: signed out, wrong method, outsider, viewer, owner."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from objectives.models import Action, Objective
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory, UserFactory

Status = Objective.Status


@pytest.fixture
def support(org):
    """Member's draft and active objectives in Support, each with an action of theirs."""
    draft = ObjectiveFactory(owner=org.member, status=Status.DRAFT, title="Calmer inbox")
    active = ObjectiveFactory(owner=org.member, status=Status.ACTIVE, title="Happier customers")
    return SimpleNamespace(
        draft=draft,
        active=active,
        draft_action=ActionFactory(objective=draft, owner=org.member),
        active_action=ActionFactory(objective=active, owner=org.member),
        teammate=UserFactory(username="teammate", team=org.support),
    )


# (url name, a method it answers, a method it refuses)
OBJECTIVE_VIEWS = [
    ("progress:objective", "get", "post"),
    ("objectives:edit", "get", "put"),
    ("objectives:status", "post", "get"),
    ("objectives:action_create", "get", "put"),
]
ACTION_VIEWS = [
    ("objectives:action_edit", "get", "put"),
    ("objectives:action_status", "post", "get"),
]


# (url name, what it is about, a method it answers, a method it refuses)
EVERY_VIEW = [
    ("progress:my_okrs", None, "get", "post"),
    ("objectives:create", None, "get", "delete"),
    *[(name, "active", allowed, refused) for name, allowed, refused in OBJECTIVE_VIEWS],
    *[(name, "active_action", allowed, refused) for name, allowed, refused in ACTION_VIEWS],
]


def url_of(support, name, about):
    return reverse(name, args=[getattr(support, about).pk] if about else [])


@pytest.mark.parametrize(("name", "about", "allowed", "_refused"), EVERY_VIEW, ids=lambda v: v)
def test_signed_out_visitor_is_sent_to_sign_in(client, support, name, about, allowed, _refused):
    url = url_of(support, name, about)
    response = getattr(client, allowed)(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "about", "_allowed", "refused"), EVERY_VIEW, ids=lambda v: v)
def test_view_refuses_the_wrong_method(client, org, support, name, about, _allowed, refused):
    client.force_login(org.member)
    assert getattr(client, refused)(url_of(support, name, about)).status_code == 405


@pytest.mark.parametrize(
    ("which", "status"),
    # A draft stays out of sight (404); a shared objective may be read but not changed (403).
    [("draft", {"get": 404, "post": 404}), ("active", {"get": 403, "post": 403})],
)
@pytest.mark.parametrize("view", OBJECTIVE_VIEWS[1:], ids=lambda v: v[0])
def test_someone_from_another_team_changes_nothing(client, org, support, which, status, view):
    name, method, _refused = view
    objective = getattr(support, which)
    client.force_login(org.outsider)
    response = getattr(client, method)(reverse(name, args=[objective.pk]), {"status": "archived"})
    assert response.status_code == status[method]
    objective.refresh_from_db()
    assert objective.status == getattr(Status, which.upper())


@pytest.mark.parametrize(("which", "expected"), [("draft", 404), ("active", 200)])
def test_someone_from_another_team_reads_only_what_is_shared(client, org, support, which, expected):
    client.force_login(org.outsider)
    page = client.get(reverse("progress:objective", args=[getattr(support, which).pk]))
    assert page.status_code == expected


@pytest.mark.parametrize(("which", "expected"), [("draft_action", 404), ("active_action", 403)])
@pytest.mark.parametrize("view", ACTION_VIEWS, ids=lambda v: v[0])
def test_someone_from_another_team_changes_no_action(client, org, support, which, expected, view):
    name, method, _refused = view
    action = getattr(support, which)
    client.force_login(org.outsider)
    response = getattr(client, method)(reverse(name, args=[action.pk]), {"status": "done"})
    assert response.status_code == expected
    action.refresh_from_db()
    assert action.status == Action.Status.PROPOSED


def test_outsider_does_not_see_support_objectives_on_my_okrs(client, org, support):
    client.force_login(org.outsider)
    page = client.get(reverse("progress:my_okrs")).content.decode()
    assert support.active.title not in page
    assert support.draft.title not in page


@pytest.mark.parametrize("view", OBJECTIVE_VIEWS, ids=lambda v: v[0])
def test_teammate_gets_404_for_someone_elses_draft(client, support, view):
    name, method, _refused = view
    client.force_login(support.teammate)
    response = getattr(client, method)(reverse(name, args=[support.draft.pk]))
    assert response.status_code == 404


def test_teammate_reads_someone_elses_active_objective_without_edit_buttons(client, support):
    client.force_login(support.teammate)
    response = client.get(support.active.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert support.active.title in page
    assert reverse("objectives:edit", args=[support.active.pk]) not in page
    assert reverse("objectives:status", args=[support.active.pk]) not in page


def test_teammate_gets_403_editing_someone_elses_active_objective(client, support):
    url = reverse("objectives:edit", args=[support.active.pk])
    client.force_login(support.teammate)
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {
            "title": "Hijacked",
            "team": support.active.team_id,
            "period": support.active.period_id,
        },
    )
    assert response.status_code == 403
    support.active.refresh_from_db()
    assert support.active.title == "Happier customers"


def test_teammate_gets_403_changing_status_of_someone_elses_objective(client, support):
    client.force_login(support.teammate)
    response = client.post(
        reverse("objectives:status", args=[support.active.pk]), {"status": "completed"}
    )
    assert response.status_code == 403
    support.active.refresh_from_db()
    assert support.active.status == Status.ACTIVE


@pytest.mark.parametrize("view", ACTION_VIEWS, ids=lambda v: v[0])
def test_teammate_gets_403_for_someone_elses_action(client, support, view):
    name, method, _refused = view
    client.force_login(support.teammate)
    response = getattr(client, method)(
        reverse(name, args=[support.active_action.pk]), {"status": "done"}
    )
    assert response.status_code == 403
    support.active_action.refresh_from_db()
    assert support.active_action.status == Action.Status.PROPOSED


def test_teammate_proposes_an_action_for_an_active_team_objective(client, support):
    client.force_login(support.teammate)
    response = client.post(
        reverse("objectives:action_create", args=[support.active.pk]),
        {"title": "Answer within the hour"},
    )
    assert response.status_code == 302
    action = support.active.actions.get(title="Answer within the hour")
    assert action.owner == support.teammate


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.ARCHIVED])
def test_nobody_adds_actions_to_a_closed_objective(client, org, support, status):
    support.active.change_status(status)
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:action_create", args=[support.active.pk]), {"title": "Too late"}
    )
    assert response.status_code == 403
    assert not Action.objects.filter(title="Too late").exists()


@pytest.mark.parametrize("view", OBJECTIVE_VIEWS + ACTION_VIEWS, ids=lambda v: v[0])
def test_ids_that_do_not_exist_give_404_even_to_an_admin(client, org, view):
    name, method, _refused = view
    client.force_login(org.admin)
    assert getattr(client, method)(reverse(name, args=[987654])).status_code == 404


def test_unknown_period_on_my_okrs_gives_404(client, org):
    client.force_login(org.member)
    assert client.get(reverse("progress:my_okrs"), {"period": "987654"}).status_code == 404


@pytest.mark.parametrize("period", ["²", "abc", ""])
def test_odd_period_value_on_my_okrs_shows_the_current_period(client, org, period):
    client.force_login(org.member)
    response = client.get(reverse("progress:my_okrs"), {"period": period})
    assert response.status_code == 200
    assert response.context["period"].name == "2027 Q1"


def test_my_okrs_shows_my_objectives_and_my_teams(client, org, support):
    leaders_objective = ObjectiveFactory(owner=org.leader, title="Steady team")
    client.force_login(org.member)
    response = client.get(reverse("progress:my_okrs"))
    assert response.status_code == 200
    assert list(response.context["mine"]) == [support.draft, support.active]
    assert list(response.context["teams"]) == [leaders_objective]


def test_my_okrs_counts_as_mine_another_teams_objective_where_i_own_a_key_result_or_an_action(
    client, org
):
    measured_by_me = ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    KeyResultFactory(objective=measured_by_me, owner=org.member)
    done_by_me = ObjectiveFactory(owner=org.outsider, title="Faster quotes")
    ActionFactory(objective=done_by_me, owner=org.member)
    ObjectiveFactory(owner=org.outsider, title="Not mine")
    client.force_login(org.member)
    response = client.get(reverse("progress:my_okrs"))
    assert set(response.context["mine"]) == {measured_by_me, done_by_me}
    assert list(response.context["teams"]) == []


def test_leader_sees_drafts_of_their_team_on_my_okrs(client, org, support):
    client.force_login(org.leader)
    response = client.get(reverse("progress:my_okrs"))
    assert set(response.context["teams"]) == {support.active, support.draft}


def test_owner_edits_their_objective(client, org, support):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:edit", args=[support.draft.pk]),
        {"title": "Calm inbox", "team": org.support.pk, "period": support.draft.period_id},
    )
    assert response.status_code == 302
    support.draft.refresh_from_db()
    assert support.draft.title == "Calm inbox"


def test_leader_edits_an_objective_of_their_team(client, org, support):
    client.force_login(org.leader)
    response = client.post(
        reverse("objectives:edit", args=[support.draft.pk]),
        {"title": "Calm inbox", "team": org.support.pk, "period": support.draft.period_id},
    )
    assert response.status_code == 302
    support.draft.refresh_from_db()
    assert support.draft.title == "Calm inbox"


def test_owner_proposes_edits_and_starts_an_action(client, org, support):
    client.force_login(org.member)
    client.post(
        reverse("objectives:action_create", args=[support.draft.pk]),
        {"title": "Close stale tickets"},
    )
    action = support.draft.actions.get(title="Close stale tickets")
    response = client.post(
        reverse("objectives:action_edit", args=[action.pk]), {"title": "Close old tickets"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("objectives:action_status", args=[action.pk]),
        {"status": "in_progress"},
        follow=True,
    )
    action.refresh_from_db()
    assert action.title == "Close old tickets"
    assert action.status == Action.Status.IN_PROGRESS
    assert "Action is now In progress." in [str(m) for m in response.context["messages"]]


def test_marking_an_action_done_stamps_when(client, org, support):
    client.force_login(org.member)
    response = client.post(
        reverse("objectives:action_status", args=[support.active_action.pk]), {"status": "done"}
    )
    assert response.status_code == 302
    support.active_action.refresh_from_db()
    assert support.active_action.status == Action.Status.DONE
    assert support.active_action.done_at is not None


def test_reopening_a_done_action_clears_when_it_was_done(client, org, support):
    client.force_login(org.member)
    url = reverse("objectives:action_status", args=[support.active_action.pk])
    client.post(url, {"status": "done"})
    client.post(url, {"status": "in_progress"})
    support.active_action.refresh_from_db()
    assert support.active_action.status == Action.Status.IN_PROGRESS
    assert support.active_action.done_at is None
