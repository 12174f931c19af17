"""The bell's count is read with the signed-in person (okr_site/auth.py), in the query that loads
them: no cache to keep right, so it is never stale."""

from django.urls import reverse

from okr_site.auth import ModelBackend
from progress import notifications
from progress.models import Notification


def bell(client):
    page = client.get(reverse("progress:my_okrs")).content.decode()
    start = page.index('id="bell"')
    return page[start : page.index("</a>", start)]


def notify(person, actor, event):
    # Written directly: nothing is told to forget a count it might keep.
    return Notification.objects.create(
        person=person, actor=actor, kind=Notification.Kind.COMMENT, event=event, email="never"
    )


def test_the_bell_counts_a_notification_the_moment_it_exists(client, org):
    client.force_login(org.member)
    assert 'aria-label="Notifications"' in bell(client)
    notify(org.member, org.leader, "comment:1")
    assert 'aria-label="1 unread notification"' in bell(client)
    notify(org.member, org.boss, "comment:2")
    assert 'aria-label="2 unread notifications"' in bell(client)
    Notification.objects.filter(person=org.member).update(read_at="2027-02-15T10:00Z")
    assert 'aria-label="Notifications"' in bell(client)


def test_notifications_marked_read_no_longer_count_for_the_rest_of_that_request(org):
    notify(org.member, org.leader, "comment:1")
    member = ModelBackend().get_user(org.member.pk)
    assert notifications.unread_count(member) == 1
    notifications.mark_read(member)
    assert notifications.unread_count(member) == 0
