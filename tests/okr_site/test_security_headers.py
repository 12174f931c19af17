"""Every page tells the browser what it may do: a strict Content-Security-Policy, no powerful
features, no framing, no sniffing and no referrer outside the site; over HTTPS, HSTS too."""

import pytest


@pytest.fixture
def page_headers(client, org):
    client.force_login(org.member)
    return client.get("/").headers


def test_a_page_carries_a_content_security_policy_without_unsafe_inline(page_headers):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in page_headers["Content-Security-Policy"].split(";")
    )

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert "unsafe-inline" not in page_headers["Content-Security-Policy"]
    assert "unsafe-eval" not in page_headers["Content-Security-Policy"]


def test_a_page_switches_off_features_it_never_uses(page_headers):
    policy = page_headers["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert f"{feature}=()" in policy


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("Referrer-Policy", "same-origin"),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ],
    ids=["referrer", "no-sniffing", "no-framing", "opener"],
)
def test_a_page_carries_the_usual_security_header(page_headers, header, value):
    assert page_headers[header] == value


def test_over_https_behind_a_proxy_a_page_carries_hsts_and_secure_cookies(client, db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.CSRF_COOKIE_SECURE = True

    plain = client.get("/sign-in/")
    secure = client.get("/sign-in/", HTTP_X_FORWARDED_PROTO="https")

    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/sign-in/"
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    assert secure.cookies["csrftoken"]["secure"] is True
