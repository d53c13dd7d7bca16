"""Keyboard-only driving for the browser tests: Tab to an element, checking every focus stop on the way.

No mouse: only Tab, Shift+Tab, Enter, Space, arrow keys and typing, the way a keyboard user works.
"""
from __future__ import annotations

from datetime import date

from playwright.sync_api import Locator, Page

MAX_TAB_STOPS = 120  # more than any page here has before its last control

# One round trip per key press: is the target focused now, and does the focused element show it?
_STOP_JS = """([target]) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {isTarget: false, visible: false, what: 'body'};
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {isTarget: el === target,
          // A date input's calendar button has focus without the input matching :focus: then :focus-within.
          visible: (el.matches(':focus-visible') || el.matches(':focus-within')) && outline,
          what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
                (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 50) + '"',
          outline: style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor};
}"""


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `target` has focus. Every element that gets focus on the way
    must show a visible focus indicator (WCAG 2.4.7)."""
    handle = target.element_handle()
    key = "Shift+Tab" if backwards else "Tab"
    passed = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        stop = page.evaluate(_STOP_JS, [handle])
        assert stop["visible"], f"focus is not visible on {stop['what']} (outline: {stop.get('outline')})"
        passed.append(stop["what"])
        if stop["isTarget"]:
            return
    raise AssertionError(f"{MAX_TAB_STOPS} x {key} never reached {target}; focus went through {passed[-15:]}")


def activate(page: Page, target: Locator, key: str = "Enter") -> None:
    """Tab to a link or button and press Enter (or Space)."""
    tab_to(page, target)
    page.keyboard.press(key)


def type_into(page: Page, target: Locator, text: str) -> None:
    tab_to(page, target)
    page.keyboard.type(text)


def type_date(page: Page, group: Locator, day: date) -> None:
    """Type a date into the date pattern's three boxes (dag, maand, jaar), Tab to each in turn.
    Ctrl+A first: a box may hold a prefilled value."""
    for label, value in (("Dag", day.day), ("Maand", day.month), ("Jaar", day.year)):
        box = group.get_by_label(label, exact=True)
        tab_to(page, box)
        page.keyboard.press("Control+A")
        page.keyboard.type(str(value))
    assert [group.get_by_label(label, exact=True).input_value() for label in ("Dag", "Maand", "Jaar")] == [
        str(day.day), str(day.month), str(day.year)]
