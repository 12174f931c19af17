"""A score is checked against the key result as it is when it is saved, not as it was read."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from key_results.models import KeyResult
from key_results.services import score_key_result
from tests.concurrency import while_committing

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_measurement_landing_while_scoring_changes_the_proposal_it_is_checked_against(org, kr):
    KeyResult.objects.filter(pk=kr.pk).update(deadline=datetime.date(2027, 2, 1))
    # At 3.0 the proposal is 0; the measurement being recorded takes it to 3.5, proposing 1.
    result = while_committing(
        lambda: KeyResult.objects.filter(pk=kr.pk).update(current_value=Decimal("3.5")),
        lambda: score_key_result(key_result=kr, by=org.member, score=Decimal(0), reason=""),
    )
    assert isinstance(result, ValidationError)
    assert "Say why the score differs from the 1 its progress proposes." in str(result)
    kr.refresh_from_db()
    assert kr.score is None
