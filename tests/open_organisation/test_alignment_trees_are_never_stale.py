"""The organisation's alignment tree and a team's come from the cache, yet always show the
objectives as they are now, to each reader as they may read them.

Each test reads a tree once (so it is cached), changes one thing it shows or one thing the reader
may see, and reads it again."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from objectives.models import Objective
from progress import services
from progress.models import Update
from tests.factories import KeyResultFactory, ObjectiveFactory

TREES = ["organisation", "team"]


def tree(client, org, which: str) -> str:
    """The organisation's tree, or the Support team's page, as `client` reads it."""
    url = (
        reverse("progress:tree")
        if which == "organisation"
        else (reverse("progress:team", args=[org.support.pk]))
    )
    return client.get(url).content.decode()


@pytest.fixture
def goal(org):
    """Support's objective, with a measured key result."""
    objective = ObjectiveFactory(owner=org.member, title="Happier customers")
    KeyResultFactory(
        objective=objective,
        owner=org.member,
        title="Answers within a day",
        baseline=0,
        target=100,
        current_value=20,
        approval_state="approved",
    )
    return objective


@pytest.fixture
def reader(client, org, goal):
    """Someone of another team, who has read both trees once: they are in the cache."""
    client.force_login(org.outsider)
    for which in TREES:
        assert "Happier customers" in tree(client, org, which)
    return client


@pytest.mark.parametrize("which", TREES)
def test_an_edited_title_shows_at_once(reader, org, goal, which):
    goal.title = "Delighted customers"
    goal.save()
    page = tree(reader, org, which)
    assert "Delighted customers" in page
    assert "Happier customers" not in page


@pytest.mark.parametrize("which", TREES)
def test_a_new_measurement_shows_its_numbers_and_progress_at_once(reader, org, goal, which):
    key_result = goal.key_results.get()
    assert 'value="20.0"' in tree(reader, org, which)
    services.record_measurement(key_result=key_result, by=org.member, value=Decimal(70), text="Up")
    page = tree(reader, org, which)
    assert 'value="70.0"' in page
    assert 'value="20.0"' not in page


@pytest.mark.parametrize("which", TREES)
def test_a_renamed_owner_and_team_show_at_once(reader, org, which):
    org.member.first_name = "Mia"
    org.member.save()
    org.support.name = "Customer care"
    org.support.save()
    page = tree(reader, org, which)
    assert "Mia Member" in page
    assert "Customer care" in page


def test_an_objective_moved_to_another_team_leaves_the_teams_tree(reader, org, goal):
    goal.team = org.sales
    goal.save()
    assert "Happier customers" not in tree(reader, org, "team")


@pytest.mark.parametrize("which", TREES)
def test_an_objective_back_to_draft_leaves_the_tree_of_those_who_may_not_read_it(
    client, reader, org, goal, which
):
    goal.change_status(Objective.Status.DRAFT)
    assert "Happier customers" not in tree(reader, org, which)
    client.force_login(org.leader)  # Support's leader reads the draft
    assert "Happier customers" in tree(client, org, which)
    client.force_login(org.outsider)
    assert "Happier customers" not in tree(client, org, which)


@pytest.mark.parametrize("which", TREES)
def test_a_draft_its_owner_read_first_is_never_shown_to_others(client, org, goal, which):
    ObjectiveFactory(owner=org.member, status=Objective.Status.DRAFT, title="Secret plan")
    client.force_login(org.member)
    assert "Secret plan" in tree(client, org, which)
    client.force_login(org.outsider)
    assert "Secret plan" not in tree(client, org, which)
    client.force_login(org.admin)
    assert "Secret plan" in tree(client, org, which)


@pytest.mark.parametrize("which", TREES)
def test_the_tree_follows_the_readers_language(reader, org, which):
    assert "deadline" in tree(reader, org, which)
    reader.cookies["django_language"] = "da"
    assert "frist" in tree(reader, org, which)


@pytest.fixture
def leader(client, org, goal):
    """Support's leader, who has read their overview once: it is in the cache."""
    client.force_login(org.leader)
    assert "Happier customers" in client.get(reverse("progress:overview")).content.decode()
    return client


def test_the_leaders_overview_shows_an_edited_title_at_once(leader, goal):
    goal.title = "Delighted customers"
    goal.save()
    assert "Delighted customers" in leader.get(reverse("progress:overview")).content.decode()


def test_the_leaders_overview_shows_a_new_setback_at_once(leader, org, goal):
    assert "Setbacks this period" not in leader.get(reverse("progress:overview")).content.decode()
    # A setback entry alone, as an import or the admin could add it: no key result changes.
    Update.objects.create(
        objective=goal,
        team=goal.team,
        author=org.member,
        kind=Update.Kind.SETBACK,
        key_result=goal.key_results.get(),
        happened_on=timezone.localdate(),
        text="Slower",
    )
    assert "Setbacks this period" in leader.get(reverse("progress:overview")).content.decode()


def test_the_leaders_overview_follows_their_language(leader):
    assert "Quarter review" in leader.get(reverse("progress:overview")).content.decode()
    leader.cookies["django_language"] = "da"
    assert "Quarter review" not in leader.get(reverse("progress:overview")).content.decode()
