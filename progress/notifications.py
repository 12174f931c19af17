"""Bringing the right thing to the right person: a notification in the app (the bell) for what
concerns them, emailed right away, in a daily digest or not at all as they chose, each at most
once (progress/outbox.py); and the opt-in weekly digest of their teams' news.

Notifications are made where the event happens: a key result sent for approval and a decision
(signals from approvals, which must not import this app), a comment and an event logged on an
open count (progress.services). Each is unique per (person, event), so a task or a signal that
runs twice makes one."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import timezone, translation

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.models import Objective
from organisation.models import User

from . import outbox
from .models import (
    Comment,
    DailyDigest,
    EmailChoice,
    Follow,
    Notification,
    NotificationKind,
    NotificationSettings,
    Reminder,
    Update,
    WeeklyDigest,
)

log = logging.getLogger(__name__)
Kind = NotificationKind


def settings_of(person: User) -> NotificationSettings:
    """The person's notification settings (unsaved defaults when they never chose)."""
    found = NotificationSettings.objects.filter(person=person).first()
    return found or NotificationSettings(person=person)


def notify(
    *,
    person: User | None,
    kind: str,
    event: str,
    actor: User | None = None,
    key_result: KeyResult | None = None,
    update: Update | None = None,
    reminder: Reminder | None = None,
    approval_event: ApprovalEvent | None = None,
    text: str = "",
    email: str | None = None,
) -> Notification | None:
    """Tell `person` about `event` (once, however often this runs); nobody is told of their own
    doing. An email to send right away leaves after the transaction commits."""
    if person is None or (actor is not None and actor.pk == person.pk):
        return None
    choice = email or settings_of(person).choice(kind)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person,
                kind=kind,
                event=event,
                actor=actor,
                key_result=key_result,
                update=update,
                reminder=reminder,
                approval_event=approval_event,
                text=text[:500],
                email=choice,
            )
    except IntegrityError:
        return None  # told already
    transaction.on_commit(lambda: cache.delete(_unread_key(person.pk)))
    if choice == EmailChoice.IMMEDIATELY:
        from .tasks import send_notification_emails  # the tasks module imports this one

        transaction.on_commit(lambda: send_notification_emails.delay([notification.pk]))
    return notification


# Signal receivers (connected in progress/apps.py).


def on_submitted(*, event: ApprovalEvent, **_signal) -> None:
    """A key result was sent (again) for approval: its leader hears of it."""
    notify(
        person=event.approver,
        kind=Kind.APPROVAL_REQUEST,
        event=f"approval-request:{event.pk}",
        actor=event.actor,
        key_result=event.key_result,
    )


def on_decided(*, event: ApprovalEvent, **_signal) -> None:
    """A leader decided on a key result: its owner hears of it."""
    notify(
        person=event.key_result.owner,
        kind=Kind.DECISION,
        event=f"decision:{event.pk}",
        actor=event.actor,
        key_result=event.key_result,
        approval_event=event,
        text=event.comment,
    )


def on_comment(comment: Comment) -> None:
    """A comment on an entry: its author hears of it, and so do those who commented before."""
    entry = comment.update
    people = {entry.author_id: entry.author}
    for earlier in entry.comments.exclude(pk=comment.pk).select_related("author"):
        people.setdefault(earlier.author_id, earlier.author)
    for person in people.values():
        notify(
            person=person,
            kind=Kind.COMMENT,
            event=f"comment:{comment.pk}",
            actor=comment.author,
            update=entry,
            key_result=entry.key_result,
            text=comment.text,
        )


def on_event_logged(update: Update) -> None:
    """Someone logged an event on a count its owner opened to everyone: the owner hears of it."""
    key_result = update.key_result
    if key_result is not None and key_result.open_to_everyone:
        notify(
            person=key_result.owner,
            kind=Kind.EVENT_LOGGED,
            event=f"event:{update.pk}",
            actor=update.author,
            key_result=key_result,
            update=update,
            text=update.text,
        )


