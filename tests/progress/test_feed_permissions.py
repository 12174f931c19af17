"""Everyone signed in reads the feed; signed-out visitors read nothing and change nothing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from progress import services
from progress.models import Comment, Reaction, Update
from tests.factories import ActionFactory, UserFactory

# (url name, a method it answers, a method it refuses)
VIEWS = [
    ("progress:feed", "get", "post"),
    ("progress:react", "post", "get"),
    ("progress:comment", "post", "get"),
    ("progress:record", "post", "put"),
    ("progress:share", "post", "put"),
    ("progress:action_effect", "get", "post"),
]


@pytest.fixture
def entry(org, kr):
    return services.record_measurement(
        key_result=kr, by=org.member, value=Decimal("3.3"), text="Support survey went up a little."
    )


@pytest.fixture
def urls(entry, kr, objective):
    action = ActionFactory(objective=objective, owner=kr.owner)
    args = {
        "progress:feed": [],
        "progress:react": [entry.pk],
        "progress:comment": [entry.pk],
        "progress:record": [kr.pk],
        "progress:share": [objective.pk],
        "progress:action_effect": [action.pk],
    }
    return {name: reverse(name, args=value) for name, value in args.items()}


POSTED = {
    "emoji": "👍",
    "text": "Sneaky note",
    "value": "3.5",
    "kind": "progress",
    "happened_on": "2027-02-15",
}


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_signed_out_visitor_is_sent_to_sign_in_and_reads_nothing(client, urls, view):
    name, method, _refused = view
    url = urls[name]
    response = getattr(client, method)(url, POSTED if method == "post" else None)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"
    assert b"Support survey" not in response.content
    assert Update.objects.count() == 1
    assert not Reaction.objects.exists()
    assert not Comment.objects.exists()


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_wrong_method_gets_405(client, org, urls, view):
    name, _answered, refused = view
    client.force_login(org.member)
    response = getattr(client, refused)(urls[name])
    assert response.status_code == 405
    assert Update.objects.count() == 1


@pytest.mark.parametrize("persona", ["member", "leader", "boss", "outsider", "sales_lead", "admin"])
def test_everyone_signed_in_reads_the_feed(client, org, entry, persona):
    client.force_login(getattr(org, persona))
    response = client.get(reverse("progress:feed"))
    assert response.status_code == 200
    assert "Support survey went up a little." in response.content.decode()


def test_person_without_a_team_reads_the_feed(client, entry):
    client.force_login(UserFactory(username="newcomer", team=None))
    response = client.get(reverse("progress:feed"))
    assert "Support survey went up a little." in response.content.decode()


@pytest.mark.parametrize("reader", ["member", "outsider"])
def test_feed_entries_link_to_their_objective_and_key_result_for_everyone(
    client, org, entry, kr, reader
):
    client.force_login(getattr(org, reader))
    page = client.get(reverse("progress:feed")).content.decode()
    assert f'href="{kr.objective.get_absolute_url()}"' in page
    assert f'href="{kr.get_absolute_url()}"' in page
    assert client.get(kr.get_absolute_url()).status_code == 200


def test_outsider_may_react_and_comment_on_another_teams_entry(client, org, entry):
    client.force_login(org.outsider)
    client.post(reverse("progress:react", args=[entry.pk]), {"emoji": "🎉"})
    client.post(reverse("progress:comment", args=[entry.pk]), {"text": "Nice, how?"})
    assert Reaction.objects.get().person == org.outsider
    assert Comment.objects.get().author == org.outsider


def test_reacting_to_an_entry_that_does_not_exist_gets_404(client, org):
    client.force_login(org.member)
    assert client.post(reverse("progress:react", args=[999]), {"emoji": "👍"}).status_code == 404
    response = client.post(reverse("progress:comment", args=[999]), {"text": "Hello?"})
    assert response.status_code == 404
