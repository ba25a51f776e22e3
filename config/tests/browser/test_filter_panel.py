"""The filter panel on /programs/ (a <details>): open beside the results on a wide screen,
folded on a phone and opened with a tap, with JavaScript on or off; and open on a wide screen
in a browser that lacks ::details-content too (static/js/filter-panel.js)."""

import pytest
from playwright.sync_api import expect

from .site_pages import WIDTHS

pytestmark = pytest.mark.browser

PHONE = {"width": WIDTHS["phone"], "height": 800}
WIDE = {"width": WIDTHS["desktop"], "height": 900}

# What a browser without ::details-content answers (Firefox before 143, Safari before 18.4).
NO_DETAILS_CONTENT = """
const supports = CSS.supports.bind(CSS);
CSS.supports = (...args) =>
  args.length === 1 && args[0].includes("::details-content") ? false : supports(...args);
"""


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_panel_is_open_on_wide_screens_and_folds_on_phones(open_context, javascript):
    page = open_context(java_script_enabled=javascript, viewport=WIDE).new_page()
    page.goto("/programs/")
    degree = page.get_by_label("Degree", exact=True)
    expect(degree).to_be_visible()

    page.set_viewport_size(PHONE)
    expect(degree).to_be_hidden()
    page.locator("#filters > summary").click()
    expect(degree).to_be_visible()


def test_panel_opens_on_wide_screens_without_details_content(open_context):
    context = open_context(viewport=WIDE)
    context.add_init_script(NO_DETAILS_CONTENT)
    page = context.new_page()
    page.goto("/programs/")
    expect(page.locator("#filters")).to_have_attribute("open", "")

    # A phone keeps it folded until the visitor opens it.
    page.set_viewport_size(PHONE)
    page.goto("/programs/")
    expect(page.locator("#filters")).not_to_have_attribute("open", "")
