"""The checkers themselves: they must fail on a page that breaks the rules, with a readable message.
(A checker that never fails would make every other browser test pass for nothing.)"""
import pytest
from playwright.sync_api import Page

from e2e.a11y import assert_no_axe_violations, assert_status_messages_are_announced, check_reflow


def test_the_checkers_catch_broken_pages(page: Page):
    page.goto("/inloggen")
    # Break the page from the test. The page's Content-Security-Policy allows no inline script or
    # style attribute, so sizes are set through the DOM.
    page.evaluate("""() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend',
        '<img src="/static/favicon.svg" class="broken-img">' +
        '<div class="flash">Opgeslagen.</div>' +
        '<div class="too-wide">breed</div>');
      document.querySelector('.too-wide').style.width = '900px';
    }""")
    with pytest.raises(AssertionError) as axe_failure:
        assert_no_axe_violations(page, "a broken page")
    message = str(axe_failure.value)
    assert "image-alt (critical)" in message and 'at img: <img src="/static/favicon.svg" class="broken-img">' in message and "dequeuniversity.com" in message

    with pytest.raises(AssertionError, match="without role=status or role=alert"):
        assert_status_messages_are_announced(page, "a broken page")

    with pytest.raises(AssertionError, match=r"scrolls sideways at 320 CSS px.*div\.too-wide"):
        check_reflow(page, "a broken page")

    # A box that scrolls on its own is fine only when the keyboard can reach it and it has a name.
    page.evaluate("""() => {
      const wide = document.querySelector('.too-wide');
      wide.style.width = '';
      wide.style.overflowX = 'auto';
      wide.innerHTML = '<div>breed</div>';
      wide.firstChild.style.width = '900px';
    }""")
    with pytest.raises(AssertionError, match="reachable by keyboard"):
        check_reflow(page, "a page with an unnamed scrolling box")
