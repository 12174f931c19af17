"""Closing the quarter in a real browser: an owner carries an unfinished key result into the
next quarter from its page (the confirmation step comes in place), and the leader approves it
there; both pages link to each other. A key result that no longer makes sense is dropped, and
a draft objective deleted."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from approvals.models import ApprovalEvent
from key_results.models import KeyResult
from objectives.models import Objective
from progress.services import record_measurement
from tests.factories import ActionFactory, ObjectiveFactory

pytestmark = pytest.mark.browser


def test_owner_carries_an_unfinished_key_result_over_and_the_leader_approves_it_there(
    transactional_db, org, kr, sign_in, screenshot, axe
):
    record_measurement(key_result=kr, by=org.member, value=Decimal("3.2"), text="Survey is in.")

    # 1. The owner asks to carry it over: the step comes in place, with the next quarter chosen.
    member = sign_in(org.member.username)
    member.goto(kr.get_absolute_url())
    member.get_by_role("link", name="Carry over").click()
    step = member.locator("#confirm")
    expect(step).to_contain_text("Carry “Customer satisfaction” on in a later period?")
    expect(step.get_by_label("Carry over into")).to_have_value(re.compile(r"\d+"))
    expect(step.locator("#id_period option:checked")).to_have_text("2027 Q2")
    screenshot(member, "carry-1-step")
    axe(member, "carry over step")
    step.get_by_role("button", name="Carry over").click()

    # 2. It lands on the new key result, waiting for the leader, linked to the old one.
    expect(member).to_have_url(re.compile(r"/key-results/\d+/$"))
    expect(member.get_by_role("status")).to_contain_text("Carried over into 2027 Q2")
    heading = member.get_by_role("heading", level=1)
    expect(heading.locator(".badge")).to_have_text("Awaiting approval")
    expect(member.locator("#continued-from")).to_contain_text("2027 Q1")
    expect(member.locator("#continued-from")).to_contain_text("from 3 to 3.2")
    screenshot(member, "carry-2-new-key-result")
    axe(member, "key result carried over")
    new = KeyResult.objects.get(continues=kr)
    assert (new.baseline, new.target) == (Decimal("3.2"), Decimal("3.5"))

    # 3. The leader approves it from the inbox.
    leader = sign_in(org.leader.username)
    leader.get_by_role("navigation", name="Main").get_by_role("link", name="Approvals").click()
    row = leader.locator(".decision-row", has_text="Customer satisfaction")
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(row.locator(".badge")).to_have_text("Approved")

    # 4. The old key result says where it continues; the history of the new one tells it all.
    member.goto(kr.get_absolute_url())
    expect(member.locator("#continued-in")).to_contain_text("2027 Q2")
    expect(member.get_by_role("link", name="Carry over")).to_have_count(0)
    member.locator("#continued-in").get_by_role("link").click()
    expect(heading.locator(".badge")).to_have_text("Approved")
    expect(member.locator(".history .event-carried_over")).to_contain_text("by Mette Member")
    assert list(
        new.approval_events.order_by("created_at", "id").values_list("kind", flat=True)
    ) == [ApprovalEvent.Kind.CARRIED_OVER, ApprovalEvent.Kind.APPROVED]


def test_owner_drops_a_key_result_with_a_reason_and_the_feed_tells(
    transactional_db, org, kr, sign_in, screenshot, axe
):
    member = sign_in(org.member.username)
    member.goto(kr.get_absolute_url())
    member.get_by_role("link", name="Drop", exact=True).click()
    step = member.locator("#confirm")
    step.get_by_role("button", name="Drop it").click()
    expect(step.locator("#id_reason_error")).to_contain_text("Say why it is dropped")
    axe(member, "drop step refused")
    step.get_by_label("Why is it dropped?").fill("The survey was stopped.")
    step.get_by_role("button", name="Drop it").click()
    expect(member.get_by_role("status")).to_contain_text("Dropped.")
    expect(member.locator("#dropped")).to_contain_text("The survey was stopped.")
    screenshot(member, "drop-1-dropped")
    axe(member, "key result dropped")
    member.get_by_role("navigation", name="Main").get_by_role("link", name="Feed").click()
    entry = member.locator("article.entry.kind-dropped")
    expect(entry).to_contain_text("Dropped the key result “Customer satisfaction”")
    expect(entry).to_contain_text("The survey was stopped.")
    axe(member, "feed with a dropped key result")


def test_owner_deletes_a_draft_objective_after_confirming_in_place(
    transactional_db, org, sign_in, screenshot, axe
):
    draft = ObjectiveFactory(owner=org.member, title="Tidier desks", status=Objective.Status.DRAFT)
    ActionFactory(objective=draft, title="Clear the shelves")
    member = sign_in(org.member.username)
    member.goto(draft.get_absolute_url())
    member.get_by_role("link", name="Delete", exact=True).first.click()
    step = member.locator("#confirm")
    expect(step).to_contain_text("Delete “Tidier desks”? This cannot be undone.")
    expect(step).to_contain_text("Its action is deleted with it.")
    screenshot(member, "delete-1-step")
    axe(member, "delete a draft objective step")
    step.get_by_role("button", name="Delete").click()
    expect(member.get_by_role("heading", level=1)).to_have_text("My OKRs")
    expect(member.get_by_role("status")).to_contain_text("Deleted “Tidier desks”.")
    assert not Objective.objects.filter(pk=draft.pk).exists()


def test_the_carry_over_step_reads_in_danish(transactional_db, org, kr, sign_in, axe):
    member = sign_in(org.member.username, locale="da-DK")
    member.goto(kr.get_absolute_url())
    member.get_by_role("link", name="Før videre").click()
    step = member.locator("#confirm")
    expect(step).to_contain_text("Før »Customer satisfaction« videre til en senere periode?")
    axe(member, "carry over step")
    step.get_by_role("button", name="Før videre").click()
    expect(member.get_by_role("status")).to_contain_text(
        "Ført videre til 2027 Q2 og sendt til godkendelse."
    )
    expect(member.locator("#continued-from")).to_contain_text("Fortsætter")
    axe(member, "key result carried over")
