"""A forgotten password is reset by email: the link arrives in the person's language, sets a new
password once, and lifts a sign-in pause; the page says the same for addresses nobody has."""

import re

import pytest
from django.core import mail
from django.urls import reverse

NEW_PASSWORD = "a-long-new-passphrase-42"


def request_reset(client, email: str, **extra: str):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def link_in(message) -> str:
    """The path of the reset link in an email, checked to start with the site's address."""
    match = re.search(r"https://okr\.example\.com(/password-reset/\S+/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://okr.example.com"


def test_the_sign_in_page_links_to_the_reset(client, db):
    page = client.get(reverse("login")).content.decode()

    assert f'href="{reverse("password_reset")}"' in page
    assert "Forgotten your password?" in page


def test_a_reset_by_email_sets_a_new_password_to_sign_in_with(client, org):
    response = request_reset(client, "member@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_sent")
    assert "Check your email" in client.get(response["Location"]).content.decode()

    [message] = mail.outbox
    assert message.to == ["member@example.com"]
    assert message.subject == "Set a new password for OKR"
    assert "Hi Mette," in message.body
    assert "Your username is member." in message.body

    form_page = client.get(link_in(message), follow=True)
    assert b'name="new_password1"' in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("password_reset_complete")
    assert "Your password is set" in client.get(done["Location"]).content.decode()

    assert sign_in(client, "member", "secret-pass-123").status_code == 200  # the old one fails
    assert sign_in(client, "member", NEW_PASSWORD)["Location"] == reverse("progress:my_okrs")


def test_a_reset_link_works_once(client, org):
    request_reset(client, "member@example.com")
    link = link_in(mail.outbox[0])
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True).content.decode()

    assert "This link has already been used or has expired." in again
    assert 'name="new_password1"' not in again


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, org):
    known = request_reset(client, "member@example.com")
    unknown = request_reset(client, "nobody@example.com")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("person_language", "page_language", "greeting"),
    [
        ("", "en", "Hi Mette,"),
        ("", "da", "Hej Mette"),
        ("da", "en", "Hej Mette"),
        ("en", "da", "Hi Mette,"),
    ],
    ids=["page-english", "page-danish", "person-danish-over-page", "person-english-over-page"],
)
def test_the_email_speaks_the_persons_language_else_the_pages(
    client, org, person_language, page_language, greeting
):
    org.member.language = person_language
    org.member.save()

    request_reset(client, "member@example.com", HTTP_ACCEPT_LANGUAGE=page_language)

    assert mail.outbox[0].body.startswith(greeting)


def test_the_reset_lifts_a_sign_in_pause(client, org):
    for _ in range(5):
        sign_in(client, "member", "wrong-guess")
    assert sign_in(client, "member", "secret-pass-123").status_code == 429

    request_reset(client, "member@example.com")
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert sign_in(client, "member", NEW_PASSWORD)["Location"] == reverse("progress:my_okrs")
