"""What a screen reader relies on in the pages' HTML, checked without a browser: every field's
aria-describedby names help and errors that are on the page (also after a refused submit, whole
or by htmx), ids are unique, and progress bars are named after what they measure."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from approvals import services as approvals
from key_results.models import KeyResult
from progress import services
from tests.factories import ActionFactory, KeyResultFactory
from tests.helpers import HTMX


class Markup(HTMLParser):
    """The ids, the ids that aria-describedby/aria-labelledby/for name, and the progress bars."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.references: list[tuple[str, str, str]] = []  # (element, attribute, id)
        self.progress_names: list[str | None] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids[attributes["id"]] += 1
        for name in ("aria-describedby", "aria-labelledby", "for"):
            for referenced in (attributes.get(name) or "").split():
                self.references.append((f"<{tag} name={attributes.get('name')}>", name, referenced))
        if tag == "progress":
            self.progress_names.append(attributes.get("aria-label"))


@pytest.fixture
def work(org, objective, kr, count_kr, waiting):
    """An objective with an action, measured key results, a note in the feed and one waiting."""
    action = ActionFactory(objective=objective, title="Call back every unhappy customer")
    services.record_measurement(
        key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey is in."
    )
    services.log_event(key_result=count_kr, by=org.member, text="Lars praised us")
    note = services.share_update(objective=objective, by=org.member, text="We call back.")
    services.add_comment(update=note, by=org.outsider, text="Same in sales.")
    approvals.submit_for_approval(
        key_result=KeyResultFactory(objective=objective, title="Answers within an hour"),
        by=org.member,
    )
    return {"objective": objective, "kr": kr, "count": count_kr, "action": action}


def reset_link(org) -> str:
    uid = urlsafe_base64_encode(force_bytes(org.member.pk))
    return f"/password-reset/{uid}/{default_token_generator.make_token(org.member)}/"


# (who, method, address, what is posted, htmx?) for every form of the product, as first shown
# and as shown again with its errors; address and data are read from the work fixture.
FORM_PAGES = {
    "sign in": (None, "get", lambda w, org: reverse("login"), None, False),
    "sign in refused": (
        None,
        "post",
        lambda w, org: reverse("login"),
        {"username": "member", "password": "wrong"},
        False,
    ),
    "password reset": (None, "get", lambda w, org: reverse("password_reset"), None, False),
    "password reset refused": (
        None,
        "post",
        lambda w, org: reverse("password_reset"),
        {"email": "not an address"},
        False,
    ),
    "new password refused": (
        None,
        "post",
        lambda w, org: reset_link(org),
        {"new_password1": "a", "new_password2": "b"},
        False,
    ),
    "new objective": ("member", "get", lambda w, org: reverse("objectives:create"), None, False),
    "new objective refused": (
        "member",
        "post",
        lambda w, org: reverse("objectives:create"),
        {"title": "Increase NPS to 40"},
        False,
    ),
    "new objective refused inline": (
        "member",
        "post",
        lambda w, org: reverse("objectives:create"),
        {"title": "Increase NPS to 40"},
        True,
    ),
    "objective with its action form": (
        "member",
        "get",
        lambda w, org: w["objective"].get_absolute_url(),
        None,
        False,
    ),
    "action refused": (
        "member",
        "post",
        lambda w, org: reverse("objectives:action_create", args=[w["objective"].pk]),
        {"title": ""},
        False,
    ),
    "new key result refused": (
        "member",
        "post",
        lambda w, org: reverse("key_results:create", args=[w["objective"].pk]),
        {"title": "", "kind": "change", "target": "many"},
        False,
    ),
    "new key result refused inline": (
        "member",
        "post",
        lambda w, org: reverse("key_results:create", args=[w["objective"].pk]),
        {"title": "", "kind": "change", "target": "many"},
        True,
    ),
    "edit key result": (
        "member",
        "get",
        lambda w, org: reverse("key_results:edit", args=[w["kr"].pk]),
        None,
        False,
    ),
    "weights refused": (
        "member",
        "post",
        lambda w, org: reverse("key_results:weights", args=[w["objective"].pk]),
        lambda w, org: {f"kr-{w['kr'].pk}": "-1"},
        False,
    ),
    "record a measurement refused": (
        "member",
        "post",
        lambda w, org: reverse("progress:record", args=[w["kr"].pk]),
        {"value": "a lot", "kind": "progress"},
        False,
    ),
    "log an event refused": (
        "member",
        "post",
        lambda w, org: reverse("progress:record", args=[w["count"].pk]),
        {"events": "0"},
        False,
    ),
    "share an update refused": (
        "member",
        "post",
        lambda w, org: reverse("progress:share", args=[w["objective"].pk]),
        {"text": ""},
        False,
    ),
    "what did the action do": (
        "member",
        "get",
        lambda w, org: reverse("progress:action_effect", args=[w["action"].pk]),
        None,
        False,
    ),
    "feed with comment and log forms": (
        "member",
        "get",
        lambda w, org: reverse("progress:feed"),
        None,
        False,
    ),
    "count with its log form": (
        "member",
        "get",
        lambda w, org: w["count"].get_absolute_url(),
        None,
        False,
    ),
    "inbox": ("leader", "get", lambda w, org: reverse("approvals:inbox"), None, False),
    "decision refused": (
        "leader",
        "post",
        lambda w, org: reverse(
            "approvals:decide", args=[KeyResult.objects.get(title="Answers within an hour").pk]
        ),
        {"decision": "request_changes", "version": "1", "comment": ""},
        False,
    ),
    "search": ("member", "get", lambda w, org: reverse("progress:search") + "?q=call", None, False),
}


