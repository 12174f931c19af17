"""Feed entries come from the cache, yet each reader always sees the entry as it is now.

Every test first reads the feed (so the entry's fragment is cached), changes one thing an entry
shows or one thing the reader may do, and reads the feed again."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.services import drop_key_result
from objectives.models import Objective
from progress import services
from progress.models import Comment, Update, UpdateQuerySet
from tests.factories import KeyResultFactory


@pytest.fixture
def entry(org, kr):
    return services.record_measurement(
        key_result=kr, by=org.member, value=Decimal("3.3"), text="Survey up after callbacks."
    )


def feed(client):
    return client.get(reverse("progress:feed")).content.decode()


def entry_html(page, entry):
    start = page.index(f'id="update-{entry.pk}"')
    return page[start : page.index("</article>", start)]


@pytest.fixture
def reader(client, org, entry):
    """The outsider, who has read the feed once: the entry is in the cache."""
    client.force_login(org.outsider)
    assert "Survey up after callbacks." in feed(client)
    return client


def test_an_edited_objective_title_shows_at_once(reader, objective):
    Objective.objects.filter(pk=objective.pk).update(title="Delighted customers")
    assert "Delighted customers" in entry_html(feed(reader), Update.objects.get())


def test_an_edited_key_result_shows_its_new_title_and_unit(reader, kr, entry):
    kr.title = "Customer happiness"
    kr.unit = "stars"
    kr.save()
    html = entry_html(feed(reader), entry)
    assert "Customer happiness" in html
    assert "stars" in html


def test_a_new_value_changes_where_the_key_result_stands(reader, org, kr, entry):
    before = re.search(r'class="badge (standing-[a-z-]+)"', entry_html(feed(reader), entry))
    services.record_measurement(key_result=kr, by=org.member, value=Decimal("3.5"), text="Done")
    after = re.search(r'class="badge (standing-[a-z-]+)"', entry_html(feed(reader), entry))
    assert before.group(1) != after.group(1) == "standing-achieved"


def test_a_comment_shows_at_once(reader, org, entry):
    services.add_comment(update=entry, by=org.leader, text="Which callbacks worked?")
    assert "Which callbacks worked?" in entry_html(feed(reader), entry)


def test_an_edited_comment_shows_its_new_text(reader, org, entry):
    comment = services.add_comment(update=entry, by=org.leader, text="Nice work.")
    feed(reader)
    # Twice: the second edit is written by the same transaction as the first.
    for text in ("Great work.", "Splendid work."):
        Comment.objects.filter(pk=comment.pk).update(text=text)
        assert text in entry_html(feed(reader), entry)


def test_a_reaction_counts_at_once_and_is_marked_only_for_who_made_it(client, reader, org, entry):
    services.toggle_reaction(update=entry, by=org.outsider, emoji="🎉")
    mine = entry_html(feed(reader), entry)
    assert 'aria-pressed="true"' in mine
    client.force_login(org.leader)
    theirs = entry_html(feed(client), entry)
    assert 'aria-pressed="true"' not in theirs
    assert '<span class="count">1</span>' in theirs


def test_a_renamed_author_shows_by_the_new_name(reader, org, entry):
    org.member.first_name = "Mia"
    org.member.save()
    assert "Mia Member" in entry_html(feed(reader), entry)


def test_a_renamed_team_shows_by_the_new_name(reader, org, entry):
    org.support.name = "Customer care"
    org.support.save()
    assert "Customer care" in entry_html(feed(reader), entry)


def test_an_objective_back_to_draft_leaves_the_feed_of_those_who_may_not_read_it(
    reader, objective, entry
):
    objective.change_status(Objective.Status.DRAFT)
    assert f'id="update-{entry.pk}"' not in feed(reader)


def test_a_count_closed_to_everyone_loses_its_one_click_button(reader, org, objective):
    count = KeyResultFactory(
        objective=objective,
        kind="count",
        baseline=0,
        target=5,
        current_value=0,
        title="Unprompted praise",
        approval_state="approved",
        open_to_everyone=True,
    )
    event = services.log_event(key_result=count, by=org.member, events=1, text="Praised")
    assert "+1 to" in entry_html(feed(reader), event)
    count.open_to_everyone = False
    count.save()
    assert "+1 to" not in entry_html(feed(reader), event)


def test_the_feed_follows_the_readers_language(reader, entry):
    assert "Progress" in entry_html(feed(reader), entry)
    reader.cookies["django_language"] = "da"
    assert "Fremskridt" in entry_html(feed(reader), entry)


def test_each_reading_gets_its_own_tokens_so_a_comment_is_never_taken_for_a_repeat(
    reader, org, entry
):
    first, second = feed(reader), feed(reader)
    tokens = re.findall(r'name="submission" value="([^"]+)"', first + second)
    assert len(tokens) == len(set(tokens)) >= 2
    in_the_entry = entry_html(second, entry)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', in_the_entry).group(1)
    reader.handler.enforce_csrf_checks = True
    for token in tokens[:2]:
        reader.post(
            reverse("progress:comment", args=[entry.pk]),
            {"text": "Me too", "submission": token, "csrfmiddlewaretoken": csrf},
        )
    assert entry.comments.filter(text="Me too").count() == 2


def test_a_renamed_action_shows_by_its_new_name(client, org, objective):
    from objectives.models import Action
    from objectives.services import change_action_status
    from tests.factories import ActionFactory

    action = ActionFactory(objective=objective, owner=org.member, title="Call back")
    change_action_status(action=action, by=org.member, status=Action.Status.DONE)
    client.force_login(org.outsider)
    assert "Call back" in feed(client)
    for title in ("Call back within a day", "Call back within an hour"):
        Action.objects.filter(pk=action.pk).update(title=title)
        assert title in feed(client)


def test_a_period_moved_changes_where_its_key_results_stand(reader, kr, entry):
    assert kr.approved_on is None  # its time line starts with its period
    before = re.search(r'class="badge (standing-[a-z-]+)"', entry_html(feed(reader), entry))
    period = kr.objective.period
    period.start = period.start.replace(year=2026, month=7)  # much longer: now behind
    period.save()
    after = re.search(r'class="badge (standing-[a-z-]+)"', entry_html(feed(reader), entry))
    assert before.group(1) != after.group(1)


@pytest.fixture
def rate_kr(org, objective):
    """Twice a week, from Monday 1 February 2027."""
    return KeyResultFactory(
        objective=objective,
        title="A colleague praises our work",
        kind="rate",
        per="week",
        baseline=Decimal(0),
        target=Decimal(2),
        current_value=Decimal(0),
        approval_state="approved",
        approved_on=datetime.date(2027, 2, 1),
    )


def period_of(html):
    return re.search(
        r'<div class="kr-line rate-period">\s*<strong class="values">([^<]*)</strong>'
        r'\s*<span class="badge [^"]*">([^<]*)</span>',
        html,
    ).groups()


def test_a_later_event_in_the_same_week_shows_on_the_earlier_entry(client, org, rate_kr):
    first = services.log_event(key_result=rate_kr, by=org.member, text="Praise on Monday.")
    client.force_login(org.outsider)
    assert period_of(entry_html(feed(client), first)) == ("Week 7: 1 of 2", "under way")
    services.log_event(key_result=rate_kr, by=org.member, text="Praise on Monday again.")
    assert period_of(entry_html(feed(client), first)) == ("Week 7: 2 of 2", "met")


def test_a_week_that_ends_short_shows_as_not_met_the_next_monday(
    client, org, rate_kr, time_machine
):
    first = services.log_event(key_result=rate_kr, by=org.member, text="Praise on Monday.")
    client.force_login(org.outsider)
    assert period_of(entry_html(feed(client), first)) == ("Week 7: 1 of 2", "under way")
    time_machine.move_to(datetime.datetime(2027, 2, 22, 9, 0, tzinfo=datetime.UTC), tick=False)
    assert period_of(entry_html(feed(client), first)) == ("Week 7: 1 of 2", "not met")


def test_a_rate_changed_from_two_to_one_a_week_shows_the_week_met(client, org, rate_kr):
    first = services.log_event(key_result=rate_kr, by=org.member, text="Praise on Monday.")
    client.force_login(org.outsider)
    assert period_of(entry_html(feed(client), first))[1] == "under way"
    KeyResultFactory._meta.model.objects.filter(pk=rate_kr.pk).update(target=Decimal(1))
    assert period_of(entry_html(feed(client), first)) == ("Week 7: 1 of 1", "met")


def test_a_rewritten_retrospective_shows_at_once(client, org, objective):
    from objectives.services import close_objective

    answers = {"worked": "Callbacks.", "did_not_work": "Newsletter.", "carry_on": "Surveys."}
    close_objective(objective=objective, by=org.member, **answers)
    client.force_login(org.outsider)
    entry = Update.objects.get(kind=Update.Kind.RETROSPECTIVE)
    assert "Newsletter." in entry_html(feed(client), entry)
    objective.change_status(Objective.Status.ACTIVE)
    close_objective(objective=objective, by=org.member, **{**answers, "did_not_work": "Flyers."})
    html = entry_html(feed(client), entry)
    assert "Flyers." in html
    assert "Newsletter." not in html


def test_a_dropped_key_result_no_longer_shows_where_it_stands_in_its_entries(
    reader, org, kr, entry
):
    assert 'class="badge standing-' in entry_html(feed(reader), entry)
    drop_key_result(key_result=kr, by=org.member, reason="The survey was stopped.")
    page = feed(reader)
    assert 'class="badge standing-' not in entry_html(page, entry)
    dropped = Update.objects.get(kind=Update.Kind.DROPPED)
    assert "The survey was stopped." in entry_html(page, dropped)


# The whole page of entries is kept too (progress.views._entries_html), keyed on every row each
# entry shows: the tests above read it back from there; these check what only it could miss.


def test_an_edited_value_shows_at_once(reader, entry):
    # Twice: the second edit is written by the same transaction as the first.
    for value in ("3.2", "3.1"):
        Update.objects.filter(pk=entry.pk).update(value_after=Decimal(value))
        assert f"→ {value} points" in entry_html(feed(reader), entry)


def test_an_edited_retrospective_shows_at_once(client, org, objective):
    from objectives.models import Retrospective
    from objectives.services import close_objective

    close_objective(
        objective=objective, by=org.member, worked="Calls.", did_not_work="Mail.", carry_on="Calls."
    )
    entry = Update.objects.get(kind=Update.Kind.RETROSPECTIVE)
    client.force_login(org.outsider)
    assert "Mail." in entry_html(feed(client), entry)
    for answer in ("Flyers.", "Posters."):
        Retrospective.objects.filter(objective=objective).update(did_not_work=answer)
        assert answer in entry_html(feed(client), entry)


def test_a_reaction_taken_back_is_counted_no_more(client, reader, org, entry):
    services.toggle_reaction(update=entry, by=org.leader, emoji="🎉")
    assert '<span class="count">1</span>' in entry_html(feed(reader), entry)
    services.toggle_reaction(update=entry, by=org.leader, emoji="🎉")
    assert '<span class="count">' not in entry_html(feed(reader), entry)


def test_a_reader_made_leader_of_the_team_sees_its_drafts_entries_at_once(
    reader, org, objective, entry
):
    objective.change_status(Objective.Status.DRAFT)
    assert f'id="update-{entry.pk}"' not in feed(reader)
    org.support.leader = org.outsider
    org.support.save()
    assert f'id="update-{entry.pk}"' in feed(reader)


@pytest.mark.django_db(transaction=True)
def test_a_title_changed_while_the_page_is_drawn_then_changed_back_shows_as_it_is(
    client, org, objective, entry, monkeypatch
):
    """Each change is committed on its own here: the rows' versions, not only their values,
    key the page, so what was drawn from rows read a moment later is never served again."""
    for_feed = UpdateQuerySet.for_feed

    def renamed_meanwhile(updates):
        Objective.objects.filter(pk=objective.pk).update(title="Renamed for a moment")
        return for_feed(updates)

    client.force_login(org.outsider)
    with monkeypatch.context() as patched:
        patched.setattr(UpdateQuerySet, "for_feed", renamed_meanwhile)
        assert "Renamed for a moment" in entry_html(feed(client), entry)
    Objective.objects.filter(pk=objective.pk).update(title="Happier customers")
    html = entry_html(feed(client), entry)
    assert "Happier customers" in html
    assert "Renamed for a moment" not in html
