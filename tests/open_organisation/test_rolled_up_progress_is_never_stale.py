"""An objective's page shows its progress rolled up from everything below it, kept in the cache
so a big tree costs what a small one does: whatever changes below shows at once, and a draft
below counts only for those who may read it."""

import re
from decimal import Decimal

import pytest

from key_results.models import KeyResult
from key_results.services import set_weights
from objectives.models import Objective
from progress import services
from tests.factories import ObjectiveFactory
from tests.helpers import measured


def shown_progress(client, objective) -> str | None:
    """The rolled-up progress the objective's page shows (None: nothing measured yet)."""
    page = client.get(objective.get_absolute_url()).content.decode()
    found = re.search(r'<div class="kr-line big"><progress [^>]*value="([^"]+)"', page)
    return found.group(1) if found else None


@pytest.fixture
def tree(org):
    """The company's objective (10 %), with Support's (40 %) below it, and Support's own
    smaller objective (80 %) below that: the company stands at 35 %, Support at 60 %."""
    company = ObjectiveFactory(owner=org.boss, title="Customers recommend us")
    support = ObjectiveFactory(owner=org.leader, parent=company, title="Happier customers")
    answers = ObjectiveFactory(owner=org.member, parent=support, title="Faster answers")
    measured(company, 10)
    measured(support, 40)
    return company, support, answers, measured(answers, 80)


@pytest.fixture
def reader(client, org):
    client.force_login(org.outsider)
    return client


def test_a_measurement_far_below_moves_the_top_at_once(reader, org, tree):
    company, _support, _answers, key_result = tree
    assert shown_progress(reader, company) == "35.0"
    services.record_measurement(key_result=key_result, by=org.member, value=Decimal(0), text="Oh")
    assert shown_progress(reader, company) == "15.0"  # Support (40 + 0) / 2 = 20, then 30 / 2


def test_a_new_weight_below_moves_the_top_at_once(reader, org, tree):
    company, support, answers, key_result = tree
    assert shown_progress(reader, company) == "35.0"
    set_weights(objective=support, by=org.leader, key_results={}, children={answers.pk: 3})
    # Support: (40 + 3 x 80) / 4 = 70; the company: (10 + 70) / 2
    assert shown_progress(reader, company) == "40.0"


def test_a_key_result_below_no_longer_approved_stops_counting(reader, org, tree):
    company, _support, _answers, key_result = tree
    assert shown_progress(reader, company) == "35.0"
    key_result.approval_state = KeyResult.ApprovalState.CHANGES_REQUESTED
    key_result.save()
    assert shown_progress(reader, company) == "25.0"  # Support stands at its own 40


def test_a_child_moved_elsewhere_stops_counting_and_counts_where_it_went(reader, org, tree):
    company, support, answers, _key_result = tree
    elsewhere = ObjectiveFactory(owner=org.sales_lead, title="Loyal shops")
    assert shown_progress(reader, company) == "35.0"
    assert shown_progress(reader, elsewhere) is None
    answers.parent = elsewhere
    answers.save()
    assert shown_progress(reader, company) == "25.0"
    assert shown_progress(reader, elsewhere) == "80.0"


def test_a_child_back_to_draft_counts_only_for_those_who_may_read_it(client, org, tree):
    company, support, _answers, _key_result = tree
    client.force_login(org.outsider)
    assert shown_progress(client, company) == "35.0"
    support.change_status(Objective.Status.DRAFT)
    assert shown_progress(client, company) == "10.0"  # nothing of the draft counts
    client.force_login(org.leader)  # Support's leader reads the draft
    assert shown_progress(client, company) == "35.0"
    client.force_login(org.outsider)
    assert shown_progress(client, company) == "10.0"


def test_a_draft_read_first_by_its_owner_never_counts_for_others(client, org, tree):
    company, *_below = tree
    draft = ObjectiveFactory(owner=org.member, parent=company, status=Objective.Status.DRAFT)
    measured(draft, 100)
    client.force_login(org.member)  # its owner: (10 + 60 + 100) / 3
    assert shown_progress(client, company) == "56.7"
    client.force_login(org.outsider)
    assert shown_progress(client, company) == "35.0"
    client.force_login(org.admin)  # who reads everything reads the draft too
    assert shown_progress(client, company) == "56.7"
