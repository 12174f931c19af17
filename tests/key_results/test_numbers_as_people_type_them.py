"""Numbers and dates in the key result and record forms as people type them: "1.500,5" and
"3,5 point" in Danish (the unit goes to the unit field), "1,500.5" in English; a message that
names the expected format in the person's language; whole numbers for counts and rates; no
deadline already passed on a new key result; no value dated before the period. Whatever is
refused stays in its field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from progress.models import Update
from tests.helpers import key_result_data, measurement_data

DA = {"Accept-Language": "da"}


def create(client, objective, language="en", **typed):
    return client.post(
        reverse("key_results:create", args=[objective.pk]),
        key_result_data(**typed),
        headers={"Accept-Language": language},
    )


@pytest.fixture
def signed_in(client, org):
    client.force_login(org.member)
    return client


@pytest.mark.parametrize(
    ("language", "baseline", "target", "expected"),
    [
        ("da", "1.200", "1.500,5", ("1200", "1500.5")),
        ("da", "3,0", "3,5", ("3.0", "3.5")),
        ("en", "1,200", "1,500.5", ("1200", "1500.5")),
        ("en", "3", "3.5", ("3", "3.5")),
    ],
)
def test_thousands_and_decimals_are_read_the_way_the_language_writes_them(
    signed_in, objective, language, baseline, target, expected
):
    response = create(signed_in, objective, language, baseline=baseline, target=target)
    assert response.status_code == 302
    key_result = KeyResult.objects.get()
    assert (key_result.baseline, key_result.target) == tuple(Decimal(v) for v in expected)


@pytest.mark.parametrize(
    ("language", "target", "unit"),
    [("da", "3,5 point", "point"), ("en", "3.5 points", "points"), ("en", "45 %", "%")],
)
def test_a_unit_typed_after_the_number_moves_to_the_unit_field(
    signed_in, objective, language, target, unit
):
    response = create(signed_in, objective, language, baseline="3", target=target, unit="")
    assert response.status_code == 302
    key_result = KeyResult.objects.get()
    assert key_result.unit == unit
    assert key_result.target == Decimal(target.split()[0].replace(",", "."))


def test_a_unit_that_disagrees_with_the_unit_field_is_named(signed_in, objective):
    response = create(signed_in, objective, target="3.5 stars", unit="points")
    assert response.status_code == 200
    [error] = response.context["form"].errors["target"]
    assert "“stars”" in error and "“points”" in error
    assert 'value="3.5 stars"' in response.content.decode()


@pytest.mark.parametrize(
    ("language", "typed", "said"),
    [
        ("en", "3,5", "In English, a point separates the decimals and a comma the thousands"),
        ("da", "3.5", "På dansk skrives decimaler med komma og tusinder med punktum"),
        ("en", "lots", "Write a number like 3.5 or 1,500.5."),
        ("da", "masser", "Skriv et tal som 3,5 eller 1.500,5."),
    ],
)
def test_a_number_in_the_wrong_format_says_which_format_is_expected(
    signed_in, objective, language, typed, said
):
    response = create(signed_in, objective, language, target=typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert f'value="{typed}"' in page  # nothing lost
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(
    ("language", "kind", "target", "said"),
    [
        ("en", "count", "2.5", "Write a whole number, e.g. 5"),
        ("da", "count", "2,5", "Skriv et helt tal, f.eks. 5"),
        ("en", "rate", "1.5", "Write a whole number, e.g. 5"),
        ("da", "rate", "2,5", "Skriv et helt tal, f.eks. 5"),
    ],
)
def test_a_count_or_a_rate_needs_a_whole_number(signed_in, objective, language, kind, target, said):
    response = create(
        signed_in, objective, language, kind=kind, per="week", baseline="", target=target
    )
    assert response.status_code == 200
    assert said in response.content.decode()
    assert not KeyResult.objects.exists()


def test_a_rate_is_saved_with_its_period_and_starts_at_zero(signed_in, objective):
    response = create(
        signed_in, objective, "da", kind="rate", per="week", baseline="", target="2", unit=""
    )
    assert response.status_code == 302
    key_result = KeyResult.objects.get()
    assert (key_result.kind, key_result.per, key_result.baseline, key_result.target) == (
        "rate",
        "week",
        0,
        2,
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "A rate needs at least one event per period."),
        ("da", "Et antal pr. periode kræver mindst én hændelse pr. periode."),
    ],
)
def test_a_rate_of_zero_is_refused(signed_in, objective, language, said):
    response = create(signed_in, objective, language, kind="rate", per="week", target="0")
    assert said in response.content.decode()
    assert not KeyResult.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Choose whether the rate is per week or per month."),
        ("da", "Vælg, om antallet gælder pr. uge eller pr. måned."),
    ],
)
def test_a_rate_needs_a_week_or_a_month(signed_in, objective, language, said):
    response = create(signed_in, objective, language, kind="rate", per="", target="2")
    assert said in response.content.decode()
    assert not KeyResult.objects.exists()


def test_a_period_given_to_a_change_is_dropped(signed_in, objective):
    assert create(signed_in, objective, per="month").status_code == 302
    assert KeyResult.objects.get().per == ""


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "That day has passed already: choose a deadline from today on"),
        ("da", "Den dag er allerede gået: vælg en frist fra i dag og frem"),
    ],
)
def test_a_deadline_already_passed_is_refused_on_creation(signed_in, objective, language, said):
    response = create(signed_in, objective, language, deadline="2027-02-14")
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert 'value="2027-02-14"' in page
    assert not KeyResult.objects.exists()


def test_an_existing_key_result_keeps_a_deadline_that_has_passed(signed_in, org, kr):
    kr.deadline = kr.objective.period.start
    kr.save()
    data = key_result_data(deadline=kr.deadline.isoformat(), title="Satisfaction")
    response = signed_in.post(reverse("key_results:edit", args=[kr.pk]), data)
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.title == "Satisfaction"


def record(client, kr, language="en", **typed):
    return client.post(
        reverse("progress:record", args=[kr.pk]),
        measurement_data(**typed),
        headers={"Accept-Language": language},
    )


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("da", "3,4", "3.4"),
        ("da", "3,4 points", "3.4"),
        ("en", "3.4 points", "3.4"),
        ("da", "1.500,5", "1500.5"),
        ("en", "1,500.5", "1500.5"),
    ],
)
def test_a_value_is_recorded_as_the_language_writes_it(signed_in, kr, language, value, expected):
    assert record(signed_in, kr, language, value=value).status_code == 302
    assert Update.objects.get().value_after == Decimal(expected)


@pytest.mark.parametrize(
    ("language", "value", "said"),
    [
        ("en", "3,4", "In English, a point separates the decimals"),
        ("da", "3.4", "På dansk skrives decimaler med komma"),
        ("en", "3.4 stars", "You typed “stars” after the number but chose “points”"),
    ],
)
def test_a_value_in_the_wrong_format_or_unit_is_explained_and_kept(
    signed_in, kr, language, value, said
):
    response = record(signed_in, kr, language, value=value)
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert f'value="{value}"' in page
    assert not Update.objects.exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "This key result is measured from 1 Jan 2027, the start of 2027 Q1"),
        ("da", "Dette nøgleresultat måles fra 01.01.2027, starten af 2027 Q1"),
    ],
)
def test_a_value_dated_before_the_period_is_refused_and_kept(signed_in, kr, language, said):
    value = "3,4" if language == "da" else "3.4"
    response = record(
        signed_in, kr, language, value=value, happened_on="2026-12-31", text="Old survey"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert 'value="2026-12-31"' in page
    assert "Old survey" in page
    assert not Update.objects.exists()


def test_an_event_dated_before_the_period_is_refused(signed_in, count_kr):
    response = signed_in.post(
        reverse("progress:record", args=[count_kr.pk]),
        {"text": "Praise", "events": "1", "happened_on": "2026-12-31", "kind": "progress"},
    )
    assert response.status_code == 200
    assert "This key result is measured from" in response.content.decode()
    assert not Update.objects.exists()


def test_a_value_on_the_first_day_of_the_period_is_accepted(signed_in, kr):
    assert record(signed_in, kr, happened_on="2027-01-01").status_code == 302
