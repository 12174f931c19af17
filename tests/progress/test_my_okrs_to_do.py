"""My OKRs asks a person to measure exactly their key results that are overdue or have not been
measured lately, however many others they own."""

import datetime

import pytest
from django.urls import reverse

from key_results.models import KeyResult
from objectives.models import Objective
from tests.factories import KeyResultFactory
from tests.helpers import TODAY

DAY = datetime.timedelta(days=1)
STALE_DAYS = 30  # settings.REMINDERS["STALE_DAYS"] (REMINDER_STALE_DAYS) by default


def to_measure(client):
    html = client.get(reverse("progress:my_okrs")).content.decode()
    if "Measure these" not in html:
        return ""
    return html.split("Measure these")[1].split("</ul>")[0]


@pytest.fixture
def own(org, objective):
    """Makes one of the member's approved key results, titled `title`."""

    def make(title, **fields):
        defaults = {
            "approval_state": KeyResult.ApprovalState.APPROVED,
            "approved_on": TODAY - 40 * DAY,
            "last_measured_on": TODAY,
        }
        return KeyResultFactory(objective=objective, title=title, **defaults | fields)

    return make


@pytest.fixture
def member(client, org):
    client.force_login(org.member)
    return client


def test_a_key_result_measured_more_than_stale_days_ago_is_to_be_measured(own, member):
    own("Measured a day too long ago", last_measured_on=TODAY - (STALE_DAYS + 1) * DAY)
    own("Measured just in time", last_measured_on=TODAY - STALE_DAYS * DAY)
    listed = to_measure(member)
    assert "Measured a day too long ago" in listed
    assert "Measured just in time" not in listed


def test_a_key_result_never_measured_counts_from_its_approval(own, member):
    own("Approved long ago", last_measured_on=None, approved_on=TODAY - (STALE_DAYS + 1) * DAY)
    own("Approved lately", last_measured_on=None, approved_on=TODAY - 5 * DAY)
    listed = to_measure(member)
    assert "Approved long ago" in listed
    assert "Approved lately" not in listed


def test_a_key_result_approved_before_its_quarter_began_counts_from_its_approval(
    own, member, time_machine
):
    own("Approved in November", last_measured_on=None, approved_on=datetime.date(2026, 11, 30))
    # 20 January: the quarter began 19 days ago, the approval 51 days ago.
    time_machine.move_to(datetime.datetime(2027, 1, 20, 10, tzinfo=datetime.UTC), tick=False)
    assert "Approved in November" in to_measure(member)


def test_a_key_result_never_measured_nor_dated_counts_from_its_periods_start(own, member):
    # 2027 Q1 began on 1 January, 45 days before the pinned day.
    own("Since the quarter began", last_measured_on=None, approved_on=None)
    assert "Since the quarter began" in to_measure(member)


def test_a_key_result_past_its_deadline_is_to_be_measured_unless_achieved(own, member):
    own("Late though measured today", deadline=TODAY - DAY)
    own("Achieved before its deadline", deadline=TODAY - DAY, current_value=3.5)
    listed = to_measure(member)
    assert "Late though measured today" in listed
    assert "Achieved before its deadline" not in listed


def test_only_approved_key_results_of_live_objectives_are_to_be_measured(own, member, objective):
    own("Still a draft", approval_state=KeyResult.ApprovalState.DRAFT, last_measured_on=None)
    assert "Still a draft" not in to_measure(member)
    own("Of a draft objective", last_measured_on=None)
    Objective.objects.filter(pk=objective.pk).update(status=Objective.Status.DRAFT)
    assert to_measure(member) == ""
