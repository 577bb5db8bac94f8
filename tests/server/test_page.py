"""The page in the distribution's headless Chromium, driven with Playwright.

Screenshots are kept in tests/server/artifacts/ (git-ignored) for a person to look at.
Outside CI a missing browser or Playwright skips; in CI (`CI` set) it fails.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import socialpolicy as sp
from _service import ARTIFACTS, TOKEN, Running

BREACH = "Call my cousin Jo at 647-555-0148, she saw the whole thing."

# Contrast ratio of each element's text against its own (or nearest) background, WCAG 2.x.
CONTRAST_JS = """
(selectors) => {
  function rgb(s) {
    const m = s.match(/[\\d.]+/g).map(Number);
    return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3);
  }
  function lum(c) {
    const v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  function bg(e) {
    while (e) { const c = rgb(getComputedStyle(e).backgroundColor); if (c) return c; e = e.parentElement; }
    return [255, 255, 255];
  }
  const out = [];
  for (const sel of selectors) {
    for (const e of document.querySelectorAll(sel)) {
      if (!e.offsetParent) continue;
      const a = lum(rgb(getComputedStyle(e).color)), b = lum(bg(e));
      out.push([sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
    }
  }
  return out;
}
"""

UNLABELLED_JS = """
() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(e => e.offsetParent && !(e.id && document.querySelector('label[for="' + e.id + '"]')))
  .map(e => e.id || e.outerHTML.slice(0, 60))
"""

OVERFLOW_JS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.set_default_timeout(30_000)
    yield pg
    context.close()
    allowed = getattr(pg, "allowed_errors", ())
    assert not [e for e in errors if not any(a in e for a in allowed)], errors


def _contrast_ok(pg: Any, selectors: list[str]) -> None:
    ratios = pg.evaluate(CONTRAST_JS, selectors)
    assert ratios, "nothing measured"
    low = [(s, round(r, 2)) for s, r in ratios if r < 4.5]
    assert not low, f"text below 4.5:1 contrast: {low}"


def test_compose_marks_findings_and_cites_the_policy(service: Running, page: Any) -> None:
    pack = sp.load_pack("toronto")
    rule = pack.rule_versions("tps.privacy.personal-information")[-1]
    pg = page
    pg.goto(service.url + "/?pack=toronto")
    assert pg.evaluate(UNLABELLED_JS) == []
    pg.wait_for_selector("#account option", state="attached")
    pg.locator("#draft").focus()
    pg.keyboard.type(BREACH, delay=5)
    pg.wait_for_selector("#verdict.violation")
    assert "Violation" in pg.inner_text("#verdict")
    assert "assumed member" in pg.inner_text("#verdict")
    marked = pg.locator("#highlighted mark.violation").all_inner_texts()
    assert "647-555-0148" in marked
    assert pg.inner_text("#highlighted") == BREACH  # marks do not change the text
    card = pg.locator("li.finding", has_text=f"Rule {rule.id} version {rule.version}")
    card.wait_for()
    text = card.inner_text()
    assert rule.determinacy.value in text and rule.remediation in text
    card.locator("mark.cited").first.wait_for()
    cited = card.locator("mark.cited").all_inner_texts()
    assert cited[0] == rule.citations[0].quote
    assert rule.citations[0].section in text
    _contrast_ok(
        pg, ["#verdict", ".badge", "#highlighted mark", "mark.cited", ".meta", ".help", "label"]
    )
    pg.screenshot(path=str(ARTIFACTS / "compose-desktop.png"), full_page=True)

    # The author's account, chosen with the keyboard, is judged too.
    pg.locator("#account").focus()
    pg.keyboard.press("ArrowDown")
    pg.wait_for_function(
        "() => !document.getElementById('verdict').textContent.includes('assumed member')"
    )
    assert "Violation" in pg.inner_text("#verdict")


def test_the_verdict_is_debounced(service: Running, page: Any) -> None:
    pg = page
    calls: list[str] = []
    pg.on("request", lambda r: calls.append(r.url) if r.url.endswith("/evaluate") else None)
    pg.goto(service.url + "/?pack=toronto")
    pg.wait_for_selector("#account option", state="attached")
    pg.locator("#draft").focus()
    pg.keyboard.type("Great turnout at the community safety fair today", delay=15)
    pg.wait_for_selector("#verdict.pass")
    assert 1 <= len(calls) <= 3, f"{len(calls)} evaluate calls for 49 keystrokes"


def test_policy_view_marks_every_clause_and_shows_its_rules(service: Running, page: Any) -> None:
    pack = sp.load_pack("toronto")
    pg = page
    pg.goto(service.url + "/policy?pack=toronto")
    pg.wait_for_selector("#doc-text mark.clause")
    marked = set(
        pg.eval_on_selector_all("#doc-text mark.clause", "ms => ms.map(m => m.dataset.clause)")
    )
    assert marked == {c.id for c in pack.clauses}
    text = pg.inner_text("#doc-text")
    assert text == pack.documents[0].text  # the document as published, marks added only
    assert pg.evaluate(UNLABELLED_JS) == []

    # Keyboard: focus the privacy clause's passage and open it with Enter.
    pg.focus('#doc-text mark.clause[data-clause="tps.privacy"][tabindex="0"]')
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#clause-panel .rule h3")
    panel = pg.locator("#clause-panel")
    assert "tps.privacy" in panel.locator("h2").inner_text()
    for r in pack.rules_for_clause("tps.privacy"):
        panel.locator("h3", has_text=f"{r.id} {r.version}").wait_for()
    body = panel.inner_text()
    assert "in force" in body and "Fires on" in body and "Quiet on" in body
    assert pg.locator('#doc-text mark.clause.selected[data-clause="tps.privacy"]').count() > 0
    cov = pg.inner_text("#coverage")
    assert "checkable clauses have rules" in cov
    _contrast_ok(pg, ["#doc-text mark.clause", "#clause-panel .badge", ".coverage span", ".meta"])
    pg.screenshot(path=str(ARTIFACTS / "policy-desktop.png"))


@pytest.mark.parametrize("path", ["/?pack=toronto", "/policy?pack=edmonton"])
def test_phone_width(service: Running, page: Any, path: str) -> None:
    pg = page
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto(service.url + path)
    if path.startswith("/policy"):
        pg.wait_for_selector("#clause-panel h2")
    else:
        pg.wait_for_selector("#account option", state="attached")
        pg.fill("#draft", BREACH)
        pg.wait_for_selector("#findings li.finding mark.cited")
    width, client = pg.evaluate(OVERFLOW_JS)
    assert width <= client, f"the page is {width}px wide in a {client}px screen"
    name = "phone-policy.png" if path.startswith("/policy") else "phone-compose.png"
    pg.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_the_page_asks_for_a_token(guarded: Running, page: Any) -> None:
    pg = page
    pg.allowed_errors = ("401 (Unauthorized)",)  # the first call, before the token is given
    pg.goto(guarded.url + "/")
    pg.wait_for_selector("#auth:not([hidden])")
    assert "access token" in pg.inner_text("#status")
    pg.fill("#token", TOKEN)
    pg.keyboard.press("Enter")
    pg.wait_for_selector("#account option", state="attached")
    pg.fill("#draft", BREACH)
    pg.wait_for_selector("#verdict.violation")
