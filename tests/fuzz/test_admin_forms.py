"""The admin, fuzzed as a superuser: every page of every registered model (the list with its
filters, search and ordering, the add and change forms with their inlines, delete, history),
the autocomplete lookups, and the site's own pages. The pages and their addresses are read from
the admin site itself and their fields from the pages (tests/fuzz/forms_on_pages.py), so a model
registered tomorrow is fuzzed too. No answer is a server error, and a refused POST changes no
row (tests/fuzz/conftest.py)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from objectives.models import Objective
from progress import services
from progress.models import Reminder
from tests.fuzz import forms_on_pages
from tests.fuzz.strategies import fill, nasty_text, odd_path_ids, odd_value
from tests.helpers import key_result_data

# A date typed into a list's date filter is read as a naive datetime: Django warns, and answers.
pytestmark = pytest.mark.filterwarnings("ignore:DateTimeField .* naive datetime:RuntimeWarning")

# What a change list is read with, besides its filters' own parameters.
CHANGELIST_PARAMETERS = ["q", "o", "p", "e", "all", "_popup", "_to_field", "_changelist_filters"]
CHANGELIST_PARAMETERS += ["pk__in", "id__gte", "created_at__gte", "title__icontains"]


def admin_pages() -> list[tuple[str, type | None, tuple[str, ...]]]:
    """Each named address of the admin: its name, the model it is about, its parameters."""
    pages = []

    def walk(patterns, model=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, model)
            elif isinstance(pattern, URLPattern) and pattern.name:
                converters = getattr(pattern.pattern, "converters", {})
                params = tuple(converters) or tuple(pattern.pattern.regex.groupindex)
                pages.append((pattern.name, model, params))

    site_patterns = admin.site.get_urls()
    for pattern in site_patterns:
        if isinstance(pattern, URLResolver):
            continue  # the models' own, below
        walk([pattern])
    for model, model_admin in admin.site._registry.items():
        walk(model_admin.get_urls(), model)
    return sorted(set(pages), key=lambda page: page[0])


PAGES = {name: (model, params) for name, model, params in admin_pages()}
# Whose forms post where: pages only a POST reaches are fuzzed with the fields of these.
SIGN_IN_PAGES = {"login"}


def _one_of_each(world) -> dict[type, object]:
    """A row of every registered model, made where the organisation has none."""
    owner = world.people["owner"]
    every_minute = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    for make in (
        lambda: Group.objects.create(name="Leaders"),
        lambda: CrontabSchedule.objects.create(minute="30", hour="7", day_of_week="mon-fri"),
        lambda: SolarSchedule.objects.create(event="sunrise", latitude=55.68, longitude=12.57),
        lambda: ClockedSchedule.objects.create(
            clocked_time=datetime.datetime(2027, 3, 1, 8, tzinfo=datetime.UTC)
        ),
        lambda: PeriodicTask.objects.create(
            name="Reminders", task="progress.tasks.send_pending_reminders", interval=every_minute
        ),
        lambda: Reminder.objects.create(person=owner, kind="mid_quarter", occasion="2027-Q1"),
    ):
        make()
    update = world.shared["update"]
    services.toggle_reaction(update=update, by=owner, emoji="👍")
    services.add_comment(update=update, by=owner, text="Nice")
    rows = {}
    for model in admin.site._registry:
        row = model._default_manager.order_by("pk").first()
        if row is not None:
            rows[model] = row
    return rows


class Rows(dict):
    def _repr_pretty_(self, printer, cycle) -> None:  # how hypothesis prints a failing example
        printer.text("rows")


@pytest.fixture(scope="module")
def rows_of(world) -> Rows:
    rows = Rows(_one_of_each(world))
    rows.setdefault(Objective, Objective.objects.order_by("pk").first())
    return rows


@pytest.fixture(scope="module")
def found(world, rows_of) -> forms_on_pages.Found:
    """The forms and link parameters of every admin page, as a superuser sees them."""
    found = forms_on_pages.Found()
    superuser = Client()
    superuser.force_login(world.people["superuser"])
    for name, (model, params) in PAGES.items():
        kwargs = _valid(model, params, rows_of)
        if kwargs is None:
            continue
        url = reverse(f"admin:{name}", kwargs=kwargs)
        response = (Client() if name in SIGN_IN_PAGES else superuser).get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            forms_on_pages.read(url, response.content.decode(), found)
    return found


def _valid(model, params, rows_of) -> dict | None:
    kwargs = {}
    for param in params:
        if param == "app_label":
            kwargs[param] = model._meta.app_label if model else "organisation"
        elif param == "content_type_id":
            kwargs[param] = str(
                ContentType.objects.get_by_natural_key("objectives", "objective").pk
            )
        elif param in ("object_id", "id"):
            row = rows_of.get(model or Objective)
            if row is None:
                return None
            kwargs[param] = str(row.pk)
    return kwargs


def _kwargs(data, model, params, rows_of) -> dict:
    valid = _valid(model, params, rows_of) or {}
    kwargs = {}
    for param in params:
        if param == "app_label":
            labels = sorted({m._meta.app_label for m in admin.site._registry})
            kwargs[param] = data.draw(st.sampled_from(labels), param)
            continue
        # Anything an address can carry there: no slash (it would end the part), no line break.
        in_address = nasty_text.map(lambda t: t.replace("/", "").replace("\n", "")).filter(bool)
        options = [odd_path_ids.map(str), in_address]
        if param in valid:
            options.insert(0, st.just(valid[param]))
        kwargs[param] = data.draw(st.one_of(*options), param)
    return kwargs


def _url(name: str, kwargs: dict) -> str:
    return reverse(f"admin:{name}", kwargs=kwargs)


def _autocomplete_fields() -> list[dict[str, str]]:
    """app_label, model_name and field_name of every autocomplete field of the admin."""
    found = []
    for model_admin in admin.site._registry.values():
        for each in [model_admin, *model_admin.get_inline_instances(request=None)]:
            for field_name in each.autocomplete_fields:
                opts = each.model._meta
                found.append(
                    {
                        "app_label": opts.app_label,
                        "model_name": opts.model_name,
                        "field_name": field_name,
                    }
                )
    return found


# Read with query parameters: each change list, and the site's own pages.
LISTS = sorted(
    name for name, (model, _) in PAGES.items() if not model or name.endswith("_changelist")
)
LISTS.remove("logout")
LISTS.remove("autocomplete")  # below
# The other pages of each model (add, change, history, delete, ...), reached by their address.
MODEL_PAGES = {
    model._meta.label: sorted(n for n, (m, _) in PAGES.items() if m is model and n not in LISTS)
    for model in admin.site._registry
}
# Forms that take what people type: add and change pages, the passwords, signing in.
FORMS = sorted(
    name
    for name in PAGES
    if name.endswith(("_add", "_change", "_password_change"))
    or name in ("login", "password_change")
)
# Deleting one row, or running a list's action on the rows chosen: fewer examples each.
FEWER = settings(max_examples=max(1, settings.default.max_examples // 3))


def _persona(name: str) -> str:
    return "signed_out" if name in SIGN_IN_PAGES else "superuser"


@pytest.mark.parametrize("name", LISTS)
@given(data=st.data())
def test_no_admin_query_parameter_gives_a_server_error(fuzz, world, found, rows_of, name, data):
    model, params = PAGES[name]
    url = _url(name, _kwargs(data, model, params, rows_of))
    shape = found.gets.get(f"admin:{name}") or forms_on_pages.Shape()
    extra = [p for p in CHANGELIST_PARAMETERS if p not in shape.fields]
    chosen = data.draw(st.lists(st.sampled_from(extra), max_size=3, unique=True), "extra")
    fuzz(f"GET  admin:{name}", _persona(name), "get", url, fill(data, shape, chosen))


@pytest.mark.parametrize("label", sorted(MODEL_PAGES))
@FEWER
@given(data=st.data())
def test_no_admin_address_gives_a_server_error(fuzz, world, rows_of, label, data):
    name = data.draw(st.sampled_from(MODEL_PAGES[label]), "page")
    model, params = PAGES[name]
    fuzz(
        f"GET  admin:{name}", "superuser", "get", _url(name, _kwargs(data, model, params, rows_of))
    )


def admin_input(world, rows_of) -> dict[str, dict]:
    """What an admin fills in where an add page shows empty fields."""
    owner, team = world.people["owner"], world.team
    objective, update = world.shared["objective"], world.shared["update"]
    password = "a-long-Passphrase-42"
    return {
        "organisation_user_add": {
            "username": "fuzzed-person",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
        "objectives_period_add": {"name": "2031 Q1", "start": "2031-01-01", "end": "2031-03-31"},
        "objectives_objective_add": {
            "title": "Fuzzed",
            "owner": owner.pk,
            "team": team.pk,
            "period": objective.period_id,
            "status": "draft",
        },
        "objectives_action_add": {
            "title": "Fuzzed",
            "objective": objective.pk,
            "owner": owner.pk,
            "status": "proposed",
        },
        "key_results_keyresult_add": {**key_result_data(), "objective": objective.pk},
        "progress_comment_add": {"author": owner.pk, "update": update.pk, "text": "Fuzzed"},
        "progress_reaction_add": {"person": owner.pk, "update": update.pk, "emoji": "🎉"},
        "progress_reminder_add": {"person": owner.pk, "kind": "mid_quarter", "occasion": "fuzz"},
        "django_celery_beat_intervalschedule_add": {"every": "5", "period": "minutes"},
        "django_celery_beat_solarschedule_add": {
            "event": "sunrise",
            "latitude": "55.68",
            "longitude": "12.57",
        },
        "django_celery_beat_clockedschedule_add": {
            "clocked_time_0": "2027-03-01",
            "clocked_time_1": "08:00:00",
        },
        "django_celery_beat_periodictask_add": {
            "name": "Fuzzed",
            "task": "progress.tasks.send_pending_reminders",
            "interval": rows_of[IntervalSchedule].pk,
        },
        "auth_group_add": {"name": "Fuzzed"},
    }


@pytest.mark.parametrize("name", FORMS)
@given(data=st.data())
def test_no_admin_form_input_gives_a_server_error(fuzz, world, found, rows_of, name, data):
    model, params = PAGES[name]
    url = _url(name, _kwargs(data, model, params, rows_of))
    shape = found.posts.get(f"admin:{name}") or forms_on_pages.Shape()
    valid = {
        k: v for k, v in admin_input(world, rows_of).get(name, {}).items() if k in shape.fields
    }
    fuzz(f"POST admin:{name}", _persona(name), "post", url, fill(data, shape, [], valid))


@pytest.mark.parametrize("label", sorted(MODEL_PAGES))
@FEWER
@given(data=st.data())
def test_no_deletion_or_list_action_gives_a_server_error(fuzz, world, found, rows_of, label, data):
    model = next(m for m in admin.site._registry if m._meta.label == label)
    name = data.draw(
        st.sampled_from(
            [
                n
                for n, (m, _) in PAGES.items()
                if m is model and n.endswith(("_delete", "_changelist"))
            ]
        ),
        "page",
    )
    url = _url(name, _kwargs(data, model, PAGES[name][1], rows_of))
    shape = found.posts.get(f"admin:{name}") or forms_on_pages.Shape()
    extra = ["post"] if name.endswith("_delete") else ["action", "_selected_action", "index"]
    fields = fill(data, shape, [e for e in extra if e not in shape.fields])
    fuzz(f"POST admin:{name}", "superuser", "post", url, fields)


@given(data=st.data())
def test_no_autocomplete_lookup_gives_a_server_error(fuzz, world, data):
    field = data.draw(st.sampled_from(_autocomplete_fields()), "field")
    params = {
        key: data.draw(st.one_of(st.just(value), odd_value), key) for key, value in field.items()
    }
    params["term"] = data.draw(st.one_of(st.just("a"), nasty_text, odd_value), "term")
    if data.draw(st.booleans(), "page"):
        params["page"] = data.draw(st.one_of(st.just("2"), odd_value), "page number")
    fuzz("GET  admin:autocomplete", "superuser", "get", reverse("admin:autocomplete"), params)


def test_every_admin_form_was_found(db, found):
    """Each add and change page's form was read, so its fields are fuzzed."""
    missing = [
        name
        for name in FORMS
        if name.endswith(("_add", "_change")) and f"admin:{name}" not in found.posts
    ]
    # The record (approval events, measurements) cannot be added or changed in the admin.
    assert all(
        name.startswith(("approvals_approvalevent", "progress_update", "axes_")) for name in missing
    ), missing
