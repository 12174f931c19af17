"""Marking an action done twice at the same moment tells the organisation once."""

import pytest

from objectives.models import Action
from objectives.services import change_action_status
from objectives.signals import action_done
from tests.concurrency import race
from tests.factories import ActionFactory

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
