"""403, 404 and 500 are pages of the product, in the person's language, never Django's bare ones;
the 500 page shows even when the database or a context processor is what failed."""

import copy

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import include, path, reverse

from tests.factories import UserFactory


def broken_view(request):
    raise DatabaseError("the database went away")


# This module is the URLconf of the 500 tests: the product's URLs, plus one that always fails.
urlpatterns = [path("broken/", broken_view), path("", include("okr_site.urls"))]


def failing_context_processor(request):
    raise RuntimeError("a context processor failed")


def is_in_the_layout(page: str) -> bool:
    return '<link rel="stylesheet" href="/static/okr.css">' in page and 'class="brand"' in page


@pytest.fixture
def crashing_client(settings) -> Client:
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug-demo"])
def test_an_unknown_address_is_the_layouts_404(client, org, settings, debug):
    settings.DEBUG = debug
    client.force_login(org.member)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert is_in_the_layout(page)
    assert "Page not found" in page
    assert "Using the URLconf" not in page  # Django's debug page


@pytest.mark.parametrize("debug", [False, True], ids=["production", "debug-demo"])
def test_an_objective_not_shared_with_you_is_the_layouts_404(
    client, org, objective, settings, debug
):
    settings.DEBUG = debug
    objective.change_status(objective.Status.DRAFT)
    client.force_login(org.outsider)

    response = client.get(reverse("objectives:edit", args=[objective.pk]))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Raised by:" not in response.content.decode()  # Django's debug page


def test_the_404_page_follows_the_persons_language(client, org):
    client.force_login(org.member)

    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="da").content.decode()

    assert '<html lang="da">' in page
    assert "Godkendelser" in page  # the header's "Approvals"


def test_a_change_you_may_not_make_is_the_layouts_403(client, org, objective):
    client.force_login(UserFactory(team=org.support))  # sees a teammate's objective, no more

    response = client.get(reverse("objectives:edit", args=[objective.pk]))

    assert response.status_code == 403
    assert is_in_the_layout(response.content.decode())
    assert "Not allowed" in response.content.decode()


def test_a_form_without_its_csrf_token_is_refused_in_the_layout(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.member)

    response = client.post(reverse("objectives:create"), {"title": "Happier customers"})

    assert response.status_code == 403
    assert is_in_the_layout(response.content.decode())
    assert "The form could not be sent" in response.content.decode()


def test_a_database_failure_is_the_layouts_500(crashing_client, org):
    crashing_client.force_login(org.member)

    response = crashing_client.get("/broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert is_in_the_layout(page)
    assert "Something went wrong" in page
    assert 'name="language"' not in page  # the switch would post without a CSRF token


def test_a_failing_context_processor_still_gives_the_layouts_500(crashing_client, org, settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(f"{__name__}.failing_context_processor")
    settings.TEMPLATES = templates
    crashing_client.force_login(org.member)

    response = crashing_client.get("/no-such-page/")  # the 404 page needs the processors

    assert response.status_code == 500
    assert is_in_the_layout(response.content.decode())
    assert "Something went wrong" in response.content.decode()
