"""Sending emails at most once each, in batches over one mail connection.

Every email the product sends is a row first (a reminder, later a notification) with
claimed_at, sent_at, attempts and failed_at. Delivery claims a batch of unsent rows in one
short transaction (rows another worker holds are skipped), sends each over one connection, and
marks each sent, its try counted, as soon as the mail server took it. A failed send counts the
try and releases the claim so the retry can try again; after MAX_ATTEMPTS the row is marked
failed and nobody tries again. A claim left by a worker that died expires after CLAIM_LEASE.
The claims of the rows still to send are renewed together, in one statement, when the batch
starts and again whenever half the lease has gone by since, so a live worker whose batch
outlasts the lease never sends a row another worker has taken over meanwhile; a row is sent
only within half a lease of its renewal. A worker killed while holding a batch uses up no
attempts of the rows it never tried. The one window left: a worker dying between the mail
server accepting a message and the row being marked sent (README)."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connections, models, transaction
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
    won = claim(queryset, ids)
    return send_claimed(queryset, list(queryset.filter(pk__in=won)) if won else [], email)


def send_claimed(
    queryset: models.QuerySet[Any],
    rows: list[Any],
    email: Callable[[Any], EmailMessage],
) -> int:
    """send() for rows this worker has claimed and loaded already."""
    if not rows:
        return 0
    mark_sent = _marker(queryset)
    sent, error = 0, None
    with get_connection() as connection:
        for row in _still_claimed(queryset, rows):
            try:
                message = email(row)
                message.connection = connection
                message.send()
            except Exception as failure:  # noqa: BLE001 - each row fails on its own
                error = failure
                _failed(queryset, row, failure)
                continue
            # One statement per email, right after the mail server took it: marking the batch
            # sent at its end would send every email of it again after a worker died midway.
            mark_sent(row.pk)
            sent += 1
    if error is not None:
        raise error
    return sent


def _marker(queryset: models.QuerySet[Any]) -> Callable[[int], None]:
    """Marks one row sent, its try counted: the statement written once for the batch, since
    it runs once per email (the ORM would build the same UPDATE again each time)."""
    connection = connections[queryset.db]
    quote = connection.ops.quote_name
    meta = queryset.model._meta
    sent_at, attempts = (quote(meta.get_field(name).column) for name in ("sent_at", "attempts"))
    # Names from the model's own meta, values as parameters.
    statement = (
        f"UPDATE {quote(meta.db_table)} SET {sent_at} = %s, {attempts} = {attempts} + 1 "  # noqa: S608
        f"WHERE {quote(meta.pk.column)} = %s"
    )

    def mark_sent(pk: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement, [timezone.now(), pk])

    return mark_sent


def _still_claimed(queryset: models.QuerySet[Any], rows: list[Any]) -> Iterator[Any]:
    """The rows, in order, that are still this worker's when their turn comes: the claims of
    all rows not yet reached are renewed in one statement at the start and whenever half the
    lease has gone by since, so each row is sent within half a lease of its renewal."""
    # Renewing: a batch that outlasts the lease (a slow mail server) is otherwise sent twice,
    # by this worker and by the one the sweep gave the expired claims to. Half a lease is the
    # margin left for sending one email after the renewal that covers it.
    renewed_at, mine = None, set()
    for index, row in enumerate(rows):
        if renewed_at is None or timezone.now() - renewed_at >= claim_lease() / 2:
            renewed_at = timezone.now()
            mine = _renew(queryset, rows[index:], renewed_at)
        if row.pk in mine:
            yield row


def _renew(queryset: models.QuerySet[Any], rows: list[Any], now: datetime.datetime) -> set[int]:
    """Renew this worker's claims on the rows in one statement; the ids still its own (a
    claim another worker took over after the lease ran out is left to that worker)."""
    held: dict[datetime.datetime, list[int]] = defaultdict(list)
    for row in rows:
        held[row.claimed_at].append(row.pk)
    still_ours = Q()
    for claimed_at, ids in held.items():
        still_ours |= Q(pk__in=ids, claimed_at=claimed_at)
    with transaction.atomic():
        mine = set(
            queryset.select_related(None)
            .filter(still_ours, sent_at__isnull=True, failed_at__isnull=True)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        queryset.filter(pk__in=mine).update(claimed_at=now)
    for row in rows:
        if row.pk in mine:
            row.claimed_at = now
    return mine


def _failed(queryset: models.QuerySet[Any], row: Any, failure: Exception) -> None:
    """Count the try; release the claim for a retry, or give up for good after MAX_ATTEMPTS."""
    row.attempts += 1
    if row.attempts >= max_attempts():
        log.error(
            "Giving up on %s %s after %s attempts: %s",
            row._meta.label,
            row.pk,
            row.attempts,
            failure,
        )
        queryset.filter(pk=row.pk).update(
            failed_at=timezone.now(),
            failure=str(failure)[:500],
            claimed_at=None,
            attempts=F("attempts") + 1,
        )
    else:
        queryset.filter(pk=row.pk).update(
            claimed_at=None, failure=str(failure)[:500], attempts=F("attempts") + 1
        )


def single_line(text: str) -> str:
    """Text safe for an email header: one line, no control characters."""
    return " ".join(text.split())
