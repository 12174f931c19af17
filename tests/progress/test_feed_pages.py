"""Older entries page by keyset (?before=<id>); htmx polls for newer ones (?after=<id>)."""

import re

import pytest
from django.urls import reverse

from progress import services
from tests.factories import ObjectiveFactory, TeamFactory
from tests.helpers import HTMX

FEED = reverse("progress:feed")


def shared(objective, by, text):
    return services.share_update(objective=objective, by=by, text=text)


def entry_ids(page):
    return [int(pk) for pk in re.findall(r'<article [^>]*id="update-(\d+)"', page)]


@pytest.fixture
def thirty(org, objective):
    """Thirty notes, oldest first."""
    return [shared(objective, org.member, f"Note number {n}") for n in range(30)]


def older_link(page):
    match = re.search(r'href="(/feed/\?[^"]+)" class="button">Older entries', page)
    return match and match.group(1).replace("&amp;", "&")


def test_first_page_shows_the_newest_entries(client, org, thirty):
    client.force_login(org.member)
    page = client.get(FEED).content.decode()
    assert entry_ids(page) == [entry.pk for entry in reversed(thirty[5:])]
    assert older_link(page) == f"{FEED}?before={thirty[5].pk}"


def test_older_entries_continue_where_the_page_ended_without_repeats(client, org, thirty):
    client.force_login(org.member)
    first = client.get(FEED).content.decode()
    second = client.get(older_link(first)).content.decode()
    assert entry_ids(second) == [entry.pk for entry in reversed(thirty[:5])]
    seen = entry_ids(first) + entry_ids(second)
    assert sorted(seen) == sorted(entry.pk for entry in thirty)
    assert older_link(second) is None
    assert 'href="/feed/">Newest</a>' in second


def test_entries_shared_while_reading_do_not_repeat_on_the_next_page(client, org, thirty):
    client.force_login(org.member)
    first = client.get(FEED).content.decode()
    for n in range(3):
        shared(thirty[0].objective, org.leader, f"Late note {n}")
    second = client.get(older_link(first)).content.decode()
    assert not set(entry_ids(first)) & set(entry_ids(second))
    assert len(entry_ids(second)) == 5


def test_older_entries_keep_the_filter(client, org, objective):
    sales = ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    support_notes = []
    for n in range(27):
        support_notes.append(shared(objective, org.member, f"Support note {n}"))
        shared(sales, org.outsider, f"Sales note {n}")
    client.force_login(org.member)
    first = client.get(FEED, {"team": org.support.pk}).content.decode()
    link = older_link(first)
    assert link == f"{FEED}?team={org.support.pk}&before={support_notes[2].pk}"
    second = client.get(link).content.decode()
    assert entry_ids(second) == [support_notes[1].pk, support_notes[0].pk]


def test_only_the_first_page_polls_for_new_entries(client, org, thirty):
    client.force_login(org.member)
    first = client.get(FEED).content.decode()
    assert f'hx-get="/feed/?after={thirty[-1].pk}"' in first
    second = client.get(older_link(first)).content.decode()
    assert 'id="feed-poller"' not in second


def test_polling_returns_only_newer_entries_as_a_fragment(client, org, objective):
    seen = shared(objective, org.member, "Already on the page")
    first_new = shared(objective, org.leader, "Fresh from the leader")
    second_new = shared(objective, org.member, "Fresh from the member")
    client.force_login(org.outsider)
    response = client.get(FEED, {"after": seen.pk}, headers=HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert entry_ids(page) == [second_new.pk, first_new.pk]
    assert "Already on the page" not in page
    # The poller is swapped out of band so the next poll asks for what is newer still.
    assert 'id="feed-poller"' in page
    assert 'hx-swap-oob="true"' in page
    assert f'hx-get="/feed/?after={second_new.pk}"' in page


def test_polling_with_nothing_new_keeps_asking_from_the_same_entry(client, org, objective):
    seen = shared(objective, org.member, "Already on the page")
    client.force_login(org.member)
    page = client.get(FEED, {"after": seen.pk}, headers=HTMX).content.decode()
    assert entry_ids(page) == []
    assert f'hx-get="/feed/?after={seen.pk}"' in page
    assert 'hx-swap-oob="true"' in page


def test_polling_keeps_the_filter(client, org, objective):
    seen = shared(objective, org.member, "Already on the page")
    sales = ObjectiveFactory(owner=org.outsider, title="Loyal shops")
    shared(sales, org.outsider, "Sales news")
    support_news = shared(objective, org.member, "Support news")
    client.force_login(org.member)
    page = client.get(FEED, {"after": seen.pk, "team": org.support.pk}, headers=HTMX)
    page = page.content.decode()
    assert entry_ids(page) == [support_news.pk]
    assert f'hx-get="/feed/?team={org.support.pk}&amp;after={support_news.pk}"' in page


@pytest.mark.parametrize("after", ["-1", "soon", "²", "99999999999999999999999"])
def test_polling_for_an_invalid_position_does_not_break(client, org, objective, after):
    shared(objective, org.member, "Something")
    client.force_login(org.member)
    response = client.get(FEED, {"after": after}, headers=HTMX)
    assert response.status_code == 200


def test_without_htmx_the_after_parameter_shows_the_whole_page(client, org, objective):
    seen = shared(objective, org.member, "Already on the page")
    client.force_login(org.member)
    page = client.get(FEED, {"after": seen.pk}).content.decode()
    assert "<html" in page
    assert entry_ids(page) == [seen.pk]


def team_select(page):
    start = page.index('<select name="team"')
    return page[start : page.index("</select>", start)]


def test_the_team_filter_lists_every_team_with_the_chosen_one_selected(client, org):
    TeamFactory(name="R&D <labs>", parent=org.company)
    client.force_login(org.member)
    page = client.get(reverse("progress:feed"), {"team": org.sales.pk}).content.decode()
    select = team_select(page)
    assert select.count("<option") == 5  # all teams, and the four teams by name
    assert "R&amp;D &lt;labs&gt;" in select
    assert re.findall(r'<option value="(\d+)" selected>', select) == [str(org.sales.pk)]
    page = client.get(reverse("progress:feed")).content.decode()
    assert " selected" not in team_select(page)
