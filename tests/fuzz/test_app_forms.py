"""Every route of the app (from the URLconf; the admin has its own module), fuzzed as the people
allowed to use it: the query parameters its links and filters carry, and the fields of every form
that posts to it, filled with hypothesis' nastiest text, numbers, dates and ids. No answer is a
server error, and a refused POST changes no row (tests/fuzz/conftest.py checks both).

The fields are read from the pages themselves (tests/fuzz/forms_on_pages.py): a new field, form
or route is fuzzed without changing this module; a new route needs its rule in SHARED of
tests/open_organisation/test_who_may_do_what.py, as every route does."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from progress import services
from tests.fuzz import forms_on_pages
from tests.fuzz.strategies import fill, nasty_text, odd_path_ids
from tests.helpers import HTMX, key_result_data, measurement_data, note_data, objective_data
from tests.open_organisation.test_who_may_do_what import POSTED, SHARED, every_route

# The people the fuzzing acts as, where the route lets them: an owner, a leader, a superuser.
PERMITTED = ("owner", "nearest_leader", "superuser")
# Parameters some page reads or once read; any page may be sent them.
KNOWN_PARAMETERS = ["period", "team", "older", "q", "after", "before", "action", "parent", "next"]
KNOWN_PARAMETERS += ["kind", "status", "validate", "page", "language"]
# Key results in every state, whose pages show different forms (send for approval, decide).
KEY_RESULTS = ["key_result", "open_count", "pending", "draft_key_result"]


def people(spec, verb: str) -> list[str]:
    if spec is SHARED["login"] and verb == "post":
        return ["signed_out"]  # signing in (the signed in are sent on to My OKRs)
    allowed = spec.read if verb == "get" else spec.change
    chosen = [p for p in PERMITTED if p in allowed] or sorted(allowed)
    # Reading, the signed out too: each page sends them to sign in (htmx: to the page it is on).
    return [*chosen, "signed_out"] if spec.public or (verb == "get" and chosen) else chosen


def routes(verb: str) -> list[str]:
    return sorted(
        name
        for name in every_route()
        if (verb in SHARED[name].methods or (name, verb) == ("login", "post"))
        and people(SHARED[name], verb)
    )


@pytest.fixture(scope="module")
def found(world) -> forms_on_pages.Found:
    """The forms and link parameters of every page of the app, as its owner and a superuser
    (who may decide) see them, on the shared objective and on the draft."""
    found = forms_on_pages.Found()
    client = Client()
    # An event on the open count, so the feed shows its "log one" form.
    open_count = world.shared["open_count"]
    services.log_event(key_result=open_count, by=open_count.owner, text="A customer praised us")
    pages = [reverse("progress:key_result", args=[world.shared[which].pk]) for which in KEY_RESULTS]
    for persona in ("owner", "superuser"):
        client.force_login(world.people[persona])
        for name in routes("get"):
            spec = SHARED[name]
            for variant in ("shared", "draft"):
                things = getattr(world, variant)
                if spec.about == "reset_link" or (spec.about and spec.about not in things):
                    continue
                url = reverse(name, args=[things[spec.about].pk] if spec.about else [])
                response = client.get(url)
                if response.status_code == 200 and "html" in response["Content-Type"]:
                    forms_on_pages.read(url, response.content.decode(), found)
                if not spec.about:
                    break
        for url in pages:
            forms_on_pages.read(url, client.get(url).content.decode(), found)
    # A password reset link as sent, and the page it leads to, where the new password is typed.
    owner = world.people["owner"]
    client.logout()
    forms_on_pages.read(reverse("login"), client.get(reverse("login")).content.decode(), found)
    link = reverse("password_reset_confirm", args=_reset_link(owner))
    response = client.get(link, follow=True)
    forms_on_pages.read(response.request["PATH_INFO"], response.content.decode(), found)
    return found


def _reset_link(person) -> list[str]:
    return [
        urlsafe_base64_encode(force_bytes(person.pk)),
        default_token_generator.make_token(person),
    ]


def valid_input(world) -> dict[str, dict]:
    """What a person fills in where the page shows an empty field (tests/helpers.py's forms)."""
    shared = world.shared
    objective = {**objective_data(team=world.team.pk, period=shared["objective"].period_id)}
    action = {"title": "Call back every complaint", "description": "Within the hour."}
    password = "a-long-Passphrase-42"
    return {
        "objectives:create": objective,
        "objectives:edit": objective,
        "objectives:action_create": action,
        "objectives:action_edit": action,
        "key_results:create": key_result_data(),
        "key_results:edit": key_result_data(),
        "progress:record": measurement_data(),
        "progress:share": note_data(),
        "progress:comment": {"text": "Well done"},
        "password_reset": {"email": world.people["owner"].email or "owner@example.com"},
        "login": {"username": "owner", "password": "wrong-guess"},
        "password_reset_confirm": {"new_password1": password, "new_password2": password},
    }


def _path(data, world, name: str) -> str:
    spec = SHARED[name]
    if spec.about == "reset_link":
        uid, token = _reset_link(world.people["owner"])
        uid = data.draw(st.one_of(st.just(uid), nasty_text), "uid")
        token = data.draw(st.one_of(st.just(token), st.just("set-password"), nasty_text), "token")
        uid, token = (v.replace("/", "") or "x" for v in (uid, token))
        return reverse(name, args=[uid, token])
    if not spec.about:
        return reverse(name)
    pk = data.draw(
        st.one_of(
            st.sampled_from(["shared", "draft"]).map(
                lambda variant: getattr(world, variant)[spec.about].pk
            ),
            odd_path_ids,
        ),
        "pk",
    )
    return reverse(name, args=[pk])


def _htmx_headers(data, url: str) -> dict[str, str] | None:
    """None (a plain request), or what htmx sends: the page it is on, sometimes no address."""
    if not data.draw(st.booleans(), "htmx"):
        return None
    page = data.draw(
        st.one_of(
            st.just(f"http://testserver{url}"),
            st.sampled_from(["http://[", "//[x]/", "http://a:99999999/", "javascript:alert(1)"]),
            nasty_text.map(lambda t: t.replace("\n", "").replace("\r", "")),
        ),
        "HX-Current-URL",
    )
    return {**HTMX, "HX-Current-URL": page}


@pytest.mark.parametrize("name", routes("get"))
@given(data=st.data())
def test_no_query_parameter_gives_a_server_error(fuzz, world, found, name, data):
    persona = data.draw(st.sampled_from(people(SHARED[name], "get")), "persona")
    url = _path(data, world, name)
    shape = found.gets[name]
    extra = [p for p in KNOWN_PARAMETERS if p not in shape.fields]
    params = fill(data, shape, data.draw(st.lists(st.sampled_from(extra), max_size=3)))
    fuzz(f"GET  {name}", persona, "get", url, params, _htmx_headers(data, url))


@pytest.mark.parametrize("name", routes("post"))
@given(data=st.data())
def test_no_form_input_gives_a_server_error(fuzz, world, found, name, data):
    persona = data.draw(st.sampled_from(people(SHARED[name], "post")), "persona")
    url = _path(data, world, name)
    shape = found.posts.get(name) or forms_on_pages.Shape()
    extra = [] if shape.fields else list(POSTED)
    fields = fill(data, shape, extra, valid_input(world).get(name))
    headers = _htmx_headers(data, url)
    if headers and data.draw(st.booleans(), "validate as one types"):
        url += "?validate"
    fuzz(f"POST {name}", persona, "post", url, fields, headers)


def test_every_form_of_the_app_was_found(db, found):
    """Each route that takes a POST is fuzzed with the fields of a form on some page."""
    without_form = set(routes("post")) - set(found.posts)
    # Signing out and switching the language are buttons of the layout (csrf only).
    assert without_form <= {"logout", "set_language"}, without_form
