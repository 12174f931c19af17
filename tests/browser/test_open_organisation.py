"""An open organisation in a real browser: someone from another team opens an objective from the
feed, finds it by search as they type, and logs a praise event on an open count in one click."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from key_results.models import KeyResult
from progress import services
from progress.models import Update
from tests.factories import KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser


def test_someone_from_another_team_reads_finds_and_praises(
    transactional_db, org, sign_in, screenshot, axe
):
    objective = ObjectiveFactory(owner=org.member, title="Happier customers")
    praise = KeyResultFactory(
        objective=objective,
        title="Unsolicited praise",
        kind=KeyResult.Kind.COUNT,
        baseline=Decimal(0),
        target=Decimal(10),
        open_to_everyone=True,
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )
    services.share_update(
        objective=objective, by=org.member, text="We now call back within the hour."
    )

    colleague = sign_in(org.outsider.username)
    colleague.get_by_role("navigation", name="Main").get_by_role("link", name="Feed").click()
    entry = colleague.locator("article.entry").filter(has_text="call back within the hour")
    expect(entry).to_be_visible()
    axe(colleague, "feed")
    entry.get_by_role("link", name="Happier customers").click()
    expect(colleague.get_by_role("heading", level=1)).to_contain_text("Happier customers")
    axe(colleague, "objective of another team")

    colleague.get_by_role("searchbox", name="Search").fill("praise")
    results = colleague.locator("#search-popup")
    expect(results).to_contain_text("Unsolicited praise")
    axe(colleague, "search as you type")
    results.get_by_role("link", name="Unsolicited praise").click()
    expect(colleague.get_by_role("heading", level=1)).to_contain_text("Unsolicited praise")
    screenshot(colleague, "7a-open-count")
    axe(colleague, "count open to everyone, as a colleague")

    colleague.evaluate("window.__sameDocument = true")
    colleague.get_by_label("What happened (optional)").fill("Lars praised our work")
    colleague.get_by_role("button", name="+1 to “Unsolicited praise”").click()
    expect(colleague.get_by_role("status").filter(has_text="Now 1 of 10")).to_be_visible()
    axe(colleague, "count after logging one")
    assert colleague.evaluate("window.__sameDocument === true"), "the page was reloaded"
    event = Update.objects.get(key_result=praise)
    assert (event.author, event.text) == (org.outsider, "Lars praised our work")
