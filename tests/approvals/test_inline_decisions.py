from django.urls import reverse

from key_results.models import KeyResult
from tests.helpers import HTMX

State = KeyResult.ApprovalState


def test_htmx_approval_returns_only_the_decided_row(client, org, waiting):
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]),
        {"version": 1, "decision": "approve", "next": "inbox"},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert f'id="decision-{waiting.pk}"' in page
    assert "Approved. The owner can start measuring." in page
    assert "<form" not in page
    waiting.refresh_from_db()
    assert waiting.approval_state == State.APPROVED


def test_htmx_request_for_changes_returns_the_row_saying_it_went_back(client, org, waiting):
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]),
        {"version": 1, "decision": "request_changes", "comment": "Measure weekly."},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "Sent back to the owner with your comment." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.approval_state == State.CHANGES_REQUESTED


def test_htmx_request_for_changes_without_comment_returns_the_row_with_the_error(
    client, org, waiting
):
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]),
        {"version": 1, "decision": "request_changes", "comment": ""},
        headers=HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert f'id="decision-{waiting.pk}"' in page
    assert "Say what should change, so the owner knows what to do." in page
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_decision_without_htmx_redirects_to_the_key_result(client, org, waiting):
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
    )
    assert response.status_code == 302
    assert response["Location"] == waiting.get_absolute_url()


def test_invalid_decision_without_htmx_shows_the_whole_page_with_the_error(client, org, waiting):
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]),
        {"version": 1, "decision": "request_changes", "comment": ""},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page
    assert "Say what should change" in page


def test_inbox_rows_post_inline_and_keep_a_real_form_action(client, org, waiting):
    client.force_login(org.leader)
    page = client.get(reverse("approvals:inbox")).content.decode()
    url = reverse("approvals:decide", args=[waiting.pk])
    assert f'action="{url}"' in page
    assert f'hx-post="{url}"' in page


def test_overlong_comment_is_refused_in_the_row_not_with_a_server_error(client, org, waiting):
    client.force_login(org.leader)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]),
        {"version": 1, "decision": "request_changes", "comment": "Measure more often. " * 200},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.approval_state == State.PENDING


def test_deciding_again_from_a_stale_inbox_shows_where_it_stands(client, org, waiting):
    client.force_login(org.leader)
    url = reverse("approvals:decide", args=[waiting.pk])
    client.post(url, {"version": 1, "decision": "approve"}, headers=HTMX)
    response = client.post(
        url, {"version": 1, "decision": "request_changes", "comment": "Hm"}, headers=HTMX
    )
    assert response.status_code == 200
    assert "This key result was already decided. Approved." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.approval_state == State.APPROVED
    assert waiting.approval_events.count() == 1


def test_someone_else_still_cannot_decide_a_decided_key_result(client, org, waiting):
    client.force_login(org.leader)
    client.post(
        reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
    )
    client.force_login(org.sales_lead)
    response = client.post(
        reverse("approvals:decide", args=[waiting.pk]), {"version": 1, "decision": "approve"}
    )
    assert response.status_code == 403
