"""Celery tasks for reminders and notifications; the rules live in progress/reminders.py and
progress/notifications.py."""

import datetime
import smtplib

from celery import shared_task
from django.utils import timezone

from . import notifications, reminders

# Reminders sent over one mail connection by one task.
BATCH = 100


def _dispatch_due() -> int:
    ids = reminders.due_reminder_ids()
    for start in range(0, len(ids), BATCH):
        deliver_reminders.delay(ids[start : start + BATCH])
    return len(ids)


def _dispatch_notification_emails() -> int:
    ids = notifications.due_email_ids()
    for start in range(0, len(ids), BATCH):
        send_notification_emails.delay(ids[start : start + BATCH])
    return len(ids)


def _plan_all(today) -> None:
    reminders.plan_quarter_start(today)
    reminders.plan_mid_quarter(today)
    reminders.plan_after_effort(today)
    reminders.plan_end_of_quarter(today)


@shared_task
def send_quarter_start_reminders() -> int:
    reminders.plan_quarter_start(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_mid_quarter_nudges() -> int:
    reminders.plan_mid_quarter(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_end_of_quarter_reminders() -> int:
    reminders.plan_end_of_quarter(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_after_effort_reminders() -> int:
    reminders.plan_after_effort(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_pending_reminders() -> int:
    """The sweep: plans what a planner that died left unplanned today (planning is safe to run
    again), then sends what a lost delivery left unsent (broker down, worker died)."""
    _plan_all(timezone.localdate())
    notifications.digest_items_sent()
    return _dispatch_due() + _dispatch_notification_emails()


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=10,
)
def deliver_reminders(reminder_ids: list[int]) -> int:
    return reminders.deliver(reminder_ids)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=10,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    return notifications.send_emails(notification_ids)


@shared_task
def send_daily_digests() -> int:
    sent = notifications.send_daily_digests(timezone.localdate())
    notifications.digest_items_sent()
    return sent


@shared_task
def send_weekly_digests() -> int:
    """Monday's digest of the week before."""
    today = timezone.localdate()
    return notifications.send_weekly_digests(today - datetime.timedelta(days=today.weekday() + 7))
