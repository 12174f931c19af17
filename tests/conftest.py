"""Shared personas (a top leader, a team leader, a member of that team, someone from another team,
and an admin) and the objects most tests start from. The clock is pinned for every test."""

import os
from decimal import Decimal
from types import SimpleNamespace

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core.cache import cache

from key_results.models import KeyResult
from okr_site.celery import app
from tests.factories import KeyResultFactory, ObjectiveFactory, TeamFactory, UserFactory
from tests.helpers import NOW

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _pinned_clock(time_machine):
    # Mid-quarter, so "today" and "the current period" (2027 Q1) are the same whenever the
    # suite runs; the clock ticks on from there, so timestamps still follow one another.
    time_machine.move_to(NOW, tick=True)


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # Each test starts with an empty cache of its own (ids repeat from test to test).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": "t"}
    }
    cache.clear()


@pytest.fixture
def org(db):
    """A small organisation: Company (top) led by `boss`; Support under it led by `leader`,
    with `member`; Sales under Company led by `sales_lead`, with `outsider`; and an `admin`."""
    boss = UserFactory(username="boss", first_name="Birgit", last_name="Boss")
    company = TeamFactory(name="Company", leader=boss)
    boss.team = company
    boss.save()
    leader = UserFactory(username="leader", first_name="Lars", last_name="Leader")
    support = TeamFactory(name="Support", parent=company, leader=leader)
    leader.team = support
    leader.save()
    member = UserFactory(username="member", first_name="Mette", last_name="Member", team=support)
    sales_lead = UserFactory(username="saleslead", first_name="Sune", last_name="Sales")
    sales = TeamFactory(name="Sales", parent=company, leader=sales_lead)
    sales_lead.team = sales
    sales_lead.save()
    outsider = UserFactory(username="outsider", first_name="Otto", last_name="Outsider", team=sales)
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    return SimpleNamespace(
        boss=boss,
        company=company,
        leader=leader,
        support=support,
        member=member,
        sales_lead=sales_lead,
        sales=sales,
        outsider=outsider,
        admin=admin,
    )


@pytest.fixture
def objective(org):
    """Member's active Support objective in 2027 Q1."""
    return ObjectiveFactory(owner=org.member, title="Happier customers")


@pytest.fixture
def kr(org, objective):
    """Member's approved key result: satisfaction from 3.0 to 3.5 points."""
    return KeyResultFactory(
        objective=objective,
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )


@pytest.fixture
def count_kr(org, objective):
    """Member's approved count: ten unsolicited positive comments."""
    return KeyResultFactory(
        objective=objective,
        title="Unsolicited positive comments",
        kind=KeyResult.Kind.COUNT,
        unit="comments",
        baseline=Decimal(0),
        target=Decimal(10),
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )


@pytest.fixture
def waiting(org, objective):
    """Member's key result, sent to their leader and waiting for a decision."""
    return KeyResultFactory(
        objective=objective,
        approval_state=KeyResult.ApprovalState.PENDING,
        approver=org.leader,
    )


@pytest.fixture
def worker():
    """A Celery worker thread on the broker of CELERY_BROKER_URL (Redis in the test run)."""
    broker = django_settings.CELERY_BROKER_URL
    assert broker.startswith("redis://"), "run the suite with REDIS_URL set"
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as running:
        yield running
