"""Closing a quarter in a real browser: the owner scores a key result (adjusting the proposed
score with a reason) and closes the objective with its retrospective; the leader reads both
scores side by side and the retrospective on the quarter review."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from key_results.models import KeyResult
from objectives.models import Objective
from tests.factories import KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser


def test_owner_scores_and_closes_and_the_leader_reviews(
    transactional_db, org, sign_in, screenshot, axe
):
    objective = ObjectiveFactory(owner=org.member, title="Happier customers")
    key_result = KeyResultFactory(
        objective=objective,
        approval_state=KeyResult.ApprovalState.APPROVED,
        current_value=Decimal("3.4"),  # 80 % of the way: proposes 0.8
        deadline=datetime.date(2027, 2, 1),  # passed: it may be scored now
    )

    member = sign_in(org.member.username)
    member.goto(key_result.get_absolute_url())
    member.get_by_role("link", name="Score it").click()
    expect(member.get_by_role("heading", name="Score “Customer satisfaction”")).to_be_visible()
    expect(member.locator("#id_score")).to_have_value("0.8")
    axe(member, "scoring a key result")
    member.locator("#id_score").fill("0.6")
    member.get_by_role("button", name="Save score").click()
    expect(member.locator("#id_reason_error, .form-errors")).to_contain_text(
        "Say why the score differs"
    )
    member.locator("#id_reason").fill("The survey had few answers.")
    member.get_by_role("button", name="Save score").click()
    expect(member).to_have_url(re.compile(r"/key-results/\d+/$"))
    expect(member.get_by_role("status")).to_contain_text("Key result scored")
    screenshot(member, "closing-1-scored")

    member.goto(objective.get_absolute_url())
    member.get_by_role("link", name="Close with a retrospective").click()
    axe(member, "closing an objective")
    member.get_by_label("What worked?").fill("Calling back within the hour.")
    member.get_by_label("What did not work at all?").fill("The newsletter.")
    member.get_by_label("What do we carry on with?").fill("Monthly surveys.")
    member.get_by_role("button", name="Close and share the retrospective").click()
    expect(member.get_by_role("heading", name=re.compile("Happier customers"))).to_be_visible()
    expect(member.locator("#retrospective")).to_contain_text("The newsletter.")
    screenshot(member, "closing-2-retrospective")
    assert Objective.objects.get(pk=objective.pk).status == Objective.Status.COMPLETED

    leader = sign_in(org.leader.username)
    leader.get_by_role("navigation", name="Main").get_by_role("link", name="Quarter review").click()
    row = leader.locator(f"#review-objective-{objective.pk}")
    expect(row.locator(".proposed")).to_have_text("0.8")
    expect(row.locator(".adjusted")).to_have_text("0.6")
    axe(leader, "quarter review of the organisation")
    leader.goto(f"/people/teams/{org.support.pk}/")
    leader.get_by_role("link", name="Quarter review 2027 Q1").click()
    row = leader.locator(f"#review-kr-{key_result.pk}")
    expect(row).to_contain_text("proposed 0.8")
    expect(row).to_contain_text("0.6")
    expect(row).to_contain_text("The survey had few answers.")
    expect(leader.locator("#learnings")).to_contain_text("The newsletter.")
    axe(leader, "quarter review of a team")
    leader.emulate_media(media="print")
    expect(leader.locator("header.top")).to_be_hidden()
    expect(leader.locator("#period")).to_be_hidden()
    screenshot(leader, "closing-3-review-printed")


def test_the_quarter_review_in_danish(transactional_db, org, sign_in, axe):
    objective = ObjectiveFactory(owner=org.member, title="Gladere kunder")
    KeyResultFactory(
        objective=objective,
        title="Kundetilfredshed",
        approval_state=KeyResult.ApprovalState.APPROVED,
        current_value=Decimal("3.4"),
        deadline=datetime.date(2027, 2, 1),
    )
    boss = sign_in(org.boss.username, locale="da-DK")
    boss.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Kvartalsgennemgang"
    ).click()
    expect(boss.get_by_role("heading", name="Kvartalsgennemgang 2027 Q1")).to_be_visible()
    expect(boss.locator(f"#review-objective-{objective.pk} .proposed")).to_have_text("0,8")
    axe(boss, "kvartalsgennemgang")
