"""What axe cannot see, checked on every public page the déclaration
d'accessibilité names (intake.accessibility, pages marked `manual`):

- the keyboard (RGAA 12.7, 12.8, 10.7, WCAG 2.1.1, 2.1.2, 2.4.1, 2.4.3,
  2.4.7): Tab reaches every interactive element in the order of the
  document and nothing else, each one shows that it has the focus (its
  outline or shadow changes), focus never sticks, and the first stop is a
  link to the main content that takes the focus there;
- zoom (RGAA 10.4, 10.11, WCAG 1.4.4, 1.4.10): a 1280-pixel-wide window at
  200 % and 400 % is a 640- and a 320-pixel CSS viewport; the page must
  not scroll sideways there, and no text may be cut off by a box too small;
- names (RGAA 11.1, 6.2, WCAG 4.1.2): every control and link has an
  accessible name in the browser's own accessibility tree.
"""

import pytest

from intake.accessibility import manually_checked_pages
from tests.browser.audited_pages import *  # noqa: F403  (the fixture: audited_world)
from tests.browser.audited_pages import audited_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The elements Tab should stop at, in the order of the document, each
# numbered in data-kb; and their outline and shadow when they are not focused.
TAB_STOPS = """() => {
  const candidates = document.querySelectorAll(
    'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]');
  const radios = new Map();  // a group of radios is one stop: its checked one, else its first
  const stops = [];
  for (const el of candidates) {
    if (el.disabled || (el.tagName === 'INPUT' && el.type === 'hidden')) continue;
    const tabindex = el.getAttribute('tabindex');
    if (tabindex !== null && parseInt(tabindex, 10) < 0) continue;
    if (!el.checkVisibility({visibilityProperty: true}) || el.closest('[inert]')) continue;
    if (el.tagName === 'INPUT' && el.type === 'radio' && el.name) {
      const key = (el.form ? el.form.id || 'form' + [...document.forms].indexOf(el.form) : '') + '/' + el.name;
      const group = el.form ? el.form.querySelectorAll(`input[type=radio][name="${el.name}"]`)
                            : document.querySelectorAll(`input[type=radio][name="${el.name}"]`);
      if (radios.has(key)) continue;
      radios.set(key, true);
      const checked = [...group].find(r => r.checked);
      stops.push(checked || el);
      continue;
    }
    stops.push(el);
  }
  const style = el => {
    const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join(' | ');
  };
  return stops.map((el, i) => {
    el.dataset.kb = String(i);
    return {index: i, label: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
            (el.textContent || el.name || '').trim().slice(0, 40), style: style(el)};
  });
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el.dataset.kb === undefined) {
    return {index: null, label: el ? el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') : null};
  }
  const s = getComputedStyle(el);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  return {index: parseInt(el.dataset.kb, 10), style: [s.outlineStyle, s.outlineWidth, s.outlineColor,
          s.boxShadow].join(' | '), visible};
}"""


