"""Feed entries come from the cache, yet each reader always sees the entry as it is now.

Every test first reads the feed (so the entry's fragment is cached), changes one thing an entry
shows or one thing the reader may do, and reads the feed again."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.services import drop_key_result
from objectives.models import Objective
from progress import services
from progress.models import Comment, Update
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
    Comment.objects.filter(pk=comment.pk).update(text="Great work.")
    assert "Great work." in entry_html(feed(reader), entry)


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
    Action.objects.filter(pk=action.pk).update(title="Call back within a day")
    assert "Call back within a day" in feed(client)


def test_a_period_moved_changes_where_its_key_results_stand(reader, kr, entry):
    assert kr.approved_on is None  # its time line starts with its period
    before = re.search(r'class="badge (standing-[a-z-]+)"', entry_html(feed(reader), entry))
    period = kr.objective.period
    period.start = period.start.replace(year=2026, month=7)  # much longer: now behind
    period.save()
    after = re.search(r'class="badge (standing-[a-z-]+)"', entry_html(feed(reader), entry))
    assert before.group(1) != after.group(1)


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
