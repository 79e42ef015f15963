"""axe-core on every role's main pages, in French and English, at 1280 and 390 px: no serious
or critical violation; and the text reflows (WCAG 1.4.10): no page wider than the screen, no word
of a table cut across two lines (an email address excepted).

axe is injected with Playwright's `page.evaluate`, which the Content-Security-Policy does not
govern: the pages are checked under the policy they are served with (no `bypass_csp`)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.e2e.main_pages import LANGUAGES, main_pages, walk

# What axe and the reflow check read is markup and styles: `.ci/run` runs this on SQLite only.
pytestmark = [pytest.mark.e2e, pytest.mark.same_on_every_database]

SERIOUS = {"serious", "critical"}
AXE = Axe()
# Each problem of reflow in the page, in words.
REFLOW = r"""
() => {
  const problems = [];
  const wide = document.documentElement.scrollWidth;
  if (wide > window.innerWidth) problems.push(`the page is ${wide} px wide`);
  for (const cell of document.querySelectorAll("table.data td")) {
    const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      if (node.parentElement.closest(".address")) continue;
      for (const word of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].map((box) => Math.round(box.bottom)));
        if (lines.size > 1) problems.push(`"${word[0]}" cut`);
      }
    }
  }
  return [...new Set(problems)];
}
"""


def _problems(tab: Page) -> list[str]:
    """ "rule: element, element" for each serious or critical violation in the tab, then each
    problem of reflow. axe is injected once per page load, then run at each width."""
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.evaluate(AXE.axe_script)
    results = tab.evaluate("axe.run({resultTypes: ['violations']})")
    found = [
        f"{rule['id']}: {', '.join(str(node['target']) for node in rule['nodes'])}"
        for rule in results["violations"]
        if rule["impact"] in SERIOUS
    ]
    return found + [f"reflow: {problem}" for problem in tab.evaluate(REFLOW)]


def test_main_pages_have_no_serious_accessibility_violation(browser, live_server, demo_to_walk):
    """Both languages in one test: the demo takes longer to build than a language to check,
    and the live server's database is emptied after each test."""
    answers, violations = {}, {}

    for language in LANGUAGES:
        for visit in walk(browser, live_server.url, language):
            where = f"{language}, {visit.page.role}: {visit.page.name}"
            answers[where] = (visit.status, visit.language)
            found = _problems(visit.tab)
            if found:
                violations[f"{where} at {visit.width} px"] = found

    expected = {
        f"{language}, {page.role}: {page.name}": (200, language)
        for language in LANGUAGES
        for page in main_pages()
    }
    assert (answers, violations) == (expected, {})
