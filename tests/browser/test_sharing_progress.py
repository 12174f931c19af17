"""Sharing progress in a real browser: an employee records a setback with what they learned;
someone from another team finds it in the feed and reacts and comments without a page load."""

import pytest
from playwright.sync_api import expect

from key_results.models import KeyResult
from progress.models import Comment, Reaction, Update
from tests.factories import KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser


def test_setback_is_shared_and_someone_from_another_team_reacts(
    transactional_db, org, sign_in, screenshot, axe
):
    objective = ObjectiveFactory(owner=org.member, title="Happier customers")
    key_result = KeyResultFactory(
        objective=objective,
        owner=org.member,
        title="Customer satisfaction",
        approval_state=KeyResult.ApprovalState.APPROVED,
    )

    member = sign_in(org.member.username)
    member.goto(key_result.get_absolute_url())
    member.get_by_role("link", name="Record a measurement").click()
    expect(member.get_by_role("heading", name="Record a measurement")).to_be_visible()
    axe(member, "record a measurement")
    member.get_by_label("Measured value").fill("2.9")
    member.get_by_label("Setback: it did not work (yet)").check()
    member.get_by_label("What happened").fill("The new phone menu made people wait longer.")
    member.get_by_label("Learning").fill("Waiting time matters more than a friendly script.")
    member.get_by_role("button", name="Record and share").click()
    expect(member.get_by_role("status")).to_contain_text("Recorded and shared")
    expect(member.locator("table.values")).to_contain_text("2.9")
    screenshot(member, "6a-setback-recorded")
    axe(member, "key result after recording a setback")

    colleague = sign_in(org.outsider.username)
    colleague.get_by_role("navigation", name="Main").get_by_role("link", name="Feed").click()
    entry = colleague.locator("article.entry").filter(has_text="made people wait longer")
    expect(entry).to_contain_text("Setback")
    expect(entry).to_contain_text("Waiting time matters more")
    expect(entry).to_contain_text("3 → 2.9")
    axe(colleague, "feed")
    colleague.evaluate("window.__sameDocument = true")

    # Named in words, and drawn without an emoji font (none is installed on this machine).
    entry.get_by_role("button", name="Helpful", exact=True).click()
    helpful = entry.get_by_role("button", name="Helpful 1", exact=True)
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful).to_be_focused()
    entry.get_by_label("Comment").fill("We saw the same in sales. Thanks for sharing!")
    entry.get_by_role("button", name="Comment").click()
    expect(entry.locator(".comment")).to_contain_text("We saw the same in sales")
    assert colleague.evaluate("window.__sameDocument === true"), "the feed was reloaded"
    screenshot(colleague, "6b-feed-reaction")
    axe(colleague, "feed after reacting and commenting")

    update = Update.objects.get(kind=Update.Kind.SETBACK)
    assert Reaction.objects.filter(update=update, person=org.outsider, emoji="💡").exists()
    assert Comment.objects.get(update=update).author == org.outsider
