"""axe-core (vendored in tests/browser/vendor) run on a page in the browser, at WCAG 2.2 AA.

axe is evaluated through the DevTools protocol (page.evaluate), which the page's
Content-Security-Policy does not govern. The alternatives lose something: add_script_tag puts an
inline <script> in the page, which the policy refuses; a context with bypass_csp=True switches the
policy off, so the CSP guard in conftest.py would no longer see what the product breaks. This way
the policy stays on for every page axe checks, and a violation (by the product or by axe) still
fails the test."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# axe's best practices too: landmarks, headings in order, one label per landmark.
TAGS = [*WCAG_22_AA, "best-practice"]

# Every (page name, language) checked in this run, with how many rules it broke: a page seen by
# several tests is checked once.
CHECKED: dict[tuple[str, str], int] = {}

RUN_AXE = """async (tags) => {
  const results = await window.axe.run(document, {
    runOnly: { type: "tag", values: tags },
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with every element that breaks it."""

    page: str
    language: str
    rule: str
    impact: str
    help: str
    nodes: list[dict] = field(hash=False)

    def __str__(self) -> str:
        lines = [f"{self.page} [{self.language}] {self.rule} ({self.impact}): {self.help}"]
        for node in self.nodes:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}: {summary}")
        return "\n".join(lines)


def page_language(page: Page) -> str:
    """The language the page says it is in (<html lang>)."""
    return page.evaluate("document.documentElement.lang")


def run_axe(page: Page, name: str) -> list[Violation]:
    """axe's violations (WCAG 2.2 A and AA, best practices) on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    language = page_language(page)
    return [
        Violation(page=name, language=language, **violation)
        for violation in page.evaluate(RUN_AXE, TAGS)
    ]


def report(violations: list[Violation]) -> str:
    """Every violation, one rule per paragraph: page, language, rule, impact, elements, why."""
    return "\n".join(str(violation) for violation in violations)


# What the focused element's outline looks like, and the background it is drawn on: the
# outline-offset puts it outside the element, over its nearest parent with a background.
FOCUS_RING = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  let background = "rgb(255, 255, 255)";
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    const colour = getComputedStyle(parent).backgroundColor;
    if (colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent") {
      background = colour;
      break;
    }
  }
  return {
    element: element.outerHTML.slice(0, 120),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    colour: style.outlineColor,
    background,
  };
}"""


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two CSS colours written as rgb(r, g, b)."""

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in colour[colour.index("(") + 1 : -1].split(",")[:3]]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def assert_focus_visible(page: Page) -> None:
    """The focused element has an outline at least 2 px wide and 3:1 against what is behind it."""
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2, f"no visible focus: {ring}"
    ratio = contrast(ring["colour"], ring["background"])
    assert ratio >= 3, f"focus outline of {ratio:.2f}:1 only: {ring}"
