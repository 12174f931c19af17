"""Dates read day first in both languages: "10 Jan 2026" in English (never the American
01/10/2026, which a European reads as 1 October), 10.01.2026 in Danish."""

import datetime

import pytest
from django import forms
from django.utils import formats, translation

from tests.factories import KeyResultFactory

MOMENT = datetime.datetime(2026, 1, 10, 14, 5)


@pytest.mark.parametrize(
    ("language", "format_name", "shown"),
    [
        pytest.param("en", "SHORT_DATE_FORMAT", "10 Jan 2026", id="en-short-date"),
        pytest.param("en", "DATE_FORMAT", "10 January 2026", id="en-date"),
        pytest.param("en", "SHORT_DATETIME_FORMAT", "10 Jan 2026, 14:05", id="en-short-datetime"),
        pytest.param("da", "SHORT_DATE_FORMAT", "10.01.2026", id="da-short-date"),
        pytest.param("da", "DATE_FORMAT", "10. januar 2026", id="da-date"),
        pytest.param("da", "SHORT_DATETIME_FORMAT", "10.01.2026 14:05", id="da-short-datetime"),
    ],
)
def test_dates_are_written_day_first(language, format_name, shown):
    with translation.override(language):
        assert formats.date_format(MOMENT, format_name) == shown


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        pytest.param("en", "10/01/2026", id="en-day-first"),
        pytest.param("en", "2026-01-10", id="en-iso"),
        pytest.param("da", "10.01.2026", id="da-day-first"),
    ],
)
def test_typed_dates_are_read_day_first(language, typed):
    with translation.override(language):
        assert forms.DateField().clean(typed) == datetime.date(2026, 1, 10)


@pytest.mark.parametrize(
    ("accept", "shown", "not_shown"),
    [("en", "deadline 31 Mar 2027", "03/31/2027"), ("da", "31.03.2027", "31 Mar 2027")],
)
def test_a_key_result_shows_its_deadline_day_first(
    client, org, objective, accept, shown, not_shown
):
    key_result = KeyResultFactory(objective=objective, deadline=datetime.date(2027, 3, 31))
    client.force_login(org.member)
    page = client.get(key_result.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=accept).content.decode()

    assert shown in page
    assert not_shown not in page
