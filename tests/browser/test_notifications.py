"""Notifications in a real browser: the leader's bell rises when a key result is sent to them;
they open it from the list and approve; the owner sees the decision in their bell."""

import pytest
from playwright.sync_api import expect

from approvals import services as approvals
from tests.factories import KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser


def test_the_bell_brings_the_request_and_the_decision(
    transactional_db, org, sign_in, screenshot, axe
):
    key_result = KeyResultFactory(objective=ObjectiveFactory(owner=org.member), title="Callbacks")

    leader = sign_in(org.leader.username)
    bell = leader.locator("#bell")
    expect(bell).to_have_attribute("aria-label", "Notifications")

    approvals.submit_for_approval(key_result=key_result, by=org.member)
    leader.evaluate("htmx.trigger('#bell', 'refresh')")  # what the minute's refresh does
    expect(leader.locator("#bell")).to_have_attribute("aria-label", "1 unread notification")
    screenshot(leader, "9a-bell")
    axe(leader, "bell with an unread notification")

    leader.locator("#bell").click()
    expect(leader.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    axe(leader, "notifications with one unread")
    leader.get_by_role("link", name="Mette Member sent “Callbacks” for your approval.").click()
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Callbacks")
    expect(leader.locator("#bell")).to_have_attribute("aria-label", "Notifications")
    leader.get_by_role("button", name="Approve").click()
    expect(leader.get_by_role("status")).to_contain_text("Approved")

    member = sign_in(org.member.username)
    expect(member.locator("#bell")).to_have_attribute("aria-label", "1 unread notification")
    member.locator("#bell").click()
    expect(member.get_by_role("link", name="Lars Leader approved “Callbacks”.")).to_be_visible()
    screenshot(member, "9b-decision")
