"""The quarter review of a period, for the organisation and for a team, on a small organisation
whose numbers are worked out by hand below; and its cost, the same for 2 and 200 objectives."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from key_results.models import KeyResult
from key_results.rates import Per
from key_results.services import score_key_result
from objectives.models import Action, Objective, Retrospective
from objectives.services import close_objective
from progress import services
from progress.models import Update
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory
from tests.helpers import quarter

APPROVED = KeyResult.ApprovalState.APPROVED
# Reviewed after 2027 Q1 has ended: every deadline has passed, every window of weeks is over.
AFTER_Q1 = datetime.datetime(2027, 4, 5, 10, tzinfo=datetime.UTC)


def day(month, number):
    return datetime.date(2027, month, number)


@pytest.fixture
def world(org, time_machine):
    time_machine.move_to(AFTER_Q1, tick=True)
    q1 = quarter(2027, 1)
    # A (Support, member): satisfaction 3.0 → 3.5 (weight 1) and ten comments (weight 3).
    a = ObjectiveFactory(owner=org.member, period=q1, title="Happier customers")
    callbacks = ActionFactory(objective=a, owner=org.member, title="Call back every complaint")
    a1 = KeyResultFactory(objective=a, approval_state=APPROVED, action=callbacks, weight=1)
    a2 = KeyResultFactory(
        objective=a,
        title="Unsolicited praise",
        kind=KeyResult.Kind.COUNT,
        unit="comments",
        baseline=Decimal(0),
        target=Decimal(10),
        approval_state=APPROVED,
        weight=3,
    )
    for when, value in ((day(1, 11), "3.1"), (day(1, 25), "3.2"), (day(2, 15), "3.3")):
        services.record_measurement(
            key_result=a1, by=org.member, value=Decimal(value), text="Survey", happened_on=when
        )
    services.record_measurement(
        key_result=a1, by=org.member, value=Decimal("3.6"), text="Survey", happened_on=day(3, 1)
    )
    services.log_event(key_result=a2, by=org.member, text="Praise", events=4, happened_on=day(2, 3))
    Action.objects.filter(pk=callbacks.pk).update(
        status=Action.Status.DONE, done_at=datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC)
    )
    services.share_update(
        objective=a,
        by=org.member,
        kind=Update.Kind.SETBACK,
        text="The survey tool broke for a week.",
        happened_on=day(2, 20),
    )
    score_key_result(key_result=a1, by=org.member, score=Decimal("0.9"), reason="Few answers")
    close_objective(
        objective=a,
        by=org.member,
        worked="Callbacks.",
        did_not_work="The newsletter.",
        carry_on="Monthly surveys.",
    )
    # B (Support, leader): answer time 10 → 5 hours, at 9: 20 %, scored as proposed.
    b = ObjectiveFactory(owner=org.leader, period=q1, title="Faster answers")
    b1 = KeyResultFactory(
        objective=b,
        title="Answer time",
        unit="hours",
        baseline=Decimal(10),
        target=Decimal(5),
        current_value=Decimal(9),
        approval_state=APPROVED,
    )
    score_key_result(key_result=b1, by=org.leader, score=Decimal("0.2"), reason="")
    # C (Sales): referrals 0 → 8, at 6: proposes 0.75, not scored. An action without a key result.
    c = ObjectiveFactory(owner=org.outsider, period=q1, title="More referrals")
    KeyResultFactory(
        objective=c,
        title="Referrals",
        unit="referrals",
        baseline=Decimal(0),
        target=Decimal(8),
        current_value=Decimal(6),
        approval_state=APPROVED,
    )
    visits = ActionFactory(objective=c, owner=org.outsider, title="Visit our best customers")
    Action.objects.filter(pk=visits.pk).update(
        status=Action.Status.DONE, done_at=datetime.datetime(2027, 3, 10, 9, tzinfo=datetime.UTC)
    )
    # D (Sales): only a draft key result, so nothing to score.
    d = ObjectiveFactory(owner=org.sales_lead, period=q1, title="Bigger deals")
    KeyResultFactory(objective=d)
    # Never in the review: a draft objective, and an objective of the next quarter.
    draft = ObjectiveFactory(
        owner=org.member, period=q1, title="Secret plans", status=Objective.Status.DRAFT
    )
    KeyResultFactory(objective=draft, approval_state=APPROVED)
    ObjectiveFactory(owner=org.member, period=quarter(2027, 2), title="Next quarter's plan")
    return {"q1": q1, "a": a, "b": b, "c": c, "d": d, "a1": a1, "callbacks": callbacks}


def review_of(client, url, world):
    """The review drawn for this request (None when its sections came from the cache), and
    the page."""
    response = client.get(url, {"period": world["q1"].pk})
    assert response.status_code == 200
    return response.context.get("review"), response.content.decode()


def test_the_organisations_review_of_a_small_organisation(client, org, world):
    client.force_login(org.outsider)
    review, page = review_of(client, reverse("progress:review"), world)
    rows = {row.objective.title: row for row in review.objectives}
    assert set(rows) == {"Happier customers", "Faster answers", "More referrals", "Bigger deals"}
    # A: proposed (1.00 × 1 + 0.40 × 3) / 4 = 0.55 (3.6 is past the target: 1.00; 4 of 10
    # comments: 0.40); scored (0.90 × 1 + 0.40 × 3) / 4 = 0.525, which rounds to 0.53.
    a = rows["Happier customers"].score
    assert (a.proposed, a.adjusted, a.scored, a.counted) == (
        Decimal("0.55"),
        Decimal("0.53"),
        1,
        2,
    )
    # B: 10 → 5 hours at 9 is 20 %: 0.20, scored as proposed.
    b = rows["Faster answers"].score
    assert (b.proposed, b.adjusted) == (Decimal("0.20"), Decimal("0.20"))
    # C: 6 of 8 referrals: 0.75, not scored, so it counts at its proposal.
    assert rows["More referrals"].score.adjusted == Decimal("0.75")
    assert rows["Bigger deals"].score is None
    # B in 0.0–0.3, A in 0.4–0.6, C in 0.7–1.0; D has no score.
    assert [count.objectives for count in review.distribution] == [1, 1, 1]
    assert review.unscored == 1
    assert [s.text for s in review.setbacks] == ["The survey tool broke for a week."]
    assert review.setback_count == 1
    # The callbacks were done on 1 February. Satisfaction on 4 January: 3.0 (the baseline,
    # nothing measured yet); on 1 February: 3.2 (measured 25 January); on 1 March: 3.6.
    # Before: (3.2 − 3.0) / 4 = +0.05 a week; after: (3.6 − 3.2) / 4 = +0.10; change +0.05.
    callbacks, visits = review.actions
    assert callbacks.action.title == "Call back every complaint"
    assert callbacks.done_on == day(2, 1)
    [effect] = callbacks.effects
    assert (effect.before, effect.after, effect.change) == (
        Decimal("0.05"),
        Decimal("0.10"),
        Decimal("0.05"),
    )
    assert visits.effects == []  # no key result measures it
    assert [r.objective.title for r in review.learnings] == ["Happier customers"]
    # What the page shows of it.
    assert "Secret plans" not in page
    assert "Next quarter" not in page
    assert '<td class="proposed">0.55</td>' in page
    assert '<td class="adjusted"><strong>0.53</strong></td>' in page
    assert '<td class="scored">1/2</td>' in page
    assert '<td class="change"><strong>+0.05</strong></td>' in page
    assert "The newsletter." in page


def test_a_teams_review_holds_the_team_and_the_teams_below_it(client, org, world):
    client.force_login(org.outsider)
    support, page = review_of(client, reverse("progress:team_review", args=[org.support.pk]), world)
    # A team's review shows each key result's score beside its proposal, with the reason.
    kr_line = page[page.index(f'id="review-kr-{world["a1"].pk}"') :]
    kr_line = kr_line[: kr_line.index("</li>")]
    assert "proposed 1" in kr_line and "<strong>0.9</strong>" in kr_line
    assert "Few answers" in kr_line
    assert [row.objective.title for row in support.objectives] == [
        "Faster answers",
        "Happier customers",
    ]
    assert [count.objectives for count in support.distribution] == [1, 1, 0]
    assert support.unscored == 0
    assert [done.action.title for done in support.actions] == ["Call back every complaint"]
    company, _page = review_of(
        client, reverse("progress:team_review", args=[org.company.pk]), world
    )
    assert len(company.objectives) == 4


def test_drafts_are_never_in_the_review_not_even_for_those_who_may_read_them(client, org, world):
    # The second reader is served the sections drawn for the first: the same for everyone.
    for reader in (org.member, org.admin):
        client.force_login(reader)
        _review, page = review_of(client, reverse("progress:review"), world)
        assert "Secret plans" not in page
        assert "Happier customers" in page


def test_the_weeks_after_an_action_that_have_not_passed_are_not_guessed(
    client, org, world, time_machine
):
    # On 20 February only three weeks have passed since the callbacks.
    time_machine.move_to(datetime.datetime(2027, 2, 20, 10, tzinfo=datetime.UTC), tick=True)
    client.force_login(org.outsider)
    review, page = review_of(client, reverse("progress:review"), world)
    [effect] = review.actions[0].effects
    assert effect.after is None
    assert "Not yet: the weeks after have not all passed." in page


def test_what_an_action_did_to_a_count_is_its_events_per_week(client, org, world):
    # Praise is counted: 4 comments on 3 February (world), 2 on 20 February and 3 on 10 March,
    # and 1 more on 10 February, logged last. A newsletter went out on 1 March.
    praise = world["a"].key_results.get(title="Unsolicited praise")
    newsletter = ActionFactory(objective=world["a"], owner=org.member, title="Send a newsletter")
    KeyResult.objects.filter(pk=praise.pk).update(action=newsletter)
    for events, when in ((2, day(2, 20)), (3, day(3, 10)), (1, day(2, 10))):
        services.log_event(
            key_result=praise, by=org.member, text="Praise", events=events, happened_on=when
        )
    Action.objects.filter(pk=newsletter.pk).update(
        status=Action.Status.DONE, done_at=datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC)
    )
    client.force_login(org.outsider)
    review, _page = review_of(client, reverse("progress:review"), world)
    [done] = [done for done in review.actions if done.action == newsletter]
    # By 1 February: none; by 1 March: 4 + 1 + 2 = 7; by 29 March: 10. Before: 7 / 4 = 1.75
    # a week; after: 3 / 4 = 0.75; so 1.00 fewer a week.
    [effect] = done.effects
    assert (effect.before, effect.after, effect.change) == (
        Decimal("1.75"),
        Decimal("0.75"),
        Decimal("-1.00"),
    )


def test_the_review_is_printable(client, org, world, settings):
    client.force_login(org.outsider)
    _review, page = review_of(client, reverse("progress:review"), world)
    css = (Path(settings.BASE_DIR) / "static" / "okr.css").read_text()
    assert "@media print" in css
    assert ".top, .skip-link, .no-print, button, .button, form" in css
    assert 'class="no-print"' in page


def test_the_review_is_linked_from_the_header_and_the_team_page(client, org, world):
    client.force_login(org.outsider)
    team_page = client.get(reverse("progress:team", args=[org.support.pk])).content.decode()
    assert reverse("progress:team_review", args=[org.support.pk]) in team_page
    assert f'href="{reverse("progress:review")}"' in team_page


def test_the_review_is_in_danish(client, org, world, settings):
    client.force_login(org.outsider)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    _review, page = review_of(client, reverse("progress:review"), world)
    assert "Kvartalsgennemgang 2027 Q1" in page
    assert "0,55" in page


def _objectives(count, org, period):
    """`count` shared objectives, each with a scored key result, a measured one, a rate, an
    action done that a key result measures, a setback and a retrospective."""
    for _ in range(count):
        objective = ObjectiveFactory(owner=org.member, period=period)
        action = ActionFactory(objective=objective, owner=org.member)
        key_result = KeyResultFactory(objective=objective, approval_state=APPROVED, action=action)
        # A rate proposes its score from its weeks: nothing more is read for it.
        KeyResultFactory(
            objective=objective,
            approval_state=APPROVED,
            kind=KeyResult.Kind.RATE,
            per=Per.WEEK,
            unit="calls",
            baseline=Decimal(0),
            target=Decimal(2),
            approved_on=period.start,
        )
        KeyResult.objects.filter(pk=key_result.pk).update(
            score=Decimal("0.5"), proposed_score=Decimal("0.4"), score_reason="Because"
        )
        Action.objects.filter(pk=action.pk).update(
            status=Action.Status.DONE,
            done_at=datetime.datetime(2027, 2, 1, 9, tzinfo=datetime.UTC),
        )
        for kind, text, value in (
            (Update.Kind.PROGRESS, "Measured", Decimal("3.2")),
            (Update.Kind.SETBACK, "Setback", None),
        ):
            Update.objects.create(
                objective=objective,
                team=objective.team,
                author=org.member,
                kind=kind,
                text=text,
                key_result=key_result if value else None,
                value_before=Decimal(3) if value else None,
                value_after=value,
                happened_on=day(2, 10),
            )
        Retrospective.objects.create(
            objective=objective, author=org.member, worked="W", did_not_work="D", carry_on="C"
        )


def drawn_and_kept(client, url, period):
    """The queries of a GET of the review that draws its sections (nothing cached yet), of one
    served from the cache, and the first response."""
    cache.clear()
    with CaptureQueriesContext(connection) as drawn:
        response = client.get(url, {"period": period.pk})
    with CaptureQueriesContext(connection) as kept:
        again = client.get(url, {"period": period.pk})
    assert "review" not in again.context  # its sections came from the cache, the same
    assert sections(again.content.decode()) == sections(response.content.decode())
    return (len(drawn), len(kept)), response


def sections(page):
    return page[page.index('<section id="scores">') :]


def test_the_review_costs_the_same_for_2_and_200_objectives(client, org, time_machine):
    time_machine.move_to(AFTER_Q1, tick=True)
    q1 = quarter(2027, 1)
    client.force_login(org.outsider)
    urls = (reverse("progress:review"), reverse("progress:team_review", args=[org.support.pk]))
    _objectives(2, org, q1)
    few = [drawn_and_kept(client, url, q1)[0] for url in urls]
    _objectives(198, org, q1)
    many = []
    for url in urls:
        count, response = drawn_and_kept(client, url, q1)
        review = response.context["review"]
        assert len(review.objectives) == 200
        assert len(review.actions) == 200
        # The latest setbacks are shown, with how many there were; the feed has them all.
        assert len(review.setbacks) == 20
        assert review.setback_count == 200
        many.append(count)
    assert many == few
    print(f"quarter review: {few} queries (drawn, kept) at 2 objectives, {many} at 200")
