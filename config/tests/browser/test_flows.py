"""The visitor's flows in a real browser, with JavaScript on and off (the site must not need
it): filter the programs, keep a shortlist, compare from it; and one flow by keyboard only."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import csp_violations, report
from .site_pages import OTHER_PROGRAM, PROGRAM

pytestmark = pytest.mark.browser

CMU_ML = "PhD in Machine Learning, CMU"
BERKELEY_EECS = "PhD in EECS, UC Berkeley"


def add_button(page, program):
    """The "Add to shortlist" button of `program` (its name and university's short name)."""
    return page.get_by_role("button", name=re.compile(rf"^Add to shortlist\W+{re.escape(program)}"))


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def visitor(request, open_context):
    """A new visitor's page, with JavaScript on or off."""
    page = open_context(java_script_enabled=request.param).new_page()
    page.javascript = request.param
    yield page
    found = {
        "console errors": page.problems.unexpected_console_errors(),
        "uncaught exceptions": page.problems.page_errors,
        # The recorder is a script: with JavaScript off there is nothing to read.
        "CSP violations": csp_violations(page) if page.javascript else [],
    }
    assert not report(found), report(found)


def tray(page):
    return page.get_by_role("region", name="Your shortlist")


def test_filter_programs(visitor):
    page = visitor
    page.goto("/programs/")
    expect(page.get_by_role("heading", name="30 programs")).to_be_visible()

    # A filter panel that starts folded (a <details>) is opened as a visitor would.
    # (Wide screens show it open whatever its state, so look at the field, not the tag.)
    if not page.locator("#id_degree").is_visible():
        page.locator("details:has(#id_degree) > summary").click()
    page.get_by_label("Degree").select_option(label="PhD")
    page.get_by_label("Funded").check()
    page.get_by_role("button", name="Show programs").click()

    expect(page).to_have_url(re.compile(r"/programs/\?.*degree=phd.*&funded=on"))
    heading = page.get_by_role("heading", name=re.compile(r"programs? match"))
    count = int(heading.inner_text().split()[0])
    assert 0 < count < 30
    cards = page.locator(".program-card")
    expect(cards).to_have_count(count)
    for badge in cards.locator(".degree-tag").all():
        expect(badge).to_have_text("PhD")
    # The form shows the filters it applied.
    expect(page.get_by_label("Degree", exact=True)).to_have_value("phd")
    expect(page.get_by_label("Funded", exact=True)).to_be_checked()
    # Each active filter is a chip whose link removes that filter alone.
    page.get_by_role("link", name="Remove filter Degree: PhD").click()
    expect(page).not_to_have_url(re.compile(r"degree=phd"))
    expect(page.get_by_label("Funded", exact=True)).to_be_checked()

    page.get_by_role("link", name="Clear all").first.click()
    expect(page.get_by_role("heading", name="30 programs")).to_be_visible()


def test_keep_a_shortlist(visitor):
    page = visitor
    for slug, name in [(PROGRAM, CMU_ML), (OTHER_PROGRAM, BERKELEY_EECS)]:
        page.goto(f"/programs/{slug}/")
        add_button(page, name).click()
        expect(page.get_by_role("status").filter(has_text="to your shortlist")).to_contain_text(
            f"Added {name}"
        )
    expect(tray(page).get_by_role("link", name="Shortlist 2 programs")).to_be_visible()

    tray(page).get_by_role("link", name=re.compile("^Shortlist")).click()
    expect(page).to_have_url(re.compile(r"/shortlist/$"))
    titles = page.locator(".program-card .program-card-title")
    expect(titles).to_have_text(["PhD in Machine Learning", "PhD in EECS"])

    page.get_by_role("button", name=re.compile(r"^Move down\W+PhD in Machine Learning")).click()
    expect(titles).to_have_text(["PhD in EECS", "PhD in Machine Learning"])

    page.get_by_role("button", name=re.compile(r"^On your shortlist: remove\W+PhD in EECS")).click()
    expect(titles).to_have_text(["PhD in Machine Learning"])
    expect(tray(page).get_by_role("link", name="Shortlist 1 program")).to_be_visible()

    tray(page).get_by_role("button", name="Clear").click()
    expect(page.get_by_text("Your shortlist is empty.")).to_be_visible()
    expect(tray(page).get_by_role("link", name="Shortlist 0 programs")).to_be_visible()


def test_compare_from_the_shortlist(visitor):
    page = visitor
    page.goto("/programs/")
    add_button(page, CMU_ML).click()
    add_button(page, BERKELEY_EECS).click()

    tray(page).get_by_role("link", name="Compare").click()
    expect(page).to_have_url(re.compile(rf"/programs/compare/\?p={PROGRAM}&p={OTHER_PROGRAM}$"))
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_contain_text(
        ["PhD in Machine Learning", "PhD in EECS"]
    )
    every_row = table.locator("tbody tr").count()

    page.get_by_role("link", name="Show only the rows that differ").click()
    expect(page).to_have_url(re.compile(r"show=differences"))
    rows = table.locator("tbody tr")
    assert rows.count() < every_row
    # Every row but the sources row (always shown) is one where the programs differ.
    expect(rows.filter(has_text="differs")).to_have_count(rows.count() - 1)


# A keyboard user must see where the focus is: an outline or a focus ring (box-shadow).
SHOWS_FOCUS = """element => {
  const style = getComputedStyle(element);
  return element.matches(":focus-visible") && (
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none"
  );
}"""


def tab_to(page, target, limit=400):
    """Presses Tab until `target` has the focus, as a keyboard user would, and checks that
    the focus shows."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            assert target.evaluate(SHOWS_FOCUS), f"{target} has the focus but doesn't show it"
            return
    raise AssertionError(f"{limit} presses of Tab never reached {target}")


def test_shortlist_and_compare_by_keyboard_only(page):
    page.goto("/programs/")
    # Enter presses one button, Space the other: both must work on a focused button.
    tab_to(
        page,
        add_button(page, CMU_ML),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Added PhD in Machine Learning, CMU")
    tab_to(
        page,
        add_button(page, BERKELEY_EECS),
    )
    page.keyboard.press("Space")
    expect(page.get_by_role("status")).to_contain_text("Added PhD in EECS, UC Berkeley")

    tab_to(page, tray(page).get_by_role("link", name="Compare"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/programs/compare/"))
    expect(page.get_by_role("table").get_by_role("columnheader")).to_contain_text(
        ["PhD in Machine Learning", "PhD in EECS"]
    )
    assert not page.problems.unexpected_console_errors()
