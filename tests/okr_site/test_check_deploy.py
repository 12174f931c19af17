"""Django's deployment checklist finds nothing to warn about in a production environment, and the
HTTPS settings follow SECURE_COOKIES unless set one by one."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "0",
    "SECURE_COOKIES": "1",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "okr.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://okr.example.com",
    "SITE_URL": "https://okr.example.com",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """Runs manage.py in a fresh process with only the given settings in its environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(  # noqa: S603 - this project's manage.py, arguments from the tests
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**env, **environment},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_warns_without_https():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "SECURE_COOKIES": "0"}
    )

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def settings_in(environment: dict[str, str], *names: str) -> list[str]:
    """The values of settings `names` as a fresh process with `environment` reads them."""
    code = "\n".join(f"print(repr(settings.{name}))" for name in names)
    result = manage(
        "shell", "--no-imports", "-c", f"from django.conf import settings\n{code}", **environment
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ["True", "31536000", "True", "('HTTP_X_FORWARDED_PROTO', 'https')"]),
        (
            {"SECURE_HSTS_SECONDS": "3600", "SECURE_SSL_REDIRECT": "0"},
            ["False", "3600", "True", "('HTTP_X_FORWARDED_PROTO', 'https')"],
        ),
        ({"SECURE_COOKIES": "0", "SECURE_PROXY_SSL_HEADER": ""}, ["False", "0", "False", "None"]),
    ],
    ids=["https-defaults", "set-one-by-one", "plain-http"],
)
def test_https_settings_follow_secure_cookies_unless_set(overrides, expected):
    environment = {**PRODUCTION, **overrides}

    assert (
        settings_in(
            environment,
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SESSION_COOKIE_SECURE",
            "SECURE_PROXY_SSL_HEADER",
        )
        == expected
    )


def test_a_proxy_header_that_is_no_header_name_stops_the_site_from_starting():
    not_a_name = "X-Forwarded-Proto: https"

    result = manage("check", **{**PRODUCTION, "SECURE_PROXY_SSL_HEADER": not_a_name})

    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER must be a header name" in result.stderr
