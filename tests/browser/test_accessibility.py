"""Every page a person reaches, in English and in Danish, passes axe at WCAG 2.2 AA: signed out,
as a member drafting, measuring and sharing, and as a leader deciding. Forms are also checked as
they look after a refused submit, and the header's search with its results open."""

from decimal import Decimal

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from approvals import services as approvals
from key_results.models import KeyResult
from objectives.models import Action
from objectives.services import change_action_status
from progress import services
from progress.models import Reminder
from tests.factories import ActionFactory, KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser

LOCALES = {"en": "en-GB", "da": "da-DK"}


def an_organisation_at_work(org):
    """Objectives, actions and key results in every state, measured, shared and reacted to."""
    objective = ObjectiveFactory(
        owner=org.member, title="Happier customers", description="Customers who come back."
    )
    ObjectiveFactory(owner=org.leader, title="Faster answers", parent=objective)
    other_team = ObjectiveFactory(owner=org.outsider, title="More loyal partners")
    action = ActionFactory(
        objective=objective, title="Call back every unhappy customer within a day"
    )
    finished = ActionFactory(objective=objective, title="Shorter phone menu")
    satisfaction = KeyResultFactory(
        objective=objective,
        action=action,
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )
    services.record_measurement(
        key_result=satisfaction,
        by=org.member,
        value=Decimal("3.2"),
        text="Monthly survey is in.",
        learning="Calling back the same day matters most.",
    )
    services.record_measurement(
        key_result=satisfaction,
        by=org.member,
        value=Decimal("3.1"),
        kind="setback",
        text="The new phone menu made people wait longer.",
    )
    praise = KeyResultFactory(
        objective=objective,
        title="Unsolicited praise",
        kind=KeyResult.Kind.COUNT,
        baseline=Decimal(0),
        target=Decimal(10),
        unit="",
        open_to_everyone=True,
        approval_state=KeyResult.ApprovalState.APPROVED,
        approver=org.leader,
    )
    services.log_event(key_result=praise, by=org.outsider, text="Lars praised our work")
    waiting = KeyResultFactory(objective=objective, title="Answers within an hour")
    approvals.submit_for_approval(key_result=waiting, by=org.member)
    sent_back = KeyResultFactory(objective=objective, title="Fewer repeat calls")
    approvals.submit_for_approval(key_result=sent_back, by=org.member)
    approvals.request_changes(key_result=sent_back, by=org.leader, comment="Which calls count?")
    KeyResultFactory(objective=objective, title="Shorter queues", measurement_plan="")
    note = services.share_update(
        objective=objective, by=org.member, text="We now call back within the hour."
    )
    services.toggle_reaction(update=note, by=org.outsider, emoji="💡")
    services.add_comment(update=note, by=org.outsider, text="We saw the same in sales.")
    change_action_status(action=finished, by=org.member, status=Action.Status.DONE)
    now = timezone.now()
    Reminder.objects.create(person=org.member, kind="quarter_start", occasion="q", sent_at=now)
    Reminder.objects.create(person=org.member, kind="mid_quarter", occasion="m", failed_at=now)
    return objective, other_team, satisfaction, praise, waiting, finished


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None


def submit_empty(page: Page, form: str) -> None:
    """Submits the form as it is and waits until its errors are shown."""
    page.locator(f"{form} button[type=submit]").first.click()
    expect(page.locator(f"{form} .errors li").first).to_be_visible()


