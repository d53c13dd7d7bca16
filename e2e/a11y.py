"""Accessibility checks for the browser tests: axe-core, reflow at 320 px, 200% zoom, visible focus.

`check_page(page, name)` is what the journeys call on every page state they pass: it runs axe
(WCAG 2.1 A and AA rules), checks that flash messages and error summaries are live regions, checks
the page reflows at 320 CSS px and at 200% zoom, and saves full-page screenshots as
e2e/artifacts/<name>.png (1280 px wide) and <name>-320px.png.

200% zoom is emulated the way the browser does it: zooming a 1280x800 window to 200% lays the page
out in a 640x400 CSS-px viewport (every CSS pixel is then two device pixels). We set that viewport
on the running page; the device pixel ratio only changes how sharp the pixels are, not the layout,
so it is left at 1 (it cannot change on a live context anyway). 320 CSS px is WCAG 1.4.10's reflow
width (a 1280 px window at 400%).
"""
from __future__ import annotations

import re
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

ARTIFACTS = Path(__file__).parent / "artifacts"  # git-ignored
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
DESKTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow
ZOOM_200 = {"width": 640, "height": 400}  # a 1280x800 window at 200% zoom

_axe = Axe()


def axe_violations(page: Page) -> list[dict]:
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {' '.join(node.get('html', '').split())[:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"       {summary[:300]}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page: Page, state: str) -> None:
    """Run axe-core with the WCAG 2.1 A and AA rules on the page as it is now."""
    violations = axe_violations(page)
    assert not violations, f"axe found {len(violations)} WCAG 2.1 A/AA violation(s) on {state} ({page.url}):\n" + (
        format_violations(violations)
    )


# Whether the page body scrolls sideways, and which boxes stick out. Boxes that scroll on their own
# (a wide table in its .table-scroll container) are fine when a keyboard user can reach and scroll
# them (tabindex=0) and a screen reader hears what they hold (a role and an accessible name).
_REFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const sticksOut = [];
  for (const el of document.querySelectorAll('body *')) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.right <= width + 1) continue;
    // Inside a box that scrolls or clips? Then that box is what counts.
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow !== 'visible') { clipped = true; break; }
    }
    if (!clipped && getComputedStyle(el).position !== 'fixed') sticksOut.push(describe(el) + ' right=' + Math.round(rect.right));
  }
  const scrollers = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!['auto', 'scroll'].includes(style.overflowX) || el.scrollWidth <= el.clientWidth + 1) continue;
    const name = el.getAttribute('aria-label') ||
        (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map(id => document.getElementById(id))
          .filter(Boolean).map(n => n.textContent.trim()).join(' ');
    const role = el.getAttribute('role') || (['figure', 'section'].includes(el.tagName.toLowerCase()) ? el.tagName.toLowerCase() : null);
    scrollers.push({what: describe(el), tabindex: el.getAttribute('tabindex'), role: role, name: name});
  }
  return {scrollWidth: document.documentElement.scrollWidth, bodyScrollWidth: document.body.scrollWidth,
          width: width, sticksOut: sticksOut.slice(0, 10), scrollers: scrollers};
}"""


def assert_reflows(page: Page, state: str, viewport: dict, label: str) -> None:
    page.set_viewport_size(viewport)
    result = page.evaluate(_REFLOW_JS)
    limit = viewport["width"]
    assert result["scrollWidth"] <= limit and result["bodyScrollWidth"] <= limit, (
        f"{state} scrolls sideways at {label}: the page is {result['scrollWidth']} px wide in a {limit} px "
        f"window; sticking out: {result['sticksOut']}"
    )
    bad = [s for s in result["scrollers"] if s["tabindex"] != "0" or not s["role"] or not s["name"].strip()]
    assert not bad, (
        f"{state} at {label}: boxes that scroll sideways must be reachable by keyboard (tabindex=0) and "
        f"have a role and an accessible name: {bad}"
    )


def check_reflow(page: Page, state: str, screenshot_name: str | None = None) -> None:
    """No sideways scrolling of the page at 320 px and at 200% zoom (WCAG 1.4.10 and 1.4.4)."""
    original = page.viewport_size or DESKTOP
    try:
        assert_reflows(page, state, NARROW, "320 CSS px")
        if screenshot_name:
            screenshot(page, f"{screenshot_name}-320px")
        assert_reflows(page, state, ZOOM_200, "200% zoom (640x400 CSS px)")
    finally:
        page.set_viewport_size(original)


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    safe_name = re.sub(r"[^\w.-]+", "_", name)
    page.screenshot(path=str(ARTIFACTS / f"{safe_name}.png"), full_page=True)


def assert_status_messages_are_announced(page: Page, state: str) -> None:
    """Flash messages and error summaries are live regions (WCAG 4.1.3): role=status or role=alert."""
    silent = page.evaluate("""() => [...document.querySelectorAll('.flash, .error-summary')]
        .filter(el => !['status', 'alert'].includes(el.getAttribute('role')))
        .map(el => el.outerHTML.slice(0, 120))""")
    assert not silent, f"{state}: status messages without role=status or role=alert: {silent}"


def check_page(page: Page, name: str) -> None:
    """Everything we check on a page state: axe, live status messages, reflow and zoom, and a
    full-page screenshot."""
    page.wait_for_load_state("load")
    assert_no_axe_violations(page, name)
    assert_status_messages_are_announced(page, name)
    screenshot(page, name)
    check_reflow(page, name, screenshot_name=name)


_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.id || '').trim().slice(0, 60),
          outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
          outlineColor: style.outlineColor, boxShadow: style.boxShadow, focusVisible: el.matches(':focus-visible')};
}"""


def focused(page: Page) -> dict | None:
    return page.evaluate(_FOCUS_JS)


def assert_focus_visible(page: Page) -> dict:
    """The focused element shows a focus ring: a solid outline of at least 2 px (WCAG 2.4.7)."""
    info = focused(page)
    assert info is not None, "nothing has keyboard focus"
    assert info["focusVisible"], f"the focused element does not match :focus-visible: {info}"
    assert info["outlineStyle"] not in ("none", "hidden") and info["outlineWidth"] >= 2, (
        f"no visible focus indicator on the focused element: {info}"
    )
    return info
