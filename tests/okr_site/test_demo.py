"""The demo organisation: told in one language, in a believable order, never by accident."""

import io

import pytest
from django.core.management import CommandError, call_command

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.models import Objective
from progress.models import Update


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def load(language):
        call_command("seed_demo", "--language", language, stdout=io.StringIO())

    return load


@pytest.mark.parametrize(
    ("language", "objective", "key_result"),
    [("da", "Gladere kunder", "Kundeafgang"), ("en", "Happier customers", "Customer churn")],
)
def test_the_demo_writes_in_one_language(demo, language, objective, key_result):
    demo(language)
    happier = Objective.objects.get(title=objective)
    assert happier.key_results.filter(title=key_result).exists()


def test_every_key_result_is_approved_before_it_is_measured(demo):
    demo("en")
    for key_result in KeyResult.objects.filter(last_measured_on__isnull=False):
        approved = key_result.approval_events.get(kind=ApprovalEvent.Kind.APPROVED)
        first = key_result.updates.measurements().order_by("created_at").first()
        assert approved.created_at < first.created_at
        assert approved.created_at.date() <= first.happened_on


def test_the_feed_reads_newest_first_in_the_order_things_happened(demo):
    demo("da")
    created = list(Update.objects.order_by("id").values_list("created_at", flat=True))
    assert created == sorted(created)


def test_the_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo")
    assert not Objective.objects.exists()
