"""Reacting to and commenting on feed entries, with and without htmx."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from progress import services
from progress.models import Comment, Reaction
from tests.helpers import HTMX

ICONS = (settings.BASE_DIR / "static" / "icons.svg").read_text(encoding="utf-8")


@pytest.fixture
def entry(org, kr):
    return services.record_measurement(
        key_result=kr, by=org.member, value=Decimal("3.3"), text="Survey up after callbacks."
    )


def react(client, entry, emoji, **kwargs):
    return client.post(reverse("progress:react", args=[entry.pk]), {"emoji": emoji}, **kwargs)


def comment(client, entry, text, **kwargs):
    return client.post(reverse("progress:comment", args=[entry.pk]), {"text": text}, **kwargs)


def reaction_button(page, emoji):
    start = page.index(f'value="{emoji}"')
    return page[start : page.index("</button>", start)]


def test_reacting_shows_the_count_and_marks_it_as_mine(client, org, entry):
    client.force_login(org.leader)
    response = react(client, entry, "🎉")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('progress:feed')}#update-{entry.pk}"
    page = client.get(reverse("progress:feed")).content.decode()
    button = reaction_button(page, "🎉")
    assert 'class="reaction mine"' in button
    assert 'aria-pressed="true"' in button
    assert '<span class="count">1</span>' in button


def test_reacting_again_takes_the_reaction_back(client, org, entry):
    client.force_login(org.leader)
    react(client, entry, "🎉")
    react(client, entry, "🎉")
    assert not Reaction.objects.exists()
    button = reaction_button(client.get(reverse("progress:feed")).content.decode(), "🎉")
    assert 'aria-pressed="false"' in button
    assert "count" not in button


def test_reactions_from_several_people_add_up(client, org, entry):
    for person in (org.leader, org.outsider, org.boss):
        client.force_login(person)
        react(client, entry, "👍")
    client.force_login(org.member)
    button = reaction_button(client.get(reverse("progress:feed")).content.decode(), "👍")
    assert '<span class="count">3</span>' in button
    assert 'aria-pressed="false"' in button


def test_one_person_may_give_several_different_reactions(client, org, entry):
    client.force_login(org.leader)
    react(client, entry, "👍")
    react(client, entry, "💡")
    assert sorted(Reaction.objects.values_list("emoji", flat=True)) == sorted(["👍", "💡"])


def test_htmx_reaction_returns_only_the_reactions_of_that_entry(client, org, entry):
    client.force_login(org.leader)
    response = react(client, entry, "💪", headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith(f'<form class="reactions" id="reactions-{entry.pk}"')
    assert '<span class="count">1</span>' in reaction_button(page, "💪")
    assert "Survey up after callbacks." not in page


@pytest.mark.parametrize("emoji", ["💩", "", "👍👍", "x" * 500])
def test_unknown_reaction_is_refused(client, org, entry, emoji):
    client.force_login(org.leader)
    response = react(client, entry, emoji)
    assert response.status_code == 302
    assert not Reaction.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Choose one of the offered reactions." in page


def test_unknown_reaction_by_htmx_returns_the_unchanged_reactions(client, org, entry):
    client.force_login(org.leader)
    response = react(client, entry, "💩", headers=HTMX)
    assert response.status_code == 200
    assert "💩" not in response.content.decode()
    assert not Reaction.objects.exists()


def test_comment_appears_under_the_entry(client, org, entry):
    client.force_login(org.outsider)
    response = comment(client, entry, "  How did you pick whom to call?  ")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('progress:feed')}#update-{entry.pk}"
    assert Comment.objects.get().text == "How did you pick whom to call?"
    page = client.get(reverse("progress:feed")).content.decode()
    assert "<strong>Otto Outsider</strong> How did you pick whom to call?" in page


def test_htmx_comment_returns_the_comments_of_that_entry(client, org, entry):
    comment(client, entry, "ignored: signed out")
    client.force_login(org.leader)
    comment(client, entry, "First!")
    response = comment(client, entry, "Well done.", headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert page.lstrip().startswith(f'<div class="comments" id="comments-{entry.pk}">')
    assert page.index("First!") < page.index("Well done.")
    assert "ignored: signed out" not in page


@pytest.mark.parametrize("text", ["", "   "])
def test_empty_comment_is_refused(client, org, entry, text):
    client.force_login(org.leader)
    response = comment(client, entry, text)
    assert response.status_code == 302
    assert not Comment.objects.exists()
    assert "Write a comment first." in client.get(response["Location"]).content.decode()


def test_empty_htmx_comment_shows_the_error_in_the_fragment(client, org, entry):
    client.force_login(org.leader)
    response = comment(client, entry, "", headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert "Write a comment first." in page
    assert not Comment.objects.exists()


def test_too_long_comment_is_refused(client, org, entry):
    client.force_login(org.leader)
    response = comment(client, entry, "x" * 2001, headers=HTMX)
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert not Comment.objects.exists()


def test_comment_text_is_shown_as_text_not_run_as_html(client, org, entry):
    client.force_login(org.leader)
    comment(client, entry, "<script>alert('hi')</script>")
    page = client.get(reverse("progress:feed")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page


def test_update_text_and_learning_are_shown_as_text(client, org, objective):
    services.share_update(
        objective=objective, by=org.member, text="<b>bold</b>", learning="<img src=x>"
    )
    client.force_login(org.outsider)
    page = client.get(reverse("progress:feed")).content.decode()
    assert "<b>bold</b>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<img src=x>" not in page


@pytest.mark.parametrize(
    ("emoji", "words", "icon"),
    [
        pytest.param("👍", "Good work", "good-work", id="good-work"),
        pytest.param("🎉", "Congratulations", "congratulations", id="congratulations"),
        pytest.param("💡", "Helpful", "helpful", id="helpful"),
        pytest.param("🙏", "Thank you", "thank-you", id="thank-you"),
        pytest.param("💪", "Keep going", "keep-going", id="keep-going"),
    ],
)
def test_each_reaction_is_named_in_words_and_drawn_without_an_emoji_font(
    client, org, entry, emoji, words, icon
):
    client.force_login(org.leader)
    button = reaction_button(client.get(reverse("progress:feed")).content.decode(), emoji)
    shown = button[button.index(">") + 1 :]  # what the button holds, after its value="…"

    assert f'<span class="visually-hidden">{words}</span>' in shown
    assert f'title="{words}"' in button
    assert f'icons.svg#{icon}"' in shown
    assert f'<symbol id="{icon}"' in ICONS
    assert emoji not in shown
