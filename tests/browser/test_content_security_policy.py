"""The Content-Security-Policy in a real browser: it forbids inline script and style, and the
product's own pages (htmx, the selects that submit themselves, the admin) break none of it.

Every browser test fails on a violation (tests/browser/conftest.py); these look for one where
the policy is most likely to bite."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.helpers import quarter

pytestmark = pytest.mark.browser


def test_an_inline_script_is_refused_and_reported(transactional_db, org, sign_in, csp_violations):
    page = sign_in(org.member.username)

    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.__inlineRan = true";
        document.body.append(script);
        document.body.setAttribute("style", "background: red");
    }"""
    )
    page.wait_for_function("window.__cspViolations.length >= 2")

    assert page.evaluate("window.__inlineRan") is None
    assert {v["directive"] for v in page.evaluate("window.__cspViolations")} == {
        "script-src-elem",
        "style-src-attr",
    }
    csp_violations.clear()  # seen and expected: the guard of the other tests must not fail here


def test_pages_carry_the_policy_without_unsafe_inline(transactional_db, org, new_context):
    page = new_context().new_page()
    response = page.goto("/sign-in/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_period_select_and_as_you_type_checks_work_under_the_policy(
    transactional_db, org, sign_in, screenshot, axe
):
    quarter(2026, 4)
    member = sign_in(org.member.username)

    member.locator("#period").select_option(label=str(quarter(2026, 4)))
    expect(member).to_have_url(re.compile(r"\?period=\d+$"))
    expect(member.locator("#period option:checked")).to_have_text(str(quarter(2026, 4)))
    axe(member, "my OKRs of another period")

    member.get_by_role("navigation", name="Main").get_by_role("link", name="New objective").click()
    member.locator("#id_title").fill("Grow revenue by 20%")
    member.locator("#id_description").focus()  # leaving the field asks the server, via htmx
    expect(member.locator("#id_title_error")).to_contain_text("qualitative")
    screenshot(member, "7-csp-objective-checked-as-you-type")
    axe(member, "new objective checked as you type")


def test_the_admin_works_under_the_policy(transactional_db, org, kr, new_context, screenshot):
    page = new_context().new_page()
    page.goto("/admin/")
    page.locator("#id_username").fill(org.admin.username)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto(f"/admin/key_results/keyresult/{kr.pk}/change/")
    expect(page.locator("#id_title")).to_have_value(kr.title)
    page.locator("#select2-id_owner-container").click()  # the autocomplete opens its search
    expect(page.locator(".select2-results__option").first).to_be_visible()
    screenshot(page, "8-csp-admin-key-result")
