"""The quarter review's sections come from the cache, yet always show the period as it is now.

Each test reads the organisation's review once (so its sections are kept), changes one thing the
review shows, and reads it again, as someone else where that matters: one drawing serves every
reader. The small organisation is the one of test_quarter_review.py, reviewed after 2027 Q1."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from key_results.rates import Per
from key_results.services import score_key_result
from objectives.models import Action, Objective, Period, Retrospective
from progress import services
from progress.models import Update
from tests.factories import ActionFactory, KeyResultFactory
from tests.progress import test_quarter_review
from tests.progress.test_quarter_review import day, review_of

world = test_quarter_review.world  # the small organisation, a fixture here too


def review(client, world, url=None):
    """The review's page, and whether its sections were drawn for this request."""
    drawn, page = review_of(client, url or reverse("progress:review"), world)
    return page, drawn is not None


def objective_row(page, objective):
    start = page.index(f'id="review-objective-{objective.pk}"')
    return page[start : page.index("</tr>", start)]


@pytest.fixture
def reader(client, org, world):
    """The outsider, who has read the review once: its sections are in the cache."""
    client.force_login(org.outsider)
    _page, drawn = review(client, world)
    assert drawn
    page, drawn = review(client, world)
    assert not drawn  # kept: nothing changed
    assert "Happier customers" in page
    return client


def test_an_adjusted_score_shows_at_once(reader, org, world):
    # C proposes 0.75 (6 of 8 referrals); its owner scores it 0.5.
    assert '<td class="adjusted"><strong>0.75</strong></td>' in objective_row(
        review(reader, world)[0], world["c"]
    )
    referrals = world["c"].key_results.get()
    score_key_result(key_result=referrals, by=org.outsider, score=Decimal("0.5"), reason="Late")
    row = objective_row(review(reader, world)[0], world["c"])
    assert '<td class="adjusted"><strong>0.5</strong></td>' in row
    assert '<td class="scored">1/1</td>' in row


def test_a_measurement_recorded_moves_the_proposed_score(reader, org, world):
    referrals = world["c"].key_results.get()
    services.record_measurement(
        key_result=referrals,
        by=org.outsider,
        value=Decimal(7),
        text="One more",
        happened_on=day(3, 20),
    )
    # 7 of 8 referrals: 0.875, which rounds to 0.88.
    assert '<td class="proposed">0.88</td>' in objective_row(review(reader, world)[0], world["c"])


def test_a_back_dated_measurement_changes_what_an_action_did(reader, org, world):
    effect_id = f'id="review-effect-{world["callbacks"].pk}-{world["a1"].pk}"'
    page = review(reader, world)[0]
    assert '<td class="before">+0.05 points</td>' in page[page.index(effect_id) :]
    # Measured on 3 January, before anything else: 3.1 four weeks before the callbacks, so the
    # weeks before went (3.2 − 3.1) / 4 = +0.025 a week, shown +0.03. Today's value is unchanged.
    services.record_measurement(
        key_result=world["a1"],
        by=org.member,
        value=Decimal("3.1"),
        text="Early",
        happened_on=day(1, 3),
    )
    page = review(reader, world)[0]
    assert '<td class="before">+0.03 points</td>' in page[page.index(effect_id) :]


def test_an_objective_back_to_draft_is_gone_for_everyone(reader, client, org, world):
    Objective.objects.filter(pk=world["d"].pk).update(status=Objective.Status.DRAFT)
    for someone in (org.outsider, org.sales_lead, org.admin):  # its owner and an admin too
        client.force_login(someone)
        page = review(client, world)[0]
        assert "Bigger deals" not in page
        assert f'id="review-objective-{world["d"].pk}"' not in page


def test_a_new_setback_shows_at_once(reader, org, world):
    services.share_update(
        objective=world["b"],
        by=org.leader,
        kind=Update.Kind.SETBACK,
        text="The phones were down for a day.",
        happened_on=day(3, 5),
    )
    page = review(reader, world)[0]
    assert "The phones were down for a day." in page
    assert "2 setbacks were shared in the period" in page


def test_an_action_done_shows_at_once(reader, org, world):
    # An action that no key result measures: only the action itself is new.
    action = ActionFactory(objective=world["b"], owner=org.leader, title="Answer within the hour")
    Action.objects.filter(pk=action.pk).update(
        status=Action.Status.DONE, done_at=datetime.datetime(2027, 3, 15, 9, tzinfo=datetime.UTC)
    )
    assert f'id="review-action-{action.pk}"' in review(reader, world)[0]


def test_an_edited_learning_shows_at_once(reader, world):
    Retrospective.objects.filter(objective=world["a"]).update(worked="Callbacks within a day.")
    assert "Callbacks within a day." in review(reader, world)[0]


def test_a_renamed_owner_shows_at_once(reader, org, world):
    org.leader.first_name = "Lise"
    org.leader.save()
    assert "Lise" in objective_row(review(reader, world)[0], world["b"])


def test_a_renamed_team_shows_at_once(reader, org, world):
    org.support.name = "Support desk"  # still after Sales: the rows keep their order
    org.support.save()
    assert "Support desk" in objective_row(review(reader, world)[0], world["b"])


def test_the_review_is_drawn_again_in_the_readers_language(reader, world, settings):
    assert "0.55" in objective_row(review(reader, world)[0], world["a"])
    reader.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    row = objective_row(review(reader, world)[0], world["a"])
    assert '<td class="proposed">0,55</td>' in row


def test_the_weeks_after_an_action_show_once_they_have_passed(reader, world, time_machine):
    # Read on 20 February (three weeks after the callbacks), then on 2 March.
    time_machine.move_to(datetime.datetime(2027, 2, 20, 10, tzinfo=datetime.UTC), tick=True)
    assert "Not yet: the weeks after have not all passed." in review(reader, world)[0]
    time_machine.move_to(datetime.datetime(2027, 3, 2, 10, tzinfo=datetime.UTC), tick=True)
    assert "Not yet: the weeks after have not all passed." not in review(reader, world)[0]


def test_a_teams_review_is_not_the_organisations(reader, org, world):
    # The company's review holds every objective, as the organisation's does, and shows each
    # key result's score besides.
    page = review(reader, world, reverse("progress:team_review", args=[org.company.pk]))[0]
    assert f'id="review-kr-{world["a1"].pk}"' in page


def test_a_moved_period_changes_where_a_rates_weeks_start(reader, org, world):
    # A rate approved with no day of its own counts its weeks from the period's first day: one
    # good week of the quarter's thirteen, then of ten.
    KeyResultFactory(
        objective=world["c"],
        approval_state=KeyResult.ApprovalState.APPROVED,
        kind=KeyResult.Kind.RATE,
        per=Per.WEEK,
        unit="visits",
        baseline=Decimal(0),
        target=Decimal(1),
        approved_on=None,
        events_by_day=[[day(3, 1).isoformat(), 1]],
    )
    before = objective_row(review(reader, world)[0], world["c"])
    Period.objects.filter(pk=world["q1"].pk).update(start=day(1, 25))
    after = objective_row(review(reader, world)[0], world["c"])
    assert after != before
