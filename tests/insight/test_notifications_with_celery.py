"""Notifications on a real Celery worker consuming from the real Redis broker: one email per
event and person even when a task runs twice, and each event once in the digests."""

import pytest
from django.core import mail

from approvals import services as approvals
from progress import services, tasks
from progress.models import Notification
from tests.factories import KeyResultFactory
from tests.helpers import drain, run

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery]


def test_a_key_result_sent_for_approval_emails_the_leader_once(org, objective, worker):
    key_result = KeyResultFactory(objective=objective)
    approvals.submit_for_approval(key_result=key_result, by=org.member)  # queues the email
    notification = Notification.objects.get(person=org.leader)
    run(tasks.send_notification_emails, [notification.pk])  # the task, delivered twice
    drain()
    assert [m.to for m in mail.outbox] == [[org.leader.email]]
    approvals.approve(key_result=key_result, by=org.leader)
    drain()
    assert [m.to for m in mail.outbox] == [[org.leader.email], [org.member.email]]


def test_the_daily_digest_holds_each_event_once(org, objective, worker):
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    for person in (org.leader, org.outsider):
        services.add_comment(update=entry, by=person, text=f"Seen by {person.username}")
    run(tasks.send_daily_digests)
    run(tasks.send_daily_digests)
    drain()
    to_member = [m for m in mail.outbox if m.to == [org.member.email]]
    assert len(to_member) == 1
    assert to_member[0].body.count("Seen by leader") == 1
    assert to_member[0].body.count("Seen by outsider") == 1
    assert not Notification.objects.filter(person=org.member, sent_at__isnull=True).exists()
