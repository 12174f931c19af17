"""The health probe: does this instance reach its database and its broker?"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from kombu import Connection

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 2  # seconds: a probe must answer well within the container's health check


def database_answers() -> bool:
    """True when the database runs SELECT 1."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as exc:
        logger.warning("Health check: the database does not answer: %s", exc)
        return False


def broker_answers() -> bool:
    """True when a connection to the Celery broker opens within BROKER_TIMEOUT seconds."""
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=BROKER_TIMEOUT,
            transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        ) as broker:
            broker.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT
            )
        return True
    except Exception as exc:  # any failure of any transport means "not healthy", never a 500
        logger.warning("Health check: the broker does not answer: %s", exc)
        return False


def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"database": "ok", "broker": "ok"}; 503 naming what does not answer."""
    checks = {"database": database_answers(), "broker": broker_answers()}
    response = JsonResponse(
        {name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        status=200 if all(checks.values()) else 503,
    )
    response["Cache-Control"] = "no-store"
    return response
