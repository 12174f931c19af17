"""Scoring a key result at the end of its period: its progress proposes a score from 0 to 1,
whoever may edit it keeps or adjusts it (with a reason), and its objective's score is the
weighted mean of its key results'."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from key_results.models import KeyResult
from key_results.rollup import score_of
from key_results.services import score_key_result
from objectives.models import Objective
from tests.factories import KeyResultFactory
from tests.helpers import TODAY

PAST = TODAY - datetime.timedelta(days=5)  # a deadline that has passed in the pinned quarter


def scored(kr, **changes):
    for field, value in changes.items():
        setattr(kr, field, value)
    kr.save()
    return kr


@pytest.fixture
def ended(kr):
    """Member's approved key result 3.0 → 3.5 points, at 3.4 (80 %), its deadline passed."""
    return scored(kr, deadline=PAST, current_value=Decimal("3.4"))


def url(kr):
    return reverse("key_results:score", args=[kr.pk])


def test_progress_proposes_the_score(kr, count_kr):
    assert scored(kr, current_value=Decimal("3.4")).suggested_score() == Decimal("0.80")
    assert scored(kr, current_value=Decimal("3.9")).suggested_score() == Decimal("1.00")
    assert scored(kr, current_value=Decimal("2.0")).suggested_score() == Decimal("0.00")
    # A count: the share of the events it asked for (7 of 10).
    assert scored(count_kr, current_value=Decimal(7)).suggested_score() == Decimal("0.70")


def test_a_key_result_opens_for_scoring_in_the_last_week_of_its_period_or_at_its_deadline(kr):
    # 2027 Q1 ends on 31 March: its last seven days start on the 25th.
    assert kr.scoring_opens_on() == datetime.date(2027, 3, 25)
    assert not kr.is_open_for_scoring(datetime.date(2027, 3, 24))
    assert kr.is_open_for_scoring(datetime.date(2027, 3, 25))
    assert scored(kr, deadline=datetime.date(2027, 2, 1)).scoring_opens_on() == datetime.date(
        2027, 2, 1
    )


def test_owner_keeps_the_proposed_score_without_a_reason(client, org, ended):
    client.force_login(org.member)
    response = client.post(url(ended), {"score": "0.8", "reason": ""})
    assert response.status_code == 302
    ended.refresh_from_db()
    assert (ended.score, ended.proposed_score, ended.score_reason) == (
        Decimal("0.80"),
        Decimal("0.80"),
        "",
    )
    assert ended.scored_by == org.member


def test_owner_adjusts_the_score_with_a_reason(client, org, ended):
    client.force_login(org.member)
    client.post(url(ended), {"score": "0.6", "reason": "The survey had few answers."})
    ended.refresh_from_db()
    assert ended.score == Decimal("0.60")
    assert ended.proposed_score == Decimal("0.80")
    assert ended.score_reason == "The survey had few answers."


def test_an_adjusted_score_without_a_reason_is_refused(client, org, ended):
    client.force_login(org.member)
    response = client.post(url(ended), {"score": "0.6", "reason": "  "})
    assert response.status_code == 200
    assert "Say why the score differs from the 0.8 its progress proposes." in (
        response.content.decode()
    )
    ended.refresh_from_db()
    assert ended.score is None


@pytest.mark.parametrize("typed", ["1.2", "-0.1", "7"])
def test_a_score_outside_zero_to_one_is_refused(client, org, ended, typed):
    client.force_login(org.member)
    response = client.post(url(ended), {"score": typed, "reason": "Because."})
    assert response.status_code == 200
    assert "A score is a number from 0 to 1, e.g. 0.7." in response.content.decode()
    ended.refresh_from_db()
    assert ended.score is None


