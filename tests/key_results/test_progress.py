from decimal import Decimal

import pytest

from key_results.models import KeyResult
from tests.factories import KeyResultFactory, ObjectiveFactory


def key_result(baseline, target, current, kind=KeyResult.Kind.CHANGE):
    return KeyResult(
        kind=kind,
        baseline=Decimal(baseline),
        target=Decimal(target),
        current_value=Decimal(current),
    )


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        ("3.0", "3.5", "3.0", "0"),
        ("3.0", "3.5", "3.25", "50"),
        ("3.0", "3.5", "3.5", "100"),
        ("10", "40", "20", "33.3"),
    ],
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(
    baseline, target, current, expected
):
    assert key_result(baseline, target, current).progress() == Decimal(expected)


def test_decreasing_target_counts_progress_downwards():
    churn = key_result("8", "5", "6.5")
    assert churn.progress() == Decimal(50)


@pytest.mark.parametrize(
    ("baseline", "target", "current", "expected"),
    [
        ("3.0", "3.5", "2.0", "0"),
        ("3.0", "3.5", "9.0", "100"),
        ("8", "5", "9", "0"),
        ("8", "5", "1", "100"),
    ],
)
def test_progress_stays_between_0_and_100(baseline, target, current, expected):
    assert key_result(baseline, target, current).progress() == Decimal(expected)


def test_count_progress_is_events_so_far_over_the_target():
    comments = key_result("0", "5", "2", kind=KeyResult.Kind.COUNT)
    assert comments.progress() == Decimal(40)


def test_key_result_page_shows_progress_of_a_decreasing_target(client, org):
    churn = KeyResultFactory(
        objective=ObjectiveFactory(owner=org.member),
        title="Churn",
        unit="%",
        baseline=8,
        target=5,
        current_value=Decimal("6.5"),
    )
    client.force_login(org.member)
    page = client.get(churn.get_absolute_url()).content.decode()
    assert 'max="100" value="50.0" aria-label="Progress of Churn">' in page
    assert "50 %" in page
    assert "8 → 5 %" in page
    assert "now <strong>6.5</strong>" in page
