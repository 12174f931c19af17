"""Shared personas: a top leader, a team leader, a member of that team, someone from another
team, and an admin."""

import os
from types import SimpleNamespace

import pytest

from tests.factories import TeamFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls from that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_passwords_and_english(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def org(db):
    """A small organisation: Company (top) led by `boss`; Support under it led by `leader`,
    with `member`; Sales under Company with `outsider`; and an `admin`."""
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