@pytest.mark.parametrize("language", ["en", "da"])
def test_every_page_passes_axe_in_both_languages(
    transactional_db, org, language, new_context, sign_in, axe
):
    objective, other_team, satisfaction, praise, waiting, finished = an_organisation_at_work(org)

    # Signed out: signing in, a refused sign-in, the password reset and a page not found.
    page = new_context(LOCALES[language]).new_page()
    visit(page, "/sign-in/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe(page, "sign in")
    page.locator("#id_username").fill(org.member.username)
    page.locator("#id_password").fill("wrong password")
    page.locator("#id_password").press("Enter")
    expect(page.locator("form .errors li").first).to_be_visible()
    axe(page, "sign in refused")
    visit(page, "/password-reset/")
    axe(page, "password reset")
    submit_empty(page, "form[action='/password-reset/']")
    axe(page, "password reset refused")
    visit(page, "/password-reset/sent/")
    axe(page, "password reset sent")
    uid = urlsafe_base64_encode(force_bytes(org.member.pk))
    token = default_token_generator.make_token(org.member)
    visit(page, f"/password-reset/{uid}/{token}/")
    axe(page, "new password")
    visit(page, f"/password-reset/{uid}/not-a-token/")
    axe(page, "new password link expired")
    visit(page, "/password-reset/done/")
    axe(page, "password set")
    visit(page, "/no-such-page/")
    axe(page, "not found")

    # A member drafts, measures and shares.
    member = sign_in(org.member.username, LOCALES[language])
    axe(member, "my OKRs")
    for name, url in [
        ("feed", "/feed/"),
        ("objective", objective.get_absolute_url()),
        ("key result with measurements", satisfaction.get_absolute_url()),
        ("count open to everyone", praise.get_absolute_url()),
        ("key result waiting", waiting.get_absolute_url()),
        ("edit objective", f"/objectives/{objective.pk}/edit/"),
        ("edit action", f"/objectives/actions/{finished.pk}/edit/"),
        ("edit key result", f"/key-results/{satisfaction.pk}/edit/"),
        ("weights", f"/key-results/weights/for-objective/{objective.pk}/"),
        ("share an update", f"/objectives/{objective.pk}/share/"),
        ("what did the action do", f"/actions/{finished.pk}/effect/"),
        ("log an event", f"/key-results/{praise.pk}/record/"),
        ("alignment", "/tree/"),
        ("teams", "/people/teams/"),
        ("team", f"/people/teams/{org.support.pk}/"),
        ("search results", "/search/?q=customer"),
        ("nothing found", "/search/?q=zebra"),
        ("my page", "/people/me/"),
        ("empty inbox", "/approvals/"),
        ("notifications", "/notifications/"),
        ("how you are told", "/people/me/notifications/"),
        ("not allowed", f"/objectives/{other_team.pk}/edit/"),
        ("not found signed in", "/objectives/999999/"),
    ]:
        visit(member, url)
        axe(member, name)

    visit(member, "/objectives/new/")
    axe(member, "new objective")
    member.locator("#id_title").fill("Increase NPS to 40")
    submit_empty(member, "#objective-form")
    axe(member, "new objective refused")
    visit(member, f"/objectives/{objective.pk}/actions/new/")
    axe(member, "propose an action")
    submit_empty(member, "#action-form")
    axe(member, "propose an action refused")
    visit(member, f"/key-results/new/for-objective/{objective.pk}/")
    axe(member, "new key result")
    member.locator("#id_title").fill("")
    submit_empty(member, "#key-result-form")
    axe(member, "new key result refused")
    visit(member, f"/key-results/{satisfaction.pk}/record/")
    axe(member, "record a measurement")
    submit_empty(member, "main form[method=post]")
    axe(member, "record a measurement refused")

    visit(member, "/feed/")
    member.locator("#search-q").fill("customer")
    expect(member.locator("#search-popup a").first).to_be_visible()
    axe(member, "search as you type")

    # A leader decides: in the inbox, on the overview, and on the key result's own page.
    leader = sign_in(org.leader.username, LOCALES[language])
    axe(leader, "my OKRs with what to do")
    for name, url in [
        ("inbox", "/approvals/"),
        ("teams I lead", "/overview/"),
        ("key result to decide", waiting.get_absolute_url()),
    ]:
        visit(leader, url)
        axe(leader, name)
    leader.locator("form.decision button[value=request_changes]").click()
    expect(leader.locator("form.decision .errors li").first).to_be_visible()
    axe(leader, "decision refused")
    visit(leader, "/approvals/")
    row = leader.locator(".decision-row").first
    row.locator("button[value=approve]").click()
    expect(row.locator(".done")).to_be_visible()
    axe(leader, "inbox after approving")
