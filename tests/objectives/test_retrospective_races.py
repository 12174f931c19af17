"""Closing an objective that is sent back to draft at the same moment: the draft wins."""

import pytest
from django.core.exceptions import ValidationError

from objectives.models import Objective, Retrospective
from objectives.services import close_objective
from tests.concurrency import while_committing

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_objective_sent_back_to_draft_meanwhile_is_not_closed(org, objective):
    result = while_committing(
        lambda: Objective.objects.filter(pk=objective.pk).update(status=Objective.Status.DRAFT),
        lambda: close_objective(
            objective=objective, by=org.member, worked="W", did_not_work="D", carry_on="C"
        ),
    )
    assert isinstance(result, ValidationError)
    objective.refresh_from_db()
    assert objective.status == Objective.Status.DRAFT
    assert not Retrospective.objects.exists()
