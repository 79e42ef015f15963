"""axe-core on every role's main pages, in French and English, at 1280 and 390 px: no serious
or critical violation; and the text reflows (WCAG 1.4.10): no page wider than the screen, no word
of a table cut across two lines (an email address excepted).

axe is loaded into every page of a context by Playwright's `add_init_script`, which the
Content-Security-Policy does not govern: the pages are checked under the policy they are served
with (no `bypass_csp`). The browser loads it with the page, which costs less than sending it
(half a megabyte) into each page once loaded.

The main pages and their other states are checked in one test: the demo takes longer to build
than they take to check, and the live server's database is emptied after each test."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Browser, Page

from tests.e2e.main_pages import LANGUAGES, WIDTHS, context_as, main_pages, walk

# What axe and the reflow check read is markup and styles: `.ci/run` runs this on SQLite only.
pytestmark = [pytest.mark.e2e, pytest.mark.same_on_every_database]

AXE_SCRIPT = Axe().axe_script
# axe's serious or critical violations, each as its rule and the elements it found.
SERIOUS_VIOLATIONS = """
async () => {
  const results = await axe.run({resultTypes: ["violations"]});
  return results.violations
    .filter((rule) => ["serious", "critical"].includes(rule.impact))
    .map((rule) => ({id: rule.id, targets: rule.nodes.map((node) => node.target)}));
}
"""
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
    problem of reflow. Only the violations come back from the page, not axe's whole report."""
    violations = tab.evaluate(SERIOUS_VIOLATIONS)
    found = [
        f"{rule['id']}: {', '.join(str(target) for target in rule['targets'])}"
        for rule in violations
    ]
    return found + [f"reflow: {problem}" for problem in tab.evaluate(REFLOW)]


def test_main_pages_and_their_other_states_have_no_serious_accessibility_violation(
    browser, live_server, demo_to_walk
):
    """Every main page answers in the language asked; it and the other states below show no
    serious accessibility violation and no reflow problem, in both languages and widths."""
    answers, violations = _main_pages(browser, live_server.url)
    unseen, other_violations = _other_states(browser, live_server.url)

    expected = {
        f"{language}, {page.role}: {page.name}": (200, language)
        for language in LANGUAGES
        for page in main_pages()
    }
    assert (answers, violations, unseen, other_violations) == (expected, {}, [], {})


def _main_pages(browser: Browser, base_url: str) -> tuple[dict[str, tuple], dict[str, list]]:
    """What each main page answered (status, language shown), and its problems at each width."""
    answers, violations = {}, {}
    for language in LANGUAGES:
        for visit in walk(browser, base_url, language, script=AXE_SCRIPT):
            where = f"{language}, {visit.page.role}: {visit.page.name}"
            answers[where] = (visit.status, visit.language)
            found = _problems(visit.tab)
            if found:
                violations[f"{where} at {visit.width} px"] = found
    return answers, violations


# The pages written in Python rather than by templates (issue 16), in the states the main
# pages do not show: filters open, no match, status tabs. (role, name, URL name, its
# arguments, query, what the page shows then.)
OTHER_STATES = [
    (
        "participant",
        "catalogue, filtered, no match",
        "participants-portal:catalogue",
        ["ibd-2021"],
        "?q=zzzz-nobody&sector=automotive",
        "details[open]",
    ),
    (
        "participant",
        "requests",
        "meetings-portal:request-list",
        ["ibd-2021"],
        "",
        "article.request",
    ),
    ("participant", "agenda", "meetings-portal:agenda", ["ibd-2019"], "", "article.meeting"),
    (
        "organiser",
        "participants, filtered, no match",
        "participants:participant-list",
        ["ibd-2021"],
        "?q=zzzz-nobody&role=buyer",
        "td.muted",
    ),
    (
        "organiser",
        "participants, a status tab",
        "participants:participant-list",
        ["ibd-2021"],
        "?status=validated",
        "#status-tabs [aria-current=page]",
    ),
]


def _at_every_width(tab: Page, where: str, violations: dict[str, list[str]]) -> None:
    for width in WIDTHS:
        tab.set_viewport_size({"width": width, "height": 800})
        found = _problems(tab)
        if found:
            violations[f"{where} at {width} px"] = found


def _other_states(browser: Browser, base_url: str) -> tuple[list[str], dict[str, list]]:
    """The catalogue and participants list filtered without a match, the requests and agenda
    with their cards, the check-in desk with its errors, a refused code and the people a name
    matches (as one types: the demo's 2019 edition is closed, and refuses every code): the
    states whose marker was not found, and the problems of each state at each width."""
    violations: dict[str, list[str]] = {}
    shown: dict[str, int] = {}
    for language in LANGUAGES:
        for role, name, url, args, query, marker in OTHER_STATES:
            with context_as(browser, base_url, role, language, script=AXE_SCRIPT) as context:
                tab = context.new_page()
                tab.goto(reverse(url, args=args) + query)
                shown[f"{language}, {name}"] = tab.locator(marker).count() > 0
                _at_every_width(tab, f"{language}, {role}: {name}", violations)
        with context_as(
            browser, base_url, "check-in agent", language, script=AXE_SCRIPT
        ) as context:
            tab = context.new_page()
            tab.goto(reverse("checkin:desk", args=["ibd-2019"]))
            with tab.expect_navigation():
                tab.locator("#desk-form button[type=submit]").click()  # nothing typed
            shown[f"{language}, desk with an error"] = tab.locator(".has-error").count() > 0
            _at_every_width(tab, f"{language}, desk with an error", violations)
            tab.locator(".desk-code").fill("no-such-code")
            with tab.expect_navigation():
                tab.locator(".desk-code").press("Enter")
            shown[f"{language}, desk, code refused"] = (
                tab.locator(".desk-result.refused").count() > 0
            )
            _at_every_width(tab, f"{language}, desk, code refused", violations)
            tab.locator(".desk-code").fill("")
            tab.locator(".desk-code").press_sequentially("benali")  # the search as one types
            tab.locator(".desk-people li").first.wait_for(timeout=10_000)
            shown[f"{language}, desk, people found"] = tab.locator(".desk-people li").count() > 0
            _at_every_width(tab, f"{language}, desk, people found", violations)

    return [where for where, seen in shown.items() if not seen], violations
