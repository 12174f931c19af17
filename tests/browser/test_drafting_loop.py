"""The drafting loop in a real browser: an employee drafts an objective, an action and a key
result and sends it for approval; their leader approves it inline; the employee sees it approved."""

import re

import pytest
from playwright.sync_api import Page, expect

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.models import Objective, Period

pytestmark = pytest.mark.browser


def mark_document(page: Page) -> None:
    """Tags the current document, so a full page load afterwards can be detected."""
    page.evaluate("window.__sameDocument = true")


def assert_no_page_load(page: Page) -> None:
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def test_member_drafts_key_result_and_leader_approves_it_inline(
    transactional_db, org, sign_in, screenshot, axe
):
    # 1. The employee drafts an objective, an action and a key result, and sends it.
    member = sign_in(org.member.username)
    member.get_by_role("navigation", name="Main").get_by_role("link", name="New objective").click()
    expect(member.get_by_role("heading", name="New objective")).to_be_visible()
    axe(member, "new objective")
    member.locator("#id_title").fill("Happier customers")
    member.get_by_role("button", name="Save objective").click()
    expect(member).to_have_url(re.compile(r"/objectives/\d+/$"))
    expect(member.get_by_role("heading", name="Happier customers")).to_be_visible()
    expect(member.get_by_role("status")).to_contain_text("Objective created")
    axe(member, "objective just created")

    member.locator("#id_title").fill("Call back every unhappy customer within a day")
    member.get_by_role("button", name="Propose action").click()
    action_card = member.locator(".card.action")
    expect(action_card).to_contain_text("Call back every unhappy customer within a day")
    expect(action_card.locator(".badge")).to_have_text("Proposed")
    screenshot(member, "1a-member-objective-with-action")
    axe(member, "objective with a proposed action")

    action_card.get_by_role("link", name="Add a key result for this action").click()
    expect(member.get_by_role("heading", name="New key result")).to_be_visible()
    expect(member.locator("#id_action option:checked")).to_have_text(
        "Call back every unhappy customer within a day"
    )
    period = Period.objects.current()
    expect(member.locator("#id_deadline")).to_have_value(period.end.isoformat())
    member.locator("#id_title").fill("Customer satisfaction")
    member.locator("#id_unit").fill("points")
    member.locator("#id_baseline").fill("3.0")
    member.locator("#id_target").fill("3.5")
    member.locator("#id_measurement_plan").fill("Monthly survey of 50 customers, run by support.")
    screenshot(member, "1b-member-key-result-form")
    axe(member, "new key result for an action")
    member.get_by_role("button", name="Save key result").click()
    expect(member).to_have_url(re.compile(r"/key-results/\d+/$"))
    heading = member.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Customer satisfaction")
    expect(heading.locator(".badge")).to_have_text("Draft")
    axe(member, "key result draft")

    member.get_by_role("button", name="Send for approval").click()
    expect(member.get_by_role("status")).to_have_text("Sent to Lars Leader for approval.")
    expect(heading.locator(".badge")).to_have_text("Awaiting approval")
    expect(member.get_by_role("button", name="Send for approval")).to_have_count(0)
    screenshot(member, "1c-member-key-result-sent")
    axe(member, "key result sent for approval")

    # 2. The leader approves it from the inbox, inline.
    leader = sign_in(org.leader.username)
    leader.get_by_role("navigation", name="Main").get_by_role("link", name="Approvals").click()
    expect(leader.get_by_role("heading", name="Approvals")).to_be_visible()
    row = leader.locator(".decision-row", has_text="Customer satisfaction")
    expect(row).to_contain_text("Happier customers")
    expect(row).to_contain_text("Monthly survey of 50 customers")
    expect(row.locator(".badge")).to_have_text("Awaiting approval")
    screenshot(leader, "2a-leader-inbox")
    axe(leader, "inbox")

    mark_document(leader)
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(row.locator(".badge")).to_have_text("Approved")
    expect(row).to_contain_text("Approved. The owner can start measuring.")
    expect(row.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    assert_no_page_load(leader)
    screenshot(leader, "2b-leader-approved-inline")
    axe(leader, "inbox after approving")

    # 3. The employee reloads the key result and sees it approved, with the history.
    member.reload()
    expect(heading.locator(".badge")).to_have_text("Approved")
    history = member.locator(".history")
    expect(history.locator(".event-approved")).to_contain_text("Approved")
    expect(history.locator(".event-approved")).to_contain_text("by Lars Leader")
    expect(history.locator(".event-submitted")).to_contain_text("by Mette Member")
    screenshot(member, "3-member-sees-approval")
    axe(member, "key result approved, with its history")

    key_result = KeyResult.objects.get()
    assert key_result.approval_state == KeyResult.ApprovalState.APPROVED
    assert key_result.owner == org.member
    assert list(
        key_result.approval_events.order_by("created_at", "id").values_list("kind", flat=True)
    ) == [
        ApprovalEvent.Kind.SUBMITTED,
        ApprovalEvent.Kind.APPROVED,
    ]


def test_objective_title_with_numbers_is_refused_inline_and_nothing_is_saved(
    transactional_db, org, sign_in, screenshot, axe
):
    member = sign_in(org.member.username)
    member.get_by_role("navigation", name="Main").get_by_role("link", name="New objective").click()
    expect(member.get_by_role("heading", name="New objective")).to_be_visible()
    mark_document(member)

    member.locator("#id_title").fill("Increase NPS to 40")
    member.get_by_role("button", name="Save objective").click()

    errors = member.locator("#id_title_error")
    expect(errors).to_contain_text("qualitative")
    expect(errors).to_contain_text("key result")
    expect(member.locator("#field-title")).to_have_class(re.compile(r"\bhas-error\b"))
    expect(member.locator("#id_title")).to_have_value("Increase NPS to 40")
    expect(member).to_have_url(re.compile(r"/objectives/new/$"))
    assert_no_page_load(member)
    screenshot(member, "4-objective-with-numbers-refused")
    axe(member, "new objective refused")
    assert not Objective.objects.exists()


def test_language_select_switches_the_pages_to_danish(
    transactional_db, org, sign_in, screenshot, axe
):
    member = sign_in(org.member.username)
    member.locator("#language").select_option("da")

    expect(member.locator("html")).to_have_attribute("lang", "da")
    expect(member.get_by_role("heading", name="Mine OKR'er", level=1)).to_be_visible()
    nav = member.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Nyt mål")).to_be_visible()
    expect(nav.get_by_role("link", name="Godkendelser")).to_be_visible()
    expect(member.locator("#language")).to_have_value("da")
    screenshot(member, "5a-danish-my-okrs")
    axe(member, "my OKRs")

    nav.get_by_role("link", name="Nyt mål").click()
    member.locator("#id_title").fill("3 nye kunder")
    member.get_by_role("button", name="Gem mål").click()
    expect(member.locator("#id_title_error")).to_contain_text("kvalitativ")
    screenshot(member, "5b-danish-objective-refused")
    axe(member, "new objective refused")
    assert not Objective.objects.exists()
