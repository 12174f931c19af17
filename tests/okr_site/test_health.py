"""/healthz answers whether this instance reaches its database and broker, for the container's
health check and the proxy: 200 when both answer, 503 otherwise, even before the host check."""

import json
import socket

import pytest
from django.db import DatabaseError


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (bound once, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthz_is_200_when_database_and_broker_answer(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "broker": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_broker_does_not_answer(client, db, settings, closed_port):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port}/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "broker": "unavailable"}


def test_healthz_is_503_when_the_database_does_not_answer(client, db, monkeypatch):
    def refuse(*args, **kwargs):
        raise DatabaseError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr("okr_site.health.connection.cursor", refuse)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "unavailable", "broker": "ok"}


def test_healthz_answers_a_probe_on_127_0_0_1_behind_the_https_redirect(client, db, settings):
    settings.ALLOWED_HOSTS = ["okr.example.com"]
    settings.SECURE_SSL_REDIRECT = True

    probe = client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
    page = client.get("/sign-in/", HTTP_HOST="127.0.0.1:8000")

    assert probe.status_code == 200
    assert page.status_code == 400  # every other path still checks the host first
