"""PostgreSQL cannot hold a NUL character in any text. An address with one (typed, pasted or sent
by a scanner) is refused with a page in the person's language; a form that posts one says which
field holds it and keeps what was typed. Neither is a server error (both were, found by fuzzing)."""

import pytest
from django.urls import reverse

from tests.helpers import HTMX, objective_data


@pytest.fixture
def signed_in(client, org):
    client.force_login(org.member)
    return client


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("progress:search", {"q": "kunde\x00"}),
        ("progress:feed", {"kind": "\x00"}),
        ("progress:my_okrs", {"\x00": "1"}),  # in a parameter's name too
        ("admin:approvals_approvalevent_changelist", {"kind__exact": "\x00"}),
        ("admin:objectives_objective_changelist", {"q": "\x00"}),
    ],
    ids=["search", "feed-filter", "parameter-name", "admin-filter", "admin-search"],
)
def test_an_address_with_a_nul_is_refused_with_a_page_that_says_so(client, org, url, params):
    client.force_login(org.admin)

    response = client.get(reverse(url), params)

    assert response.status_code == 400
    page = response.content.decode()
    assert "The address holds a NUL character" in page
    assert 'class="brand"' in page  # the layout, not a bare page


def test_in_danish_too(signed_in, settings):
    signed_in.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"

    response = signed_in.get(reverse("progress:search"), {"q": "\x00"})

    assert response.status_code == 400
    assert "Adressen indeholder et NUL-tegn" in response.content.decode()


def test_htmx_gets_the_message_in_place(signed_in):
    response = signed_in.get(reverse("progress:search"), {"q": "\x00"}, headers=HTMX)

    assert response.status_code == 400
    assert response.content.decode().startswith('<p class="refusal" role="alert">The address')


def test_a_nul_in_the_path_is_refused(client, org):
    client.force_login(org.admin)

    response = client.get("/admin/objectives/objective/1\x00/change/")

    assert response.status_code == 400


def test_an_address_without_one_is_served(signed_in):
    assert signed_in.get(reverse("progress:search"), {"q": "kunde"}).status_code == 200


def test_a_form_posting_a_nul_says_which_field_and_keeps_the_rest(signed_in, org):
    data = objective_data(
        title="Gladere\x00kunder", description="Kept as typed", team=org.support.pk
    )

    response = signed_in.post(reverse("objectives:create"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Null characters are not allowed." in page
    assert "Kept as typed" in page
