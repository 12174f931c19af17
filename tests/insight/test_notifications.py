"""The right thing reaches the right person: a notification in the app for what concerns them,
by email right away, in a daily digest or not at all as they chose, each exactly once."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from approvals import services as approvals
from key_results.models import KeyResult
from progress import notifications, reminders, services, tasks
from progress.models import EmailChoice, Follow, Notification, NotificationSettings, Reminder
from tests.factories import KeyResultFactory, UserFactory
from tests.helpers import quarter

Kind = Notification.Kind


def kinds(person) -> list[str]:
    return list(Notification.objects.filter(person=person).values_list("kind", flat=True))


def chooses(person, kind, choice):
    settings = notifications.settings_of(person)
    settings.email = {**settings.email, kind: choice}
    settings.save()


@pytest.fixture
def sent(org, objective, django_capture_on_commit_callbacks):
    """Member sends a key result to their leader (the leader hears of it)."""
    key_result = KeyResultFactory(objective=objective)
    with django_capture_on_commit_callbacks(execute=False):
        approvals.submit_for_approval(key_result=key_result, by=org.member)
    return key_result


def test_a_leader_hears_of_a_key_result_sent_to_them(org, sent):
    notification = Notification.objects.get(person=org.leader)
    assert (notification.kind, notification.actor, notification.key_result) == (
        Kind.APPROVAL_REQUEST,
        org.member,
        sent,
    )
    assert kinds(org.member) == []  # nobody is told of their own doing


def test_the_owner_hears_of_the_decision_with_its_comment(org, sent):
    approvals.request_changes(key_result=sent, by=org.leader, comment="Count per month?")
    notification = Notification.objects.get(person=org.member)
    assert (notification.kind, notification.text) == (Kind.DECISION, "Count per month?")
    assert not notification.is_approval


def test_a_key_result_sent_again_after_a_change_is_a_new_request(org, sent):
    from key_results.services import save_key_result

    approvals.approve(key_result=sent, by=org.leader)
    edited = KeyResult.objects.get(pk=sent.pk)
    edited.target = Decimal(4)
    save_key_result(key_result=edited, by=org.member)
    assert kinds(org.leader).count(Kind.APPROVAL_REQUEST) == 2


def test_a_comment_reaches_the_entrys_author_and_those_who_commented_before(org, objective):
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    services.add_comment(update=entry, by=org.leader, text="Which one?")
    services.add_comment(update=entry, by=org.outsider, text="We did too.")
    assert kinds(org.member) == [Kind.COMMENT, Kind.COMMENT]
    assert kinds(org.leader) == [Kind.COMMENT]  # after theirs
    assert kinds(org.outsider) == []


def test_an_event_on_an_open_count_reaches_its_owner(org, count_kr):
    KeyResult.objects.filter(pk=count_kr.pk).update(open_to_everyone=True)
    count_kr.refresh_from_db()
    services.log_event(key_result=count_kr, by=org.outsider, text="Lars praised us")
    services.log_event(key_result=count_kr, by=org.member, text="My own")
    notification = Notification.objects.get(person=org.member)
    assert (notification.kind, notification.actor) == (Kind.EVENT_LOGGED, org.outsider)


def test_the_bell_counts_what_is_unread_and_the_list_marks_it_read(client, org, sent):
    client.force_login(org.leader)
    assert (
        'aria-label="1 unread notification"'
        in client.get(reverse("progress:my_okrs")).content.decode()
    )
    notification = Notification.objects.get(person=org.leader)
    listed = client.get(reverse("progress:notifications")).content.decode()
    assert "Mette Member sent “Customer satisfaction” for your approval." in listed
    opened = client.get(reverse("progress:notification_open", args=[notification.pk]))
    assert opened["Location"] == sent.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'aria-label="Notifications"' in client.get(reverse("progress:my_okrs")).content.decode()


def test_mark_all_read(client, org, objective):
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    for person in (org.leader, org.outsider):
        services.add_comment(update=entry, by=person, text="Nice")
    client.force_login(org.member)
    client.post(reverse("progress:notifications_read"))
    assert not Notification.objects.filter(person=org.member, read_at__isnull=True).exists()


def test_nobody_opens_someone_elses_notification(client, org, sent):
    client.force_login(org.outsider)
    notification = Notification.objects.get(person=org.leader)
    assert (
        client.get(reverse("progress:notification_open", args=[notification.pk])).status_code == 404
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_an_email_right_away_goes_once_however_often_the_task_runs(org, sent):
    notification = Notification.objects.get(person=org.leader)
    assert notification.email == EmailChoice.IMMEDIATELY
    tasks.send_notification_emails([notification.pk])
    tasks.send_notification_emails([notification.pk])
    assert [m.to for m in mail.outbox] == [[org.leader.email]]
    assert "for your approval" in mail.outbox[0].subject


def test_the_email_is_in_the_persons_language(org, sent):
    org.leader.language = "da"
    org.leader.save()
    notifications.send_emails([Notification.objects.get(person=org.leader).pk])
    assert "godkendelse" in mail.outbox[0].subject


def test_someone_who_chose_no_email_is_told_only_in_the_app(org, objective):
    chooses(org.member, Kind.COMMENT, EmailChoice.NEVER)
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    services.add_comment(update=entry, by=org.leader, text="Which one?")
    assert Notification.objects.get(person=org.member).email == EmailChoice.NEVER
    assert notifications.due_email_ids() == []
    assert tasks.send_daily_digests() == 0
    assert mail.outbox == []


def test_the_daily_digest_carries_each_notification_once(org, objective):
    entry = services.share_update(objective=objective, by=org.member, text="Tried a bot.")
    services.add_comment(update=entry, by=org.leader, text="Which one?")
    services.add_comment(update=entry, by=org.outsider, text="We did too.")
    assert tasks.send_daily_digests() == 2  # the author's, and the first commenter's
    assert tasks.send_daily_digests() == 0  # run again the same day
    to_member = next(m for m in mail.outbox if m.to == [org.member.email])
    assert to_member.body.count("commented:") == 2
    to_leader = next(m for m in mail.outbox if m.to == [org.leader.email])
    assert to_leader.body.count("commented:") == 1
    services.add_comment(update=entry, by=org.boss, text="Good to know.")
    # Those who had today's digest wait until tomorrow for it; the newcomer gets their first.
    assert tasks.send_daily_digests() == 1
    assert mail.outbox[-1].to == [org.outsider.email]
    waiting = Notification.objects.filter(sent_at__isnull=True)
    assert sorted(waiting.values_list("person__username", flat=True)) == ["leader", "member"]


def test_reminders_chosen_for_the_digest_come_in_it_not_on_their_own(org):
    chooses(org.member, Kind.REMINDER, EmailChoice.DAILY)
    KeyResultFactory(
        objective__owner=org.member,
        objective__period=quarter(2027, 1),
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    reminders.plan_quarter_start(datetime.date(2027, 1, 4))
    assert reminders.deliver(reminders.due_reminder_ids()) == 0
    assert mail.outbox == []
    assert kinds(org.member) == [Kind.REMINDER]
    tasks.send_daily_digests()
    assert [m.to for m in mail.outbox] == [[org.member.email]]
    assert "time to measure" in mail.outbox[0].body


def test_a_reminder_right_away_is_one_email_and_one_bell_entry(org):
    KeyResultFactory(
        objective__owner=org.member,
        objective__period=quarter(2027, 1),
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    reminders.plan_quarter_start(datetime.date(2027, 1, 4))
    reminders.deliver(reminders.due_reminder_ids())
    tasks.send_pending_reminders()
    assert len(mail.outbox) == 1
    assert kinds(org.member) == [Kind.REMINDER]


def test_a_delivered_reminder_rings_the_bell_at_once_and_only_once(
    client, org, django_capture_on_commit_callbacks
):
    KeyResultFactory(
        objective__owner=org.member,
        objective__period=quarter(2027, 1),
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    client.force_login(org.member)
    assert "unread notification" not in client.get(reverse("progress:my_okrs")).content.decode()
    reminders.plan_quarter_start(datetime.date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        reminders.deliver(reminders.due_reminder_ids())
    page = client.get(reverse("progress:my_okrs")).content.decode()
    assert 'aria-label="1 unread notification"' in page
    notifications.for_reminders(Reminder.objects.all())  # a delivery that runs again
    assert kinds(org.member) == [Kind.REMINDER]


def test_the_settings_page_saves_each_choice(client, org):
    client.force_login(org.member)
    data = {f"email-{kind.value}": EmailChoice.DAILY for kind in Kind}
    response = client.post(
        reverse("progress:notification_settings"), {**data, "weekly_digest": "on"}
    )
    assert response.status_code == 302
    chosen = NotificationSettings.objects.get(person=org.member)
    assert chosen.choice(Kind.DECISION) == EmailChoice.DAILY
    assert chosen.weekly_digest


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"email-gossip": "daily"}, "There is no kind of notification called gossip."),
        ({"email-decision": "hourly"}, "Select a valid choice."),
    ],
    ids=["unknown-kind", "unknown-choice"],
)
def test_unknown_kinds_or_choices_are_refused_and_nothing_saved(client, org, extra, message):
    client.force_login(org.member)
    data = {f"email-{kind.value}": EmailChoice.NEVER for kind in Kind}
    response = client.post(reverse("progress:notification_settings"), {**data, **extra})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not NotificationSettings.objects.exists()


def test_the_weekly_digest_brings_the_teams_and_followed_objectives_news(
    org, objective, time_machine
):
    chooses(org.outsider, Kind.COMMENT, EmailChoice.NEVER)
    NotificationSettings.objects.filter(person=org.outsider).update(weekly_digest=True)
    time_machine.move_to(datetime.datetime(2027, 2, 9, 9, tzinfo=datetime.UTC), tick=False)
    services.share_update(
        objective=objective,
        by=org.member,
        text="Callbacks within the hour.",
        learning="Speed beats scripts.",
    )
    time_machine.move_to(datetime.datetime(2027, 2, 15, 6, tzinfo=datetime.UTC), tick=False)
    assert tasks.send_weekly_digests() == 0  # Support's news; they are in Sales and follow nothing
    Follow.objects.create(person=org.outsider, objective=objective)
    assert tasks.send_weekly_digests() == 1
    assert tasks.send_weekly_digests() == 0
    (digest,) = mail.outbox
    assert "Callbacks within the hour." in digest.body
    assert "Speed beats scripts." in digest.body


def test_following_an_objective_from_its_page(client, org, objective):
    client.force_login(org.outsider)
    client.post(reverse("progress:follow", args=[objective.pk]))
    assert Follow.objects.filter(person=org.outsider, objective=objective).exists()
    assert "Following" in client.get(objective.get_absolute_url()).content.decode()
    client.post(reverse("progress:follow", args=[objective.pk]))
    assert not Follow.objects.exists()


def test_my_okrs_says_what_the_person_must_do(client, org, objective, waiting):
    asked = KeyResultFactory(
        objective=objective,
        title="First-call resolution",
        approval_state=KeyResult.ApprovalState.CHANGES_REQUESTED,
    )
    stale = KeyResultFactory(
        objective=objective,
        title="Churn",
        approval_state=KeyResult.ApprovalState.APPROVED,
        approved_on=datetime.date(2027, 1, 1),
    )
    client.force_login(org.member)
    html = client.get(reverse("progress:my_okrs")).content.decode()
    assert "What you must do" in html
    assert asked.title in html and stale.title in html
    client.force_login(org.leader)
    assert (
        waiting.title
        in client.get(reverse("progress:my_okrs"))
        .content.decode()
        .split("Decide on these key results")[1]
    )


def test_people_without_anything_to_do_see_no_list(client, org):
    client.force_login(UserFactory(team=org.sales))
    assert "What you must do" not in client.get(reverse("progress:my_okrs")).content.decode()
