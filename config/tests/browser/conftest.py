"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

One browser per test process (each xdist worker) and one page it reuses from test to test
(a warm renderer: axe's first run in a fresh one takes twice as long); tests that need other
browser settings (JavaScript off) open their own context. The shipped content is copied into
the database for each test (conftest.site_content): the live server needs a transactional
database, which is emptied after every test.
"""

import os
import shutil
import threading
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.base import AXE_SCRIPT  # axe-core, shipped inside the wheel
from playwright.sync_api import sync_playwright

INSTALL_HINT = "apt-get install chromium (Debian's package; never `playwright install`)"
DESKTOP = {"width": 1366, "height": 900}


def chromium_path():
    """The browser named by the CHROMIUM variable if set, else Debian's /usr/bin/chromium
    (or a chromium on PATH); None if that is not there."""
    candidate = os.environ.get("CHROMIUM") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else shutil.which("chromium")
    )
    return candidate if candidate and os.access(candidate, os.X_OK) else None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        where = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
        message = f"No Chromium at {where} (or $CHROMIUM): {INSTALL_HINT}."
        if os.environ.get("CI") == "true":
            # CI installs it (.ci/run): a missing browser there is a broken run, not a skip.
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API leaves its event loop marked as running in this thread from
    # start to stop, and Django then refuses every ORM call here (site_content, admin_user,
    # and any later test this worker runs) as "from an async context". Nothing in this
    # process is async, so the check is off while the browser is up, and back after.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Records each Content-Security-Policy violation where the test can read it. Init scripts
# run before the page's own and are not subject to the page's policy.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || location.href}:${event.lineNumber})`
  );
});
"""


@dataclass
class Problems:
    """What went wrong in a page while a test used it, beside what the test asserts."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    # Console lines the test expects, such as the status of a page tested for its 404.
    expected: list[str] = field(default_factory=list)

    def unexpected_console_errors(self):
        return [
            line
            for line in self.console_errors
            if not any(expected in line for expected in self.expected)
        ]


def _new_context(browser, base_url, **options):
    context = browser.new_context(base_url=base_url, **{"viewport": DESKTOP, **options})
    context.set_default_timeout(10_000)
    context.add_init_script(RECORD_CSP_VIOLATIONS)
    context.on("page", _record_problems)
    return context


def _record_problems(page):
    page.problems = Problems()
    page.on("console", lambda message: _record_console(page, message))
    page.on("pageerror", lambda error: page.problems.page_errors.append(str(error)))


def _record_console(page, message):
    if message.type == "error":
        page.problems.console_errors.append(f"{message.text} ({message.location['url']})")


@pytest.fixture(scope="session")
def _shared_page(browser, live_server):
    context = _new_context(browser, live_server.url)
    yield context.new_page()
    context.close()
    _wait_for_live_server_requests()


def _wait_for_live_server_requests():
    """Lets the live server's request threads see their browser's sockets close: one still
    running when the server stops closes the shared in-memory SQLite connection after it has
    stopped being shared, and pytest reports that thread's error against the last test."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


@pytest.fixture
def page(_shared_page, live_server, site_content):
    """This worker's page on the live server with the shipped content: desktop width, light
    colour scheme, JavaScript on, no cookies (a new visitor), nothing recorded yet."""
    page = _shared_page
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    # Reduced motion: colours are checked settled, not halfway through a transition
    # (Bootstrap's links fade over 0.15 s when the scheme switches under a loaded page).
    page.emulate_media(color_scheme="light", reduced_motion="reduce")
    page.goto("about:blank")
    page.problems = Problems()
    return page


@pytest.fixture
def open_context(browser, live_server, site_content):
    """Opens browser contexts with other settings (java_script_enabled=False, ...) on the
    live server with the shipped content; each page records its problems like `page`."""
    contexts = []

    def open_context(**options):
        contexts.append(_new_context(browser, live_server.url, **options))
        return contexts[-1]

    yield open_context
    for context in contexts:
        context.close()
    _wait_for_live_server_requests()


def csp_violations(page):
    """The violations the init script recorded (none can be recorded with JavaScript off)."""
    return page.evaluate("window.__cspViolations")


AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
    # Not the style sheets: to read one that has an @import (Django admin's forms.css),
    # axe copies its rules into a <style> element of its own, which our CSP blocks and the
    # CSP check then blames on the page. Only css-orientation-lock reads them, an
    # experimental rule the tags above leave out.
    "preload": {"assets": ["media"]},
}


def axe_violations(page):
    """One line per violation and element: rule, impact, selector, what axe says is wrong."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    violations = page.evaluate(
        "(options) => axe.run(document, options).then((results) => results.violations)",
        AXE_OPTIONS,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {' '.join(map(str, node['target']))}"
        f" | {_summary(node.get('failureSummary') or violation['help'])}"
        for violation in violations
        for node in violation["nodes"]
    ]


def _summary(text):
    """axe's failure summary on one line, without its 'Fix any of the following:' headers."""
    lines = [line.strip() for line in text.splitlines()]
    return "; ".join(line for line in lines if line and not line.startswith("Fix "))


# The outermost elements that reach past the viewport's right edge, widest first.
OVERFLOWING_ELEMENTS = """
() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    [...el.classList].slice(0, 3).map((c) => "." + c).join("");
  const path = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 4;
         node = node.parentElement) {
      parts.unshift(name(node));
    }
    return parts.join(" > ");
  };
  // Inside a box that scrolls or clips sideways (.table-responsive), width is that box's;
  // not for a positioned element whose containing block is outside that box, which the
  // box does not clip (a .visually-hidden span in a table in an unpositioned scroller).
  const clipped = (el) => {
    if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      if (getComputedStyle(node).overflowX !== "visible") return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && el.checkVisibility() && !clipped(el)
        && !wide.some((outer) => outer.el.contains(el))) {
      wide.push({el, right: box.right});
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    elements: wide.sort((a, b) => b.right - a.right).slice(0, 8)
      .map(({el, right}) => `${path(el)} (right edge at ${Math.round(right)} px)`),
  };
}
"""


def horizontal_overflow(page):
    """[] if the page fits its viewport's width, else the page's width and what sticks out."""
    found = page.evaluate(OVERFLOWING_ELEMENTS)
    if found["scrollWidth"] <= found["width"]:
        return []
    return [f"page {found['scrollWidth']} px wide in {found['width']} px", *found["elements"]]


def sign_in(page, username="admin", password="password"):
    """Signs in through the admin's own form (pytest-django's admin_user)."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def put_on_shortlist(page, slugs):
    """Makes `slugs` the visitor's shortlist, as a visitor does from a shared link."""
    page.goto("/shortlist/shared/?" + "&".join(f"p={slug}" for slug in slugs))
    page.get_by_role("button", name="Make this my shortlist").click()
    page.wait_for_url("**/shortlist/")


def report(found):
    """The problems found, by kind, one per line; empty if there are none."""
    return "\n".join(
        f"{kind}:\n" + "\n".join(f"  - {line}" for line in lines)
        for kind, lines in found.items()
        if lines
    )