def test_danish_score_with_a_decimal_comma(client, org, ended):
    client.force_login(org.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.post(url(ended), {"score": "0,7", "reason": "Færre svar end ventet."})
    assert response.status_code == 302
    ended.refresh_from_db()
    assert ended.score == Decimal("0.70")


def test_danish_score_outside_zero_to_one_is_explained_in_danish(client, org, ended):
    client.force_login(org.member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.post(url(ended), {"score": "1,5", "reason": "Fordi."})
    assert "En score er et tal fra 0 til 1, f.eks. 0,7." in response.content.decode()
    ended.refresh_from_db()
    assert ended.score is None


def test_scoring_before_the_end_is_refused_in_english_and_danish(client, org, kr):
    client.force_login(org.member)
    response = client.post(url(kr), {"score": "0.5", "reason": "Early."})
    assert "It can be scored from 25 Mar 2027, at the end of 2027 Q1" in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    response = client.post(url(kr), {"score": "0,5", "reason": "Tidligt."})
    assert "Den kan få en score fra 25.03.2027" in response.content.decode()
    kr.refresh_from_db()
    assert kr.score is None


def test_scoring_opens_in_the_closing_days_of_the_period(client, org, kr):
    with time_machine.travel(datetime.datetime(2027, 3, 26, 10, tzinfo=datetime.UTC)):
        client.force_login(org.member)
        response = client.post(url(kr), {"score": "0", "reason": ""})
    assert response.status_code == 302
    kr.refresh_from_db()
    assert kr.score == Decimal("0.00")


def test_a_key_result_not_approved_is_not_scored(org, objective):
    draft = KeyResultFactory(objective=objective, deadline=PAST)
    with pytest.raises(ValidationError, match="Only an approved key result is scored"):
        score_key_result(key_result=draft, by=org.member, score=Decimal(0), reason="")


def test_a_key_result_of_a_draft_objective_is_not_scored(org, ended):
    Objective.objects.filter(pk=ended.objective_id).update(status=Objective.Status.DRAFT)
    with pytest.raises(ValidationError, match="draft objective is not scored"):
        score_key_result(key_result=ended, by=org.member, score=Decimal("0.8"), reason="")


def test_only_those_who_may_edit_it_score_it(org, ended):
    with pytest.raises(PermissionDenied):
        score_key_result(key_result=ended, by=org.outsider, score=Decimal("0.8"), reason="")
    score_key_result(key_result=ended, by=org.leader, score=Decimal("0.8"), reason="")
    assert KeyResult.objects.get(pk=ended.pk).scored_by == org.leader


def test_objective_score_is_the_weighted_mean_of_its_key_results(org, objective, ended):
    other = KeyResultFactory(
        objective=objective,
        approval_state=KeyResult.ApprovalState.APPROVED,
        deadline=PAST,
        current_value=Decimal("3.1"),  # 20 % → proposes 0.2
        weight=3,
    )
    KeyResultFactory(objective=objective, deadline=PAST)  # a draft counts for nothing
    score_key_result(key_result=ended, by=org.member, score=Decimal("0.6"), reason="Few answers")
    score = score_of(objective.key_results.all())
    # Proposed: (0.8 × 1 + 0.2 × 3) / 4 = 0.35; adjusted: (0.6 × 1 + 0.2 × 3) / 4 = 0.30.
    assert (score.proposed, score.adjusted) == (Decimal("0.35"), Decimal("0.30"))
    assert (score.scored, score.counted) == (1, 2)
    assert other.final_score == Decimal("0.20")


def test_leader_sees_proposed_and_adjusted_side_by_side(client, org, ended):
    score_key_result(key_result=ended, by=org.member, score=Decimal("0.6"), reason="Few answers")
    client.force_login(org.leader)
    for page in (ended.get_absolute_url(), ended.objective.get_absolute_url()):
        text = client.get(page).content.decode()
        assert "proposed 0.8" in text
        assert "<strong>0.6</strong>" in text
        assert "Few answers" in text


def test_database_keeps_scores_between_zero_and_one(ended):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        KeyResult.objects.filter(pk=ended.pk).update(
            score=Decimal("1.5"), proposed_score=Decimal("0.8"), score_reason="x"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        KeyResult.objects.filter(pk=ended.pk).update(
            score=Decimal("0.5"), proposed_score=Decimal("0.8"), score_reason=""
        )
