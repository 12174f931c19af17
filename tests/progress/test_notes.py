"""Notes without a value ("we tried X; it did nothing") on an objective or one of its actions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from objectives.models import Objective
from progress import services
from progress.models import Update
from tests.factories import ActionFactory, ObjectiveFactory, UserFactory
from tests.helpers import note_data


def note(**overrides):
    setback = {
        "kind": "setback",
        "text": "We tried a chat bot; it did nothing.",
        "learning": "Customers want a person.",
    }
    return note_data(**{**setback, **overrides})


def share_url(objective):
    return reverse("progress:share", args=[objective.pk])


def test_note_on_an_objective_appears_in_the_feed(client, org, objective):
    client.force_login(org.member)
    response = client.post(share_url(objective), note())
    assert response.status_code == 302
    assert response["Location"] == objective.get_absolute_url()
    update = Update.objects.get()
    assert update.value_after is None
    assert update.key_result is None
    client.force_login(org.outsider)
    page = client.get(reverse("progress:feed")).content.decode()
    assert "We tried a chat bot; it did nothing." in page
    assert "Customers want a person." in page
    assert '<span class="badge kind-setback">Setback</span>' in page
    assert 'class="kr-line"' not in page


def test_note_on_an_action_names_the_action_in_the_feed(client, org, objective):
    action = ActionFactory(objective=objective, owner=org.member, title="Chat bot pilot")
    client.force_login(org.member)
    client.post(share_url(objective), note(action=action.pk))
    assert Update.objects.get().action == action
    page = client.get(reverse("progress:feed")).content.decode()
    assert "› Chat bot pilot" in page


def test_note_appears_on_the_objective_page(client, org, objective):
    client.force_login(org.member)
    client.post(share_url(objective), note())
    client.force_login(org.leader)
    page = client.get(objective.get_absolute_url()).content.decode()
    assert "We tried a chat bot; it did nothing." in page


def test_note_cannot_name_an_action_of_another_objective(client, org, objective):
    elsewhere = ActionFactory(objective=ObjectiveFactory(owner=org.member, title="Other things"))
    client.force_login(org.member)
    response = client.post(share_url(objective), note(action=elsewhere.pk))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Update.objects.exists()


def test_service_refuses_an_action_of_another_objective(org, objective):
    elsewhere = ActionFactory(objective=ObjectiveFactory(owner=org.member, title="Other things"))
    with pytest.raises(ValidationError):
        services.share_update(objective=objective, by=org.member, text="Hi", action=elsewhere)
    assert not Update.objects.exists()


def test_note_needs_text(client, org, objective):
    client.force_login(org.member)
    response = client.post(share_url(objective), note(text=""))
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == ["This field is required."]
    assert not Update.objects.exists()


def test_note_dated_in_the_future_is_refused(client, org, objective):
    client.force_login(org.member)
    response = client.post(share_url(objective), note(happened_on="2027-03-01"))
    assert response.status_code == 200
    assert "That date is in the future." in response.content.decode()
    assert not Update.objects.exists()


@pytest.mark.parametrize("persona", ["member", "leader", "teammate"])
def test_team_and_its_leaders_may_share_notes(client, org, objective, persona):
    person = UserFactory(username="teammate", team=org.support) if persona == "teammate" else None
    client.force_login(person or getattr(org, persona))
    assert client.post(share_url(objective), note()).status_code == 302
    assert Update.objects.count() == 1


def test_someone_from_another_team_does_not_share_on_it(client, org, objective):
    client.force_login(org.outsider)
    assert client.get(share_url(objective)).status_code == 403
    assert client.post(share_url(objective), note()).status_code == 403
    assert not Update.objects.exists()


@pytest.mark.parametrize("status", [Objective.Status.DRAFT, Objective.Status.ARCHIVED])
def test_owner_gets_403_for_sharing_on_an_objective_that_is_not_live(client, org, status):
    objective = ObjectiveFactory(owner=org.member, status=status)
    client.force_login(org.member)
    assert client.get(share_url(objective)).status_code == 403
    assert client.post(share_url(objective), note()).status_code == 403
    assert not Update.objects.exists()


@pytest.mark.parametrize("action", ["abc", "²", "999999"])
def test_share_form_ignores_a_strange_action_in_the_address(client, org, objective, action):
    client.force_login(org.member)
    response = client.get(share_url(objective), {"action": action})
    assert response.status_code == 200