def for_reminders(reminders: Iterable[Reminder]) -> list[Reminder]:
    """The bell's copy of each reminder; returns those the person wants emailed on their own.

    A reminder emailed right away is that email (the notification is not emailed again); one
    chosen for the digest waits for it; one chosen "only here" is not emailed. Two queries for
    a whole batch: the people's settings, then their notifications (once per reminder, however
    often this runs)."""
    reminders = list(reminders)
    chosen = {
        found.person_id: found
        for found in NotificationSettings.objects.filter(
            person__in=[reminder.person_id for reminder in reminders]
        )
    }
    emailed, told = [], []
    for reminder in reminders:
        person = reminder.person
        choice = (chosen.get(person.pk) or NotificationSettings(person=person)).choice(
            Kind.REMINDER
        )
        told.append(
            Notification(
                person=person,
                kind=Kind.REMINDER,
                event=f"reminder:{reminder.pk}",
                reminder=reminder,
                email=EmailChoice.DAILY if choice == EmailChoice.DAILY else EmailChoice.NEVER,
            )
        )
        if choice == EmailChoice.IMMEDIATELY:
            emailed.append(reminder)
    Notification.objects.bulk_create(told, ignore_conflicts=True)  # one per person and event
    unread = [_unread_key(reminder.person_id) for reminder in reminders]
    transaction.on_commit(lambda: cache.delete_many(unread))
    return emailed


# The bell.


def _unread_key(person_id: int) -> str:
    return f"unread:{person_id}"


def unread_counted() -> Coalesce:
    """How many of a person's notifications are unread, as an annotation of people
    (okr_site.auth reads it with the signed-in person, for the bell in every page's header)."""
    unread = (
        Notification.objects.filter(person=OuterRef("pk"))
        .unread()
        .order_by()
        .values("person")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(unread), 0)


def unread_count(person: User) -> int:
    """How many notifications the person has not read: as read with them for this request
    (unread_counted), or else from the cache (until one comes or is read)."""
    if (counted := getattr(person, "unread_notifications", None)) is not None:
        return int(counted)
    count = cache.get_or_set(
        _unread_key(person.pk),
        lambda: Notification.objects.filter(person=person).unread().count(),
        60 * 60,
    )
    return int(count or 0)


