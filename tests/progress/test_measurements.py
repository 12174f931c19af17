"""Recording measured values on a key result keeps the whole history; the newest is current."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from progress.models import Update
from tests.helpers import measurement_data


def record(client, kr, value, **overrides):
    return client.post(
        reverse("progress:record", args=[kr.pk]), measurement_data(value, **overrides)
    )


def test_recording_a_measurement_sends_the_owner_back_to_the_key_result(client, org, kr):
    client.force_login(org.member)
    response = record(client, kr, "3.2")
    assert response.status_code == 302
    assert response["Location"] == kr.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Recorded and shared in the feed." in page
    assert "now <strong>3.2</strong>" in page


def test_every_measured_value_is_kept(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.1", happened_on="2027-01-10")
    record(client, kr, "3.3", happened_on="2027-01-31")
    record(client, kr, "3.2", happened_on="2027-02-14")
    values = list(
        Update.objects.measurements().order_by("id").values_list("value_after", flat=True)
    )
    assert values == [Decimal("3.1"), Decimal("3.3"), Decimal("3.2")]
    page = client.get(kr.get_absolute_url()).content.decode()
    assert "3 → <strong>3.1</strong>" in page
    assert "3.1 → <strong>3.3</strong>" in page
    assert "3.3 → <strong>3.2</strong>" in page


def test_key_result_shows_its_measurements_newest_first(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.1", happened_on="2027-01-10", text="January survey")
    record(client, kr, "3.3", happened_on="2027-02-14", text="February survey")
    page = client.get(kr.get_absolute_url()).content.decode()
    assert page.index("February survey") < page.index("January survey")


def test_current_value_is_the_newest_measurement(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.1", happened_on="2027-01-10")
    record(client, kr, "3.4", happened_on="2027-02-01")
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.4")


def test_each_measurement_says_what_the_value_was_before_and_after(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.1", happened_on="2027-01-10")
    record(client, kr, "3.4", happened_on="2027-02-01")
    first, second = Update.objects.measurements().order_by("id")
    assert (first.value_before, first.value_after) == (Decimal("3.0"), Decimal("3.1"))
    assert (second.value_before, second.value_after) == (Decimal("3.1"), Decimal("3.4"))
    assert "3.1 → 3.4 points" in client.get(reverse("progress:feed")).content.decode()


def test_back_dated_measurement_does_not_replace_a_newer_current_value(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.4", happened_on="2027-02-10")
    response = record(client, kr, "3.2", happened_on="2027-01-20", text="Forgot January")
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.4")
    assert Update.objects.measurements().count() == 2


def test_back_dated_measurement_starts_from_the_value_of_its_own_day(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.1", happened_on="2027-01-05")
    record(client, kr, "3.4", happened_on="2027-02-10")
    record(client, kr, "3.2", happened_on="2027-01-20", text="Forgot January")
    back_dated = Update.objects.get(text="Forgot January")
    assert (back_dated.value_before, back_dated.value_after) == (Decimal("3.1"), Decimal("3.2"))


def test_back_dated_measurement_becomes_current_when_nothing_newer_exists(client, org, kr):
    client.force_login(org.member)
    record(client, kr, "3.3", happened_on="2027-01-20")
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.3")


def test_measurement_in_the_future_is_refused_with_a_message(client, org, kr):
    client.force_login(org.member)
    response = record(client, kr, "3.4", happened_on="2027-02-16")
    assert response.status_code == 200
    assert response.context["form"].errors["happened_on"] == ["That date is in the future."]
    assert "That date is in the future." in response.content.decode()
    assert not Update.objects.exists()
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.0")


def test_text_in_the_value_field_is_a_form_error(client, org, kr):
    client.force_login(org.member)
    response = record(client, kr, "quite a lot")
    assert response.status_code == 200
    assert response.context["form"].errors["value"] == ["Write a number like 3.5 or 1,500.5."]
    assert not Update.objects.exists()


def test_measurement_needs_a_line_about_what_happened(client, org, kr):
    client.force_login(org.member)
    response = record(client, kr, "3.4", text="")
    assert response.status_code == 200
    assert response.context["form"].errors["text"] == ["This field is required."]
    assert not Update.objects.exists()


def test_danish_decimal_comma_is_accepted_in_danish(client, org, kr):
    client.force_login(org.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = record(client, kr, "3,4")
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.current_value == Decimal("3.4")
    assert "3 → 3,4 points" in client.get(reverse("progress:feed")).content.decode()


def test_english_page_does_not_read_a_comma_as_a_decimal_point(client, org, kr):
    client.force_login(org.member)
    response = record(client, kr, "3,4")
    assert response.status_code == 200
    [error] = response.context["form"].errors["value"]
    assert error.startswith("In English, a point separates the decimals")
    assert not Update.objects.exists()


def test_measurement_appears_in_the_feed_with_its_text_and_learning(client, org, kr):
    client.force_login(org.member)
    record(
        client,
        kr,
        "3.2",
        kind="setback",
        text="Survey dipped after the outage.",
        learning="Tell customers before maintenance.",
    )
    page = client.get(reverse("progress:feed")).content.decode()
    assert "Survey dipped after the outage." in page
    assert "Tell customers before maintenance." in page
    assert "3 → 3.2 points" in page
