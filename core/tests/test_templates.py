"""Shared template pieces, and templates failing loudly in tests."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string


def test_a_typo_in_a_template_fails_the_test():
    # pytest-django's FAIL_INVALID_TEMPLATE_VARS (pyproject.toml): no silent empty cells.
    with pytest.raises(pytest.fail.Exception, match="Undefined template variable"):
        Template("{{ program.nmae }}").render(Context({"program": object()}))


def test_breadcrumbs_link_every_step_but_the_current_page():
    html = render_to_string(
        "includes/breadcrumbs.html",
        {"breadcrumbs": [("Home", "/"), ("Programs", "/programs/"), ("CMU <PhD>", None)]},
    )
    assert '<a href="/">Home</a>' in html and '<a href="/programs/">Programs</a>' in html
    assert 'aria-current="page">CMU &lt;PhD&gt;</li>' in html


def test_rank_badge_says_not_ranked_rather_than_a_dash():
    assert "#3" in render_to_string("includes/rank_badge.html", {"rank": 3})
    assert "not ranked" in render_to_string("includes/rank_badge.html", {"rank": None})


def test_source_line_names_the_source_and_the_day_it_was_checked():
    source = SimpleNamespace(
        title="Official page", url="https://example.edu/ml", publisher="", published="", caveat=""
    )
    html = render_to_string(
        "includes/source_line.html",
        {"source": source, "last_verified": datetime.date(2026, 11, 22)},
    )
    assert 'href="https://example.edu/ml"' in html
    assert "Source:" in html and "last verified 22 November 2026" in html


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        (1, ["1", "2", "3", "…", "500"]),
        (250, ["1", "…", "248", "249", "250", "251", "252", "…", "500"]),
        (500, ["1", "…", "498", "499", "500"]),
    ],
)
def test_pagination_shows_the_ends_and_the_pages_near_this_one(rf, number, shown):
    """500 pages (10,000 programs) are nine links at most, not five hundred."""
    from django.core.paginator import Paginator

    page = Paginator(range(10_000), 20).page(number)
    request = rf.get("/programs/", {"degree": "phd", "page": number})
    context = {"is_paginated": True, "page_obj": page, "request": request}
    html = render_to_string("includes/pagination.html", context, request=request)
    items = re.findall(
        r'<li class="page-item[^"]*"[^>]*>\s*<(?:a|span) class="page-link"[^>]*>([^<]*)<', html
    )
    assert items == ["Previous", *shown, "Next"]
    assert f'<span class="page-link">{number}</span>' in html  # this page: no link
    if number < 500:
        assert f'href="?degree=phd&amp;page={number + 1}" rel="next"' in html