def _keyboard_problems(page, path):
    page.goto(path)
    stops = page.evaluate(TAB_STOPS)
    problems = []
    order = []
    for _ in range(len(stops) + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["index"] is None or (order and focused["index"] == 0):
            break  # past the last stop: out of the page, or round to the first again
        if order and focused["index"] == order[-1]:
            problems.append(f"focus stuck on {stops[focused['index']]['label']}")
            break
        order.append(focused["index"])
        stop = stops[focused["index"]]
        if focused["style"] == stop["style"] or not focused["visible"]:
            problems.append(f"no visible focus on {stop['label']}")
    expected = list(range(len(stops)))
    if order != expected:
        problems.append(f"Tab order {order} instead of {expected}: {[s['label'] for s in stops]}")
    return problems


def _skip_link_problems(page, path):
    page.goto(path)
    page.evaluate(TAB_STOPS)
    page.keyboard.press("Tab")
    link = page.evaluate("""() => {
      const el = document.activeElement, box = el.getBoundingClientRect();
      return {tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'),
              shown: box.width > 1 && box.height > 1};
    }""")
    if (link["tag"], link["href"]) != ("A", "#main") or "contenu" not in link["text"]:
        return [f"the first Tab stop is not a link to the main content: {link}"]
    problems = [] if link["shown"] else ["the skip link stays invisible when focused"]
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append("the skip link does not move the focus to the main content")
    page.keyboard.press("Tab")
    after_main = page.evaluate("""() => {
      const main = document.getElementById('main');
      const next = [...document.querySelectorAll('[data-kb]')].find(
        el => main.contains(el) || (main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
      return [next ? next.dataset.kb : null, document.activeElement.dataset.kb || null];
    }""")
    if after_main[0] != after_main[1]:
        problems.append(f"after the skip link, Tab goes to stop {after_main[1]} instead of {after_main[0]}")
    return problems


def test_every_public_page_works_with_the_keyboard_alone(page, audited_world):
    failures = {}
    for declared, path in audited_paths(audited_world, manually_checked_pages()):
        problems = _skip_link_problems(page, path) + _keyboard_problems(page, path)
        if problems:
            failures[declared.name] = problems
    assert failures == {}


# Text cut off: a box that hides its overflow and holds more than it shows,
# or text that runs out of the viewport (outside a box that scrolls, such as
# a wide table's .table-responsive: WCAG 1.4.10 allows it for data tables).
CLIPPED = """() => {
  const width = document.documentElement.clientWidth;
  const hiddenOnPurpose = el => el.closest('.visually-hidden, .visually-hidden-focusable, [aria-hidden="true"]');
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (hiddenOnPurpose(el) || !el.checkVisibility({visibilityProperty: true})) continue;
    const s = getComputedStyle(el);
    const ownText = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    const hides = ['hidden', 'clip'].includes(s.overflowX) || ['hidden', 'clip'].includes(s.overflowY);
    if (hides && el.innerText.trim() && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)) {
      problems.push(`cut off: ${el.tagName.toLowerCase()}.${el.className} "${el.innerText.trim().slice(0, 40)}"`);
    }
    if (ownText && s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`ellipsis: ${el.tagName.toLowerCase()} "${el.innerText.trim().slice(0, 40)}"`);
    }
    if (ownText) {
      let scroller = el.parentElement, scrolls = false;
      for (; scroller; scroller = scroller.parentElement) {
        if (['auto', 'scroll'].includes(getComputedStyle(scroller).overflowX) && scroller !== document.scrollingElement
            && scroller !== document.body) { scrolls = true; break; }
      }
      const box = el.getBoundingClientRect();
      if (!scrolls && (box.right > width + 1 || box.left < -1)) {
        problems.push(`off screen: ${el.tagName.toLowerCase()} "${el.innerText.trim().slice(0, 40)}" ` +
                      `(${Math.round(box.left)}–${Math.round(box.right)} of ${width})`);
      }
    }
  }
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth) problems.push(`scrolls sideways: ${root.scrollWidth} > ${root.clientWidth}`);
  return problems;
}"""


@pytest.mark.parametrize("zoom", [200, 400])
def test_every_public_page_reflows_when_zoomed(page, audited_world, zoom):
    # A 1280 × 800 window at `zoom` % is a CSS viewport 1280/zoom × 800/zoom times smaller.
    page.set_viewport_size({"width": 1280 * 100 // zoom, "height": 800 * 100 // zoom})
    failures = {}
    for declared, path in audited_paths(audited_world, manually_checked_pages()):
        page.goto(path)
        problems = page.evaluate(CLIPPED)
        if problems:
            failures[declared.name] = problems
    assert failures == {}


NAMED_ROLES = {"button", "checkbox", "combobox", "link", "listbox", "radio", "searchbox", "slider", "spinbutton",
               "switch", "textbox", "menuitem", "tab"}


def test_every_control_and_link_has_an_accessible_name(page, audited_world):
    cdp = page.context.new_cdp_session(page)
    failures = {}
    for declared, path in audited_paths(audited_world, manually_checked_pages()):
        page.goto(path)
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
        controls = [n for n in nodes if not n.get("ignored") and n.get("role", {}).get("value") in NAMED_ROLES]
        assert controls, path  # every page has at least the skip link and the footer's
        unnamed = [n["role"]["value"] for n in controls if not (n.get("name", {}).get("value") or "").strip()]
        if unnamed:
            failures[declared.name] = unnamed
    assert failures == {}
