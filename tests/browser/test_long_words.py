"""A word longer than the screen is wide (a pasted link, a code) wraps: the pages stay as wide as
the window, on a desktop and on a 320 px phone (WCAG's reflow), so nobody scrolls sideways."""

import pytest
from playwright.sync_api import expect

from key_results.models import KeyResult
from progress import services
from tests.factories import KeyResultFactory, ObjectiveFactory

pytestmark = pytest.mark.browser

LONG_WORD = "Callbacks" + "x" * 291  # 300 characters, no place to break
LONG_TITLE = "Happier" + "y" * 185  # titles hold at most 200 characters


@pytest.mark.parametrize("width", [1280, 320], ids=["desktop", "phone"])
def test_a_300_character_word_does_not_widen_the_pages(transactional_db, org, sign_in, width):
    objective = ObjectiveFactory(owner=org.member, title=LONG_TITLE)
    key_result = KeyResultFactory(
        objective=objective,
        title="Satisfaction" + "z" * 185,
        approval_state=KeyResult.ApprovalState.APPROVED,
    )
    services.record_measurement(
        key_result=key_result, by=org.member, value=3, text=LONG_WORD, learning=LONG_WORD
    )
    note = services.share_update(objective=objective, by=org.member, text=f"See {LONG_WORD}")
    services.add_comment(update=note, by=org.outsider, text=LONG_WORD)

    page = sign_in(org.member.username)
    page.set_viewport_size({"width": width, "height": 800})
    for url in ["/feed/", objective.get_absolute_url(), key_result.get_absolute_url(), "/"]:
        page.goto(url)
        expect(page.get_by_text(LONG_TITLE[:40]).first).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} is {overflow} px wider than a {width} px window"