def fetch(client, org, work, who, method, address, data, htmx) -> str:
    if who is not None:
        client.force_login(getattr(org, who))
    url = address(work, org)
    data = data(work, org) if callable(data) else data
    headers = HTMX if htmx else {}
    if method == "post":
        # As a person would: open the form first (a reset link moves to an address of its own).
        shown = client.get(url, follow=True)
        url = shown.redirect_chain[-1][0] if shown.redirect_chain else url
    response = client.post(url, data, headers=headers) if method == "post" else client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


@pytest.mark.parametrize("page_name", list(FORM_PAGES))
def test_every_reference_to_an_id_names_an_element_on_the_page(client, org, work, page_name):
    page = fetch(client, org, work, *FORM_PAGES[page_name])
    markup = Markup(page)

    missing = [ref for ref in markup.references if ref[2] not in markup.ids]
    assert missing == [], f"{page_name}: these name ids that are not on the page"
    assert [i for i, n in markup.ids.items() if n > 1] == [], f"{page_name}: duplicate ids"
    assert "{#" not in page and "{%" not in page, f"{page_name}: template syntax shows"


@pytest.mark.parametrize("page_name", ["new objective refused", "new key result refused inline"])
def test_a_refused_field_is_described_by_its_errors(client, org, work, page_name):
    markup = Markup(fetch(client, org, work, *FORM_PAGES[page_name]))

    assert ("<input name=title>", "aria-describedby", "id_title_error") in markup.references


@pytest.mark.parametrize(
    "address",
    [
        pytest.param(lambda w: reverse("progress:my_okrs"), id="my-okrs"),
        pytest.param(lambda w: w["objective"].get_absolute_url(), id="objective"),
        pytest.param(lambda w: w["kr"].get_absolute_url(), id="key-result"),
        pytest.param(lambda w: reverse("progress:feed"), id="feed"),
        pytest.param(lambda w: reverse("progress:tree"), id="alignment"),
        pytest.param(lambda w: reverse("progress:overview"), id="overview"),
        pytest.param(
            lambda w: reverse("progress:action_effect", args=[w["action"].pk]), id="action-done"
        ),
    ],
)
def test_every_progress_bar_is_named_after_what_it_measures(client, org, work, address):
    client.force_login(org.leader)
    markup = Markup(client.get(address(work)).content.decode())

    assert markup.progress_names, "no progress bar on the page"
    for name in markup.progress_names:
        assert name and name.startswith("Progress of ") and len(name) > len("Progress of ")
