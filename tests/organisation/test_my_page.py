from django.urls import reverse
from django.utils import timezone

from key_results.models import KeyResult
from progress.models import Reminder
from tests.factories import KeyResultFactory


def reminder(person, occasion, *, sent, title):
    planned = Reminder.objects.create(
        person=person,
        kind=Reminder.Kind.QUARTER_START,
        occasion=occasion,
        sent_at=timezone.now() if sent else None,
    )
    planned.key_results.set(
        [KeyResultFactory(title=title, approval_state=KeyResult.ApprovalState.APPROVED)]
    )
    return planned


def test_my_page_shows_my_team_and_nearest_leader(client, org):
    client.force_login(org.member)
    page = client.get(reverse("progress:me")).content.decode()
    assert "Support" in page
    assert "Lars Leader" in page


def test_my_page_lists_the_reminders_i_received_and_nothing_else(client, org):
    reminder(org.member, "quarter-start:2027 Q1", sent=True, title="Customer satisfaction")
    reminder(org.member, "quarter-start:2027 Q2", sent=False, title="Not sent yet")
    reminder(org.outsider, "quarter-start:2027 Q1", sent=True, title="Someone else's")
    client.force_login(org.member)
    page = client.get(reverse("progress:me")).content.decode()
    assert "Start of the quarter: time to measure" in page
    assert "Customer satisfaction" in page
    assert "Not sent yet" not in page
    assert "Someone else&#x27;s" not in page


def test_my_page_needs_a_sign_in_and_only_answers_get(client, org):
    url = reverse("progress:me")
    assert client.get(url).status_code == 302
    client.force_login(org.member)
    assert client.post(url).status_code == 405


def test_switching_language_is_remembered_for_my_emails(client, org):
    client.force_login(org.member)
    client.post(reverse("organisation:language"), {"language": "da", "next": "/"})
    org.member.refresh_from_db()
    assert org.member.language == "da"
    client.post(reverse("organisation:language"), {"language": "xx", "next": "/"})
    org.member.refresh_from_db()
    assert org.member.language == "da"
