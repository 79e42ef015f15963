"""axe-core on every role's main pages, in French and English, at 1280 and 390 px: no serious
or critical violation; and the text reflows (WCAG 1.4.10): no page wider than the screen, no word
of a table cut across two lines (an email address excepted).

axe is injected with Playwright's `page.evaluate`, which the Content-Security-Policy does not
govern: the pages are checked under the policy they are served with (no `bypass_csp`)."""

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.test.utils import modify_settings, override_settings
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from tests.e2e.main_pages import LANGUAGES, build_demo_with_open_registration, main_pages, walk

pytestmark = pytest.mark.e2e

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


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker, playwright, tmp_path_factory) -> Iterator[str]:
    """The URL of a server of the demo, built once and walked in both languages. The server is
    this module's own: pytest-django's `live_server` makes each test transactional, which
    empties the database after the first language. At the end the database is emptied as after
    a transactional test, so that the next module finds nothing left over. (After `playwright`,
    which lets the ORM run beside its loop.)"""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        modify_settings(ALLOWED_HOSTS={"append": "localhost"}),
    ):
        build_demo_with_open_registration()
        server = LiveServer("localhost")
        try:
            yield server.url
        finally:
            server.stop()
            call_command("flush", verbosity=0, interactive=False)


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_have_no_serious_accessibility_violation(browser, demo_server, language):
    answers, violations = {}, {}

    for visit in walk(browser, demo_server, language):
        where = f"{visit.page.role}: {visit.page.name}"
        answers[where] = (visit.status, visit.language)
        found = _problems(visit.tab)
        if found:
            violations[f"{where} at {visit.width} px"] = found

    expected = {f"{page.role}: {page.name}": (200, language) for page in main_pages()}
    assert (answers, violations) == (expected, {})
