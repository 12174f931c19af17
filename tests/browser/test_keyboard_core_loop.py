"""The core loop with the keyboard alone (Tab, Shift+Tab, Enter, Space and typing; no mouse): a
member signs in, drafts an objective, proposes an action, drafts a key result and sends it for
approval; their leader approves it from the inbox. The skip link comes first, the focus is always
visible, and after a refused submit it lands on the first thing to fix."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from key_results.models import KeyResult
from tests.browser.accessibility import assert_focus_visible
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def tab_to(page: Page, target: Locator, *, backwards: bool = False, most: int = 40) -> None:
    """Presses Tab (Shift+Tab backwards) until `target` has the focus, which must be visible."""
    for _ in range(most):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if target.evaluate("element => element === document.activeElement"):
            assert_focus_visible(page)
            return
    pytest.fail(f"{most} presses of Tab never reached {target}")


def type_over(page: Page, text: str) -> None:
    """Replaces what the focused field holds with `text`, as a person would."""
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text)


def sign_in_with_the_keyboard(page: Page, username: str) -> None:
    """Signs in (the sign-in page starts in its first field), then skips to the content."""
    page.goto("/sign-in/")
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My OKRs", level=1)).to_be_visible()

    # The first Tab on a page is the skip link; it moves the focus itself into the content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.locator("main").evaluate("main => main.contains(document.activeElement)")
    assert_focus_visible(page)


def test_the_core_loop_with_the_keyboard_alone(transactional_db, org, new_context):
    member = new_context().new_page()

    # A refused sign-in (a full page) puts the focus on what went wrong.
    member.goto("/sign-in/")
    expect(member.get_by_label("Username")).to_be_focused()
    member.keyboard.type(org.member.username)
    member.keyboard.press("Tab")
    member.keyboard.type("not the password")
    member.keyboard.press("Enter")
    errors = member.get_by_role("alert")
    expect(errors).to_contain_text("correct username and password")
    expect(errors).to_be_focused()
    assert_focus_visible(member)

    sign_in_with_the_keyboard(member, org.member.username)

    # The objective: a title with a number is refused inline, and the focus is on the title.
    nav = member.get_by_role("navigation", name="Main")
    tab_to(member, nav.get_by_role("link", name="New objective"))
    member.keyboard.press("Enter")
    expect(member.get_by_role("heading", name="New objective")).to_be_visible()
    title = member.get_by_label("Title")
    tab_to(member, title)
    member.keyboard.type("Increase NPS to 40")
    member.keyboard.press("Enter")
    expect(member.locator("#id_title_error")).to_contain_text("qualitative")
    expect(title).to_be_focused()
    expect(title).to_have_attribute("aria-describedby", re.compile(r"\bid_title_error\b"))
    type_over(member, "Happier customers")
    member.keyboard.press("Enter")
    expect(member.get_by_role("heading", name="Happier customers")).to_be_visible()

    # The action: an empty proposal is refused on a page of its own, the focus on its title.
    propose = member.get_by_role("button", name="Propose action")
    tab_to(member, propose)
    member.keyboard.press("Enter")
    action_title = member.get_by_label("Title")
    expect(action_title).to_be_focused()
    expect(action_title).to_have_attribute("aria-invalid", "true")
    expect(member.get_by_role("heading", name="Propose an action")).to_be_visible()
    member.keyboard.type("Call back every unhappy customer within a day")
    tab_to(member, member.get_by_role("button", name="Save action"))
    member.keyboard.press("Space")
    expect(member.locator(".card.action")).to_contain_text("Call back every unhappy customer")

    # The key result, field by field in the order they are shown.
    tab_to(member, member.get_by_role("link", name="Add a key result for this action"))
    member.keyboard.press("Enter")
    expect(member.get_by_role("heading", name="New key result")).to_be_visible()
    for label, text in [
        ("What is measured", "Customer satisfaction"),
        ("Unit", "points"),
        ("Baseline", "3.0"),
        ("Target", "3.5"),
        ("Measurement plan", "Monthly survey of 50 customers, run by support."),
    ]:
        tab_to(member, member.get_by_role("textbox", name=label, exact=True))
        type_over(member, text)
    tab_to(member, member.get_by_role("button", name="Save key result"))
    member.keyboard.press("Enter")
    heading = member.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Customer satisfaction")

    send = member.get_by_role("button", name="Send for approval")
    tab_to(member, send)
    member.keyboard.press("Enter")
    expect(member.get_by_role("status")).to_have_text("Sent to Lars Leader for approval.")

    # The leader approves from the inbox, inline; the focus stays with the decision.
    leader = new_context().new_page()
    sign_in_with_the_keyboard(leader, org.leader.username)
    tab_to(leader, leader.get_by_role("link", name="Approvals"))
    leader.keyboard.press("Enter")
    row = leader.locator(".decision-row", has_text="Customer satisfaction")
    approve = row.get_by_role("button", name="Approve", exact=True)
    tab_to(leader, approve)
    # One step back is the comment; and forward again to the button.
    tab_to(leader, row.get_by_label("Comment"), backwards=True)
    tab_to(leader, approve)
    leader.keyboard.press("Space")
    outcome = row.locator(".done")
    expect(outcome).to_have_text("Approved. The owner can start measuring.")
    expect(outcome).to_be_focused()

    assert KeyResult.objects.get().approval_state == KeyResult.ApprovalState.APPROVED
