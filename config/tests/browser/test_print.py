"""Program, compare and shortlist pages on paper (issue 12): what a printout shows and
what it leaves out, on an A4 page, as browsers print by default (no backgrounds)."""

import pytest

from .conftest import horizontal_overflow, put_on_shortlist, report
from .site_pages import SITE_PAGES

pytestmark = pytest.mark.browser

PRINTED = [page for page in SITE_PAGES if page.name in ("program", "compare", "shortlist")]
# A4 at 96 dpi less the browser's default 1 cm margins.
A4 = {"width": 718, "height": 1047}
SCREEN_ONLY = [
    ".site-header",
    ".site-footer",
    "#shortlist-tray",
    "button",
    ".correction",
    ".screen-only",
]

# Visible elements that paper without backgrounds would lose or that waste ink: text lighter
# than mid-grey (white on a dropped background), and dark backgrounds.
INK_PROBLEMS = """
() => {
  const luminance = (colour) => {
    const [r, g, b, a = 1] = colour.match(/[\\d.]+/g).map(Number);
    return a === 0 ? null : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  };
  const name = (el) => el.tagName.toLowerCase() + [...el.classList].slice(0, 2).map((c) => "." + c).join("");
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.checkVisibility()) continue;
    const style = getComputedStyle(el);
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const ink = luminance(style.color);
    if (text && ink !== null && ink > 0.6) found.push(`${name(el)}: light text ${style.color}`);
    const fill = luminance(style.backgroundColor);
    if (fill !== null && fill < 0.5) found.push(`${name(el)}: dark background ${style.backgroundColor}`);
  }
  return found.slice(0, 10);
}
"""


@pytest.mark.parametrize("site_page", PRINTED, ids=[page.name for page in PRINTED])
def test_page_prints_on_a4_without_screen_furniture(open_context, site_page):
    page = open_context(viewport=A4).new_page()
    if site_page.shortlist:
        put_on_shortlist(page, site_page.shortlist)
    page.goto(site_page.path)
    page.emulate_media(media="print")

    found = {
        "shown on paper": [s for s in SCREEN_ONLY if page.locator(s).first.is_visible()],
        "wider than A4": horizontal_overflow(page),
        "ink": page.evaluate(INK_PROBLEMS),
        # A card or a table row is never split across two sheets.
        "may split across pages": page.evaluate(
            """() => [...document.querySelectorAll("main .card, main tbody tr")]
              .filter((el) => getComputedStyle(el).breakInside !== "avoid")
              .map((el) => el.className || el.tagName).slice(0, 5)"""
        ),
    }
    assert not report(found), f"{site_page.path}\n{report(found)}"
    # The heading and content are there: the print stylesheet hides furniture, not content.
    assert page.locator("main h1").is_visible()


def test_printed_links_to_other_sites_show_their_address(open_context):
    page = open_context(viewport=A4).new_page()
    page.goto(next(p.path for p in PRINTED if p.name == "program"))
    page.emulate_media(media="print")
    after = page.evaluate(
        """() => [...document.querySelectorAll("main a[href^='http']")].map((a) => [
             a.href, a.textContent.trim(), getComputedStyle(a, "::after").content])"""
    )
    assert after, "the program page links no source"
    for href, text, content in after:
        if text.rstrip("/") == href.rstrip("/"):
            # Its text already is the address: printed once, not twice.
            assert content == "none", f"{href} is printed twice"
        else:
            assert href in content, f"{text!r} prints without its address ({href})"
