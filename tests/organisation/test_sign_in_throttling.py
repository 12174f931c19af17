"""Guessing passwords is throttled per account and address: after five wrong passwords for one
account from one address, even the right one is refused there until the cool-off ends or an
admin lifts the lock. Other accounts, and the same account elsewhere, sign in as usual."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

PASSWORD = "secret-pass-123"
ELSEWHERE = "127.0.0.2"


def sign_in(client: Client, username: str, password: str = PASSWORD, **extra: str):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def is_signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("progress:my_okrs")


@pytest.fixture
def locked(client, org, settings):
    """Five wrong passwords for the member from the test client's address."""
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert sign_in(client, "member", "wrong-guess").status_code == 200
    return sign_in(client, "member", "wrong-guess")


def test_the_fifth_wrong_password_pauses_signing_in_with_a_clear_message(locked):
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Signing in is paused" in page
    assert "After 5 wrong passwords" in page
    assert "for 15 minutes" in page
    assert reverse("password_reset") in page
    assert '<link rel="stylesheet" href="/static/okr.css">' in page


def test_then_the_right_password_is_refused_too(client, locked):
    response = sign_in(client, "member")

    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert client.get(reverse("progress:my_okrs")).status_code == 302  # still signed out


def test_the_pause_is_in_the_persons_language(client, org):
    for _ in range(5):
        response = sign_in(client, "member", "wrong-guess", HTTP_ACCEPT_LANGUAGE="da")

    assert response.status_code == 429
    assert '<html lang="da">' in response.content.decode()


def test_another_account_from_the_same_address_still_signs_in(client, locked):
    assert is_signed_in(sign_in(client, "leader"))


def test_the_same_account_from_another_address_still_signs_in(locked):
    assert is_signed_in(sign_in(Client(), "member", REMOTE_ADDR=ELSEWHERE))


def test_the_same_account_behind_the_proxy_from_another_address_still_signs_in(org, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "127.0.0.9"}  # every request reaches the app from the proxy
    for _ in range(5):
        sign_in(Client(), "member", "wrong-guess", HTTP_X_FORWARDED_FOR="127.0.0.1", **proxy)

    blocked = sign_in(Client(), "member", HTTP_X_FORWARDED_FOR="127.0.0.1", **proxy)
    elsewhere = sign_in(Client(), "member", HTTP_X_FORWARDED_FOR=ELSEWHERE, **proxy)

    assert blocked.status_code == 429
    assert is_signed_in(elsewhere)


def test_the_pause_ends_after_the_cool_off(client, locked, time_machine):
    time_machine.shift(timedelta(minutes=14))
    assert sign_in(client, "member").status_code == 429

    time_machine.shift(timedelta(minutes=2))
    assert is_signed_in(sign_in(client, "member"))


def test_a_right_password_forgets_the_wrong_ones_before_it(client, org):
    for _ in range(4):
        sign_in(client, "member", "wrong-guess")
    assert is_signed_in(sign_in(client, "member"))
    client.logout()

    for _ in range(4):
        sign_in(client, "member", "wrong-guess")
    assert is_signed_in(sign_in(client, "member"))


def test_an_admin_sees_the_lock_and_lifts_it_in_the_admin(client, org, locked):
    admin = Client()
    admin.force_login(org.admin)
    attempts = admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "member" in attempts
    assert "Locked Out" in attempts

    attempt = AccessAttempt.objects.get(username="member")
    admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert is_signed_in(sign_in(client, "member"))


@pytest.mark.parametrize("page", ["login", "admin:login"])
def test_a_username_longer_than_any_accounts_is_the_fields_error(client, org, page):
    # Found by tests/fuzz: it went on to django-axes, whose record holds 255 characters (a 500).
    response = client.post(reverse(page), {"username": "x" * 300, "password": "wrong-guess"})

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters (it has 300)." in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_the_longest_username_still_signs_in(client, org):
    org.member.username = "m" * 150
    org.member.set_password(PASSWORD)
    org.member.save()

    assert is_signed_in(sign_in(client, "m" * 150))
