"""An htmx request whose session expired is sent to the sign-in page as a whole page; a refusal
shows a short message in place."""

from django.urls import reverse

from objectives.models import Objective
from progress import services
from tests.helpers import HTMX


def test_the_feeds_poller_after_the_session_expired_goes_to_sign_in(client):
    response = client.get(
        reverse("progress:feed"),
        {"after": 5},
        headers={**HTMX, "HX-Current-URL": "http://testserver/feed/?team=3"},
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/feed/%3Fteam%3D3"
    assert response.content == b""


def test_a_refused_htmx_post_shows_a_short_message_in_place(client, org, objective):
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    client.force_login(org.member)
    Objective.objects.filter(pk=objective.pk).update(status=Objective.Status.DRAFT)
    client.force_login(org.outsider)
    response = client.post(
        reverse("progress:react", args=[entry.pk]), {"emoji": "👍"}, headers=HTMX
    )
    assert response.status_code == 404
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "no longer here, or not shared with you" in page
    assert "<html" not in page


def test_a_forbidden_htmx_request_says_so_in_place(client, org, waiting):
    client.force_login(org.outsider)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]),
        {"version": 1, "decision": "approve"},
        headers=HTMX,
    )
    assert response.status_code == 403
    assert "You may not do that here." in response.content.decode()


def test_without_htmx_a_signed_out_visitor_is_redirected_as_before(client):
    response = client.get(reverse("progress:feed"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/feed/"


def test_a_current_url_that_is_no_address_sends_to_sign_in_and_then_the_start(client):
    # Found by tests/fuzz: "http://[" made urlsplit raise (a server error for anyone signed out).
    response = client.get(
        reverse("progress:feed"), headers={**HTMX, "HX-Current-URL": "http://[::1/feed/"}
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('login')}?next=/"
