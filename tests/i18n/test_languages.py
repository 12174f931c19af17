"""People read the product in Danish or English: the browser chooses, the switcher overrides."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from objectives.models import Objective
from objectives.validators import validate_no_numbers


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "shown", "hidden"),
    [("da", "Adgangskode", "Password"), ("en", "Password", "Adgangskode")],
)
def test_sign_in_page_follows_the_browser_language(client, accept, shown, hidden):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE=accept).content.decode()
    assert shown in page
    assert hidden not in page
    assert f'<html lang="{accept}">' in page


def test_choosing_danish_switches_a_signed_in_page(client, org):
    client.force_login(org.member)
    my_okrs = reverse("progress:my_okrs")
    before = client.get(my_okrs).content.decode()
    assert "New objective" in before
    assert "Nyt mål" not in before

    response = client.post(reverse("set_language"), {"language": "da", "next": my_okrs})
    assert response.status_code == 302
    assert response.url == my_okrs

    after = client.get(my_okrs).content.decode()
    assert '<html lang="da">' in after
    assert "Nyt mål" in after
    assert "Log ud" in after
    assert "New objective" not in after

    client.post(reverse("set_language"), {"language": "en", "next": my_okrs})
    assert "New objective" in client.get(my_okrs).content.decode()


def test_choices_and_validation_messages_are_danish():
    with translation.override("da"):
        assert str(Objective.Status.ACTIVE.label) == "Aktiv"
        assert str(Objective._meta.verbose_name) == "mål"
        with pytest.raises(ValidationError) as error:
            validate_no_numbers("Sell 5 more")
        assert "fra 3,0 til 3,5" in " ".join(error.value.messages)
