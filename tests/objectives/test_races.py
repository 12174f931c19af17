"""Marking an action done twice at the same moment tells the organisation once; a draft (or a
proposed action) shared while it is being deleted stays."""

import pytest
from django.core.exceptions import PermissionDenied

from objectives.models import Action, Objective
from objectives.services import change_action_status, delete_action, delete_objective
from objectives.signals import action_done
from tests.concurrency import behind, race
from tests.factories import ActionFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clicks_on_done_at_once_announce_it_once(org, objective):
    action = ActionFactory(objective=objective, owner=org.member)
    heard = []

    def listener(*, action, **_signal):
        heard.append(action.pk)

    action_done.connect(listener)
    try:
        race(
            lambda: change_action_status(action=action, by=org.member, status=Action.Status.DONE),
            lambda: change_action_status(action=action, by=org.member, status=Action.Status.DONE),
            hold=action,
        )
    finally:
        action_done.disconnect(listener)
    assert heard == [action.pk]
    assert action.updates.count() == 1


def test_a_draft_shared_while_it_is_deleted_stays(org):
    draft = ObjectiveFactory(owner=org.member, status=Objective.Status.DRAFT)
    results = race(
        lambda: Objective.objects.get(pk=draft.pk).change_status(Objective.Status.ACTIVE),
        behind(1, lambda: delete_objective(objective=draft, by=org.member)),
        hold=draft,
    )
    assert isinstance(results[1], PermissionDenied), results
    assert Objective.objects.get(pk=draft.pk).status == Objective.Status.ACTIVE


def test_an_action_started_while_it_is_deleted_stays(org, objective):
    action = ActionFactory(objective=objective, owner=org.member)
    results = race(
        lambda: change_action_status(
            action=action, by=org.member, status=Action.Status.IN_PROGRESS
        ),
        behind(1, lambda: delete_action(action=action, by=org.member)),
        hold=action,
    )
    assert isinstance(results[1], PermissionDenied), results
    assert Action.objects.get(pk=action.pk).status == Action.Status.IN_PROGRESS
