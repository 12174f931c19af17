"""The address sign-in throttling counts per: the browser's, as the trusted proxies in front saw
it; whatever a client writes into X-Forwarded-For itself is ignored."""

import pytest
from django.test import RequestFactory

from okr_site.http import client_address


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "expected"),
    [
        (0, "", "127.0.0.9"),
        (0, "127.0.0.5", "127.0.0.9"),
        (1, "127.0.0.5", "127.0.0.5"),
        (1, "127.0.0.66, 127.0.0.5", "127.0.0.5"),
        (2, "127.0.0.66, 127.0.0.5, 127.0.0.8", "127.0.0.5"),
        (1, "", "127.0.0.9"),
        (2, "127.0.0.5", "127.0.0.5"),
    ],
    ids=[
        "no-proxy",
        "no-proxy-ignores-forged-header",
        "one-proxy",
        "one-proxy-ignores-forged-entry",
        "two-proxies",
        "proxy-without-header",
        "fewer-entries-than-proxies",
    ],
)
def test_client_address_is_read_behind_the_trusted_proxies(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    extra = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().get("/sign-in/", REMOTE_ADDR="127.0.0.9", **extra)

    assert client_address(request) == expected
