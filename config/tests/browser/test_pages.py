"""Every page type (site_pages.SITE_PAGES) at desktop and phone width, in light and dark: no
axe violation, nothing wider than the viewport, no console error, no uncaught exception, no
Content-Security-Policy violation."""

import pytest

from careers.models import CareerPath
from programs.models import Program

from .conftest import (
    axe_violations,
    csp_violations,
    horizontal_overflow,
    put_on_shortlist,
    report,
    sign_in,
)
from .site_pages import CAREER, COLOR_SCHEMES, PROGRAM, SITE_PAGES, WIDTHS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "site_page",
    [
        pytest.param(
            site_page,
            id=site_page.name,
            marks=[pytest.mark.xfail(strict=True, reason=site_page.known_failures)]
            if site_page.known_failures
            else [],
        )
        for site_page in SITE_PAGES
    ],
)
def test_page_is_accessible_fits_and_runs_clean(request, page, live_server, site_page):
    if site_page.signed_in:
        request.getfixturevalue("admin_user")
        sign_in(page)
    if site_page.shortlist:
        put_on_shortlist(page, site_page.shortlist)
    # Primary keys differ from database to database.
    path = site_page.path.format(
        program_pk=Program.objects.get(slug=PROGRAM).pk,
        career_pk=CareerPath.objects.get(slug=CAREER).pk,
    )
    if site_page.status == 404:
        # The browser logs the page's own status as an error: expected for this page only.
        page.problems.expected.append(f"status of 404 (Not Found) ({live_server.url}{path})")
    response = page.goto(path)
    assert response.status == site_page.status, f"{path}: HTTP {response.status}"

    # One load, every width and colour scheme: layout and colours follow without a reload.
    found = {}
    for width_name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        for scheme in COLOR_SCHEMES:
            page.emulate_media(color_scheme=scheme)
            found[f"axe, {width_name} ({width} px), {scheme}"] = axe_violations(page)
        found[f"wider than the viewport, {width_name} ({width} px)"] = horizontal_overflow(page)
    found["console errors"] = page.problems.unexpected_console_errors()
    found["uncaught exceptions"] = page.problems.page_errors
    found["CSP violations"] = csp_violations(page)
    assert not report(found), f"{path}\n{report(found)}"
