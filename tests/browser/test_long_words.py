"""Pages as wide as the window, on a desktop and on a 320 px phone (WCAG's reflow), so nobody
scrolls sideways: also when someone typed a word longer than the screen is wide (a pasted link, a
code), which wraps instead of widening the page."""

import pytest

from progress import services
from tests.browser.test_accessibility import an_organisation_at_work
from tests.factories import KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser

LONG_WORD = "Callbacks" + "x" * 291  # 300 characters, no place to break
LONG_TITLE = "Happier" + "y" * 185  # titles hold at most 200 characters
STICKING_OUT = """() => [...document.querySelectorAll("main *, header *")]
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth)
  .slice(-3).map((e) => e.outerHTML.slice(0, 80))"""


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_no_page_is_wider_than_the_window_even_with_a_300_character_word(
    transactional_db, org, sign_in, width
):
    objective, _other, satisfaction, praise, _waiting, finished = an_organisation_at_work(org)
    long_one = ObjectiveFactory(owner=org.member, title=LONG_TITLE, description=LONG_WORD)
    long_result = KeyResultFactory(objective=long_one, title="Satisfaction" + "z" * 185)
    services.record_measurement(
        key_result=satisfaction, by=org.member, value=3, text=LONG_WORD, learning=LONG_WORD
    )
    note = services.share_update(objective=objective, by=org.member, text=f"See {LONG_WORD}")
    services.add_comment(update=note, by=org.outsider, text=LONG_WORD)

    page = sign_in(org.leader.username)
    page.set_viewport_size({"width": width, "height": 800})
    for url in [
        "/",
        "/feed/",
        objective.get_absolute_url(),
        satisfaction.get_absolute_url(),
        praise.get_absolute_url(),
        long_one.get_absolute_url(),
        long_result.get_absolute_url(),
        "/tree/",
        "/approvals/",
        "/overview/",
        "/notifications/",
        f"/key-results/{satisfaction.pk}/record/",
        f"/actions/{finished.pk}/effect/",
        "/search/?q=callbacks",
    ]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow} px wider than a {width} px window: " + str(
            page.evaluate(STICKING_OUT)
        )
