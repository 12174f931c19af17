"""Headless Chromium (Debian's own build) driven by Playwright against the live server."""

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.browser.accessibility import CHECKED, Violation, page_language, report, run_axe

SHOTS = Path(tempfile.gettempdir()) / "okr-shots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "secret-pass-123"

expect.set_options(timeout=5_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Every document reports what the Content-Security-Policy blocked, through a binding to the test.
REPORT_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    page: document.location.pathname,
    sample: event.sample,
  };
  window.__cspViolations.push(violation);
  window.__reportCspViolation(violation);
});
"""


@pytest.fixture
def csp_violations() -> list[dict]:
    """What the Content-Security-Policy blocked in any page of the test's browser contexts."""
    return []


@pytest.fixture
def new_context(
    browser: Browser, live_server, csp_violations: list[dict]
) -> Iterator[Callable[..., BrowserContext]]:
    """Opens fresh browser contexts (one per person), each with its own cookies.

    A test whose pages break the Content-Security-Policy fails, whatever else it checks."""
    contexts: list[BrowserContext] = []

    def open_context(locale: str = "en-GB") -> BrowserContext:
        """A context whose browser asks for `locale` (da-DK: the pages come in Danish)."""
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale=locale
        )
        context.set_default_timeout(5_000)
        context.expose_binding(
            "__reportCspViolation", lambda _source, violation: csp_violations.append(violation)
        )
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on(
            "console",
            lambda message: (
                csp_violations.append({"console": message.text})
                if "Content Security Policy" in message.text
                else None
            ),
        )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert csp_violations == [], "a page broke the Content-Security-Policy"


@pytest.fixture
def sign_in(new_context) -> Callable[..., Page]:
    """Signs a person in through the sign-in page, in a context of their own."""

    def sign_in_as(username: str, locale: str = "en-GB") -> Page:
        """Signs `username` in, with a browser that asks for pages in `locale`."""
        page = new_context(locale).new_page()
        page.goto("/sign-in/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.get_by_role("button", name=re.compile(r"^(Sign in|Log ind)$")).click()
        expect(page.locator("h1")).to_have_text(re.compile(r"My OKRs|Mine OKR'er"))
        return page

    return sign_in_as


@pytest.fixture
def screenshot() -> Callable[[Page, str], None]:
    """Saves a full-page screenshot in the system temporary folder, outside the repository."""
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> None:
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture
def axe() -> Iterator[Callable[[Page, str], None]]:
    """Checks the page as it is now with axe (WCAG 2.2 A and AA, best practices), once per page
    name and language in the whole run; the test fails at its end with every violation found."""
    violations: list[Violation] = []

    def check(page: Page, name: str) -> None:
        page.wait_for_load_state()
        key = (name, page_language(page))
        if key in CHECKED:
            return
        found = run_axe(page, name)
        CHECKED[key] = len(found)
        violations.extend(found)

    yield check
    assert not violations, "axe found violations:\n" + report(violations)


def pytest_terminal_summary(terminalreporter) -> None:
    """Says how many pages axe checked in which languages, and what it found."""
    if CHECKED:
        languages = sorted({language for _name, language in CHECKED})
        pages = len({name for name, _language in CHECKED})
        terminalreporter.write_line(
            f"axe (WCAG 2.2 AA and best practices): {pages} pages, {len(CHECKED)} checks "
            f"(pages x languages: {', '.join(languages)}), {sum(CHECKED.values())} violations"
        )
