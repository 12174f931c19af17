"""Celery tasks for the measurement reminders; the rules live in progress/reminders.py."""

import smtplib

from celery import shared_task
from django.utils import timezone

from . import reminders


def _dispatch_due() -> int:
    ids = reminders.due_reminder_ids()
    for reminder_id in ids:
        deliver_reminder.delay(reminder_id)
    return len(ids)


@shared_task
def send_quarter_start_reminders() -> int:
    reminders.plan_quarter_start(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_mid_quarter_nudges() -> int:
    reminders.plan_mid_quarter(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_after_effort_reminders() -> int:
    reminders.plan_after_effort(timezone.localdate())
    return _dispatch_due()


@shared_task
def send_pending_reminders() -> int:
    """Sweeps up reminders whose delivery was lost (broker down, worker died, retries used up)."""
    return _dispatch_due()


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=10,
)
def deliver_reminder(reminder_id: int) -> bool:
    return reminders.deliver(reminder_id)