def mark_read(person: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's notifications read (all of them without `ids`); how many changed."""
    unread = Notification.objects.filter(person=person).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    changed = unread.update(read_at=timezone.now())
    cache.delete(_unread_key(person.pk))
    person.__dict__.pop("unread_notifications", None)  # read before these were marked
    return changed


# Emails.


def _email(person: User, template: str, context: dict) -> EmailMultiAlternatives:
    with translation.override(person.language or settings.LANGUAGE_CODE):
        context = {**context, "person": person, "site_url": settings.SITE_URL}
        subject = render_to_string(f"progress/email/{template}_subject.txt", context)
        body = render_to_string(f"progress/email/{template}_body.txt", context)
    return EmailMultiAlternatives(
        subject=outbox.single_line(subject),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


def notification_email(notification: Notification) -> EmailMultiAlternatives:
    return _email(notification.person, "notification", {"notification": notification})


def send_emails(ids: Iterable[int]) -> int:
    """Email these notifications (those to go right away), each at most once."""
    return outbox.send(
        Notification.objects.filter(email=EmailChoice.IMMEDIATELY)
        .exclude(person__email="")
        .select_related("person", "actor", "key_result", "update", "approval_event", "reminder"),
        ids,
        notification_email,
    )


def due_email_ids() -> list[int]:
    """Notifications to email right away that are not sent yet (for the sweep)."""
    return list(
        outbox.sendable(
            Notification.objects.filter(email=EmailChoice.IMMEDIATELY).exclude(person__email="")
        ).values_list("pk", flat=True)
    )


def send_daily_digests(today: datetime.date) -> int:
    """Each person with notifications waiting for the digest gets one email today, carrying
    each of them once; how many digests this run sent."""
    waiting = Notification.objects.filter(
        email=EmailChoice.DAILY, sent_at__isnull=True, failed_at__isnull=True
    ).exclude(person__email="")
    for person_id in set(waiting.values_list("person_id", flat=True)):
        DailyDigest.objects.get_or_create(person_id=person_id, day=today)
    digests = DailyDigest.objects.filter(day=today).select_related("person")
    return outbox.send(digests, outbox.sendable(digests).values_list("pk", flat=True), _daily_email)


def _daily_email(digest: DailyDigest) -> EmailMultiAlternatives:
    items = list(
        Notification.objects.filter(
            person=digest.person, email=EmailChoice.DAILY, sent_at__isnull=True
        )
        .filter(Q(digest__isnull=True) | Q(digest=digest))
        .select_related("actor", "key_result", "update", "reminder", "approval_event")
        .order_by("created_at", "id")
    )
    # The digest names what it carries before sending, so no other digest carries it too; the
    # items are marked sent with it (DailyDigest.sent_at) once the mail server took it.
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(digest=digest)
    return _email(digest.person, "daily_digest", {"items": items})


def digest_items_sent() -> int:
    """Mark the items of every digest that was sent as sent themselves."""
    return Notification.objects.filter(digest__sent_at__isnull=False, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )


def weekly_news(person: User, week: datetime.date) -> list[Update]:
    """What the person's teams and the objectives they follow shared in the week from `week`:
    progress, setbacks and learnings, as the reading rule allows."""
    teams = {person.team_id, *person.led_team_ids} - {None}
    followed = Follow.objects.filter(person=person).values("objective")
    start = timezone.make_aware(datetime.datetime.combine(week, datetime.time.min))
    return list(
        Update.objects.visible_to(person)
        .filter(Q(team__in=teams) | Q(objective__in=followed))
        .filter(created_at__gte=start, created_at__lt=start + datetime.timedelta(days=7))
        .filter(kind__in=Update.SHARED_KINDS)
        .select_related("author", "key_result", "objective")
        .order_by("created_at", "id")
    )


def send_weekly_digests(week: datetime.date) -> int:
    """Everyone who asked for it gets the week's news once (nothing is sent for a quiet week)."""
    readers = User.objects.filter(
        is_active=True, notification_settings__weekly_digest=True
    ).exclude(email="")
    for person in readers:
        if weekly_news(person, week):
            WeeklyDigest.objects.get_or_create(person=person, week=week)
    digests = WeeklyDigest.objects.filter(week=week).select_related("person")
    return outbox.send(
        digests, outbox.sendable(digests).values_list("pk", flat=True), _weekly_email
    )


def _weekly_email(digest: WeeklyDigest) -> EmailMultiAlternatives:
    news = weekly_news(digest.person, digest.week)
    return _email(
        digest.person,
        "weekly_digest",
        {
            "week": digest.week,
            "progress": [u for u in news if u.kind == Update.Kind.PROGRESS],
            "setbacks": [u for u in news if u.kind == Update.Kind.SETBACK],
            "learnings": [u for u in news if u.learning],
        },
    )


def set_settings(
    *, person: User, email: dict[str, str], weekly_digest: bool
) -> NotificationSettings:
    """Save how the person wants each kind emailed; unknown kinds or choices are refused."""
    chosen = settings_of(person)
    chosen.email = dict(email)
    chosen.weekly_digest = weekly_digest
    chosen.full_clean(exclude=["person"])
    chosen.save()
    return chosen


def follows(person: User, objective: Objective) -> bool:
    return Follow.objects.filter(person=person, objective=objective).exists()


def toggle_follow(*, person: User, objective: Objective) -> bool:
    """Follow the objective, or stop following it; True when the person now follows it."""
    deleted, _rows = Follow.objects.filter(person=person, objective=objective).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(person=person, objective=objective)
    return True
