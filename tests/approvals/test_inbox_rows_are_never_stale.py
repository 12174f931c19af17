"""Rows of the approvals inbox come from the cache, yet always show the key result as it is now.

Each test reads the inbox once (so the row is cached), changes one thing the row shows, and
reads it again."""

from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Objective
from organisation.models import Team, User
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory


def inbox(client):
    return client.get(reverse("approvals:inbox")).content.decode()


def row(page, key_result):
    start = page.index(f'id="decision-{key_result.pk}"')
    return page[start : page.index("</form>", start)]


@pytest.fixture
def waiting(org):
    objective = ObjectiveFactory(owner=org.member, title="Happier customers")
    return KeyResultFactory(
        objective=objective,
        owner=org.member,
        action=ActionFactory(objective=objective, title="Call ten customers"),
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
        title="Customer satisfaction",
    )


@pytest.fixture
def reader(client, org, waiting):
    """The leader, who has read the inbox once: the row is in the cache."""
    client.force_login(org.leader)
    assert "Customer satisfaction" in row(inbox(client), waiting)
    return client


def test_an_edited_title_and_numbers_show_at_once(reader, waiting):
    KeyResult.objects.filter(pk=waiting.pk).update(title="Calls answered", target=Decimal("4.2"))
    html = row(inbox(reader), waiting)
    assert "Calls answered" in html
    assert "4.2" in html


def test_a_new_version_is_what_the_form_decides_on(reader, waiting):
    KeyResult.objects.filter(pk=waiting.pk).update(version=7)
    assert 'name="version" value="7"' in row(inbox(reader), waiting)


def test_a_renamed_objective_shows_at_once(reader, waiting):
    Objective.objects.filter(pk=waiting.objective_id).update(title="Delighted customers")
    assert "Delighted customers" in row(inbox(reader), waiting)


def test_a_renamed_team_shows_at_once(reader, org, waiting):
    Team.objects.filter(pk=org.support.pk).update(name="Customer care")
    assert "Customer care" in row(inbox(reader), waiting)


def test_a_renamed_owner_shows_at_once(reader, org, waiting):
    User.objects.filter(pk=org.member.pk).update(last_name="Madsen")
    assert "Mette Madsen" in row(inbox(reader), waiting)


def test_a_renamed_action_shows_at_once(reader, waiting):
    waiting.action.title = "Call twenty customers"
    waiting.action.save()
    assert "Call twenty customers" in row(inbox(reader), waiting)


def test_another_language_draws_its_own_row(reader, waiting):
    reader.cookies["django_language"] = "da"
    assert "Godkend" in row(inbox(reader), waiting)


def test_each_reading_gets_fresh_tokens(reader, waiting):
    first, second = row(inbox(reader), waiting), row(inbox(reader), waiting)
    assert "csrf-token-drawn-per-request" not in first
    assert 'name="csrfmiddlewaretoken"' in first
    assert first.count("csrfmiddlewaretoken") == second.count("csrfmiddlewaretoken") == 1
