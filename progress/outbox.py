"""Sending emails at most once each, in batches over one mail connection.

Every email the product sends is a row first (a reminder, later a notification) with
claimed_at, sent_at, attempts and failed_at. Delivery claims a batch of unsent rows in one
short transaction (rows another worker holds are skipped), sends each over one connection, and
marks each sent as soon as the mail server took it. A failed send releases the claim so the
retry can try again; after MAX_ATTEMPTS the row is marked failed and nobody tries again. A claim
left by a worker that died expires after CLAIM_LEASE; each row's claim is renewed, and the try
counted, just before it is sent, so a live worker whose batch outlasts the lease never sends a
row another worker has taken over since, and a worker killed while holding a batch uses up no
attempts of the rows it never tried. The one window left: a worker dying between the mail
server accepting a message and the row being marked sent (README)."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

log = logging.getLogger(__name__)


def claim_lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(settings.REMINDERS["CLAIM_LEASE_SECONDS"]))


def max_attempts() -> int:
    return int(settings.REMINDERS["MAX_ATTEMPTS"])


def sendable(queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
    """Rows not sent, not failed, and not being sent right now by a live worker."""
    lease_over = timezone.now() - claim_lease()
    return queryset.filter(sent_at__isnull=True, failed_at__isnull=True).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=lease_over)
    )


def claim(queryset: models.QuerySet[Any], ids: Iterable[int]) -> list[int]:
    """Claim the sendable rows among `ids` for this worker; the ids it won."""
    now = timezone.now()
    with transaction.atomic():
        won = list(
            sendable(queryset.filter(pk__in=list(ids)))
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        queryset.filter(pk__in=won).update(claimed_at=now)
    return won


def send(
    queryset: models.QuerySet[Any],
    ids: Iterable[int],
    email: Callable[[Any], EmailMessage],
) -> int:
    """Claim, build and send the rows among `ids` (loaded from `queryset`), one connection for
    the batch; how many were sent. Raises the last mail error after trying every row, so the
    task retries what is left."""
    return send_claimed(queryset, claim(queryset, ids), email)


def send_claimed(
    queryset: models.QuerySet[Any],
    won: list[int],
    email: Callable[[Any], EmailMessage],
) -> int:
    """send() for rows this worker has claimed already."""
    if not won:
        return 0
    rows = list(queryset.filter(pk__in=won))
    sent, error = 0, None
    with get_connection() as connection:
        for row in rows:
            if not _claim_to_send(queryset, row):
                continue
            try:
                message = email(row)
                message.connection = connection
                message.send()
            except Exception as failure:  # noqa: BLE001 - each row fails on its own
                error = failure
                _failed(queryset, row, failure)
                continue
            queryset.filter(pk=row.pk).update(sent_at=timezone.now())
            sent += 1
    if error is not None:
        raise error
    return sent


def _claim_to_send(queryset: models.QuerySet[Any], row: Any) -> bool:
    """Renew this worker's claim on the row and count a try, just before sending it; False
    when the lease ran out meanwhile and another worker has taken the row over."""
    # Renewing: a batch that outlasts the lease (a slow mail server) is otherwise sent twice,
    # by this worker and by the one the sweep gave the expired claims to. Counting tries here,
    # not at the claim: a worker killed again and again while holding a batch must not use up
    # the attempts of emails it never tried to send.
    renewed = queryset.filter(pk=row.pk, claimed_at=row.claimed_at, sent_at__isnull=True).update(
        claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    row.attempts += 1
    return bool(renewed)


def _failed(queryset: models.QuerySet[Any], row: Any, failure: Exception) -> None:
    """Release the claim for a retry, or give up for good after MAX_ATTEMPTS."""
    if row.attempts >= max_attempts():
        log.error(
            "Giving up on %s %s after %s attempts: %s",
            row._meta.label,
            row.pk,
            row.attempts,
            failure,
        )
        queryset.filter(pk=row.pk).update(
            failed_at=timezone.now(), failure=str(failure)[:500], claimed_at=None
        )
    else:
        queryset.filter(pk=row.pk).update(claimed_at=None, failure=str(failure)[:500])


def single_line(text: str) -> str:
    """Text safe for an email header: one line, no control characters."""
    return " ".join(text.split())
