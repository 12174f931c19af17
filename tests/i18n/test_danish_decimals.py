from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory
from tests.helpers import key_result_data


def kr_data(**overrides):
    danish = {
        "title": "Kundetilfredshed",
        "unit": "point",
        "baseline": "3,0",
        "target": "3,5",
        "measurement_plan": "Månedlig undersøgelse blandt 50 kunder.",
    }
    return key_result_data(**{**danish, **overrides})


def test_danish_decimal_comma_is_read_from_the_language_cookie(client, org):
    objective = ObjectiveFactory(owner=org.member)
    client.force_login(org.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.post(reverse("key_results:create", args=[objective.pk]), kr_data())
    assert response.status_code == 302
    key_result = KeyResult.objects.get()
    assert key_result.baseline == Decimal("3.0")
    assert key_result.target == Decimal("3.5")


def test_danish_decimal_comma_is_read_from_the_browser_language(client, org):
    objective = ObjectiveFactory(owner=org.member)
    client.force_login(org.member)
    response = client.post(
        reverse("key_results:create", args=[objective.pk]),
        kr_data(baseline="12,25", target="8,5"),
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 302
    key_result = KeyResult.objects.get()
    assert key_result.baseline == Decimal("12.25")
    assert key_result.target == Decimal("8.5")


def test_danish_edit_form_shows_numbers_with_a_comma(client, org):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member))
    client.force_login(org.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    page = client.get(reverse("key_results:edit", args=[key_result.pk])).content.decode()
    # Without needless zeros, as people write it: 3,5.
    assert 'value="3,5"' in page


def test_english_page_does_not_mistake_a_comma_for_a_decimal_point(client, org):
    objective = ObjectiveFactory(owner=org.member)
    client.force_login(org.member)
    response = client.post(reverse("key_results:create", args=[objective.pk]), kr_data())
    assert response.status_code == 200
    [error] = response.context["form"].errors["target"]
    assert error.startswith("In English, a point separates the decimals and a comma the thousands")
    assert not KeyResult.objects.exists()
