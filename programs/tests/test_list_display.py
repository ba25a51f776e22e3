"""/programs/: the table view toggle, active-filter chips, the filter panel's place."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import make_program, make_university
from .test_views import make_catalogue

pytestmark = pytest.mark.django_db
LIST = reverse("programs:list")


def pairs(url):
    return sorted(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def hrefs(html):
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]*)"', html)]


# --- Table view ---------------------------------------------------------------------


def test_table_view_shows_one_row_per_program_with_its_ranks(client):
    make_catalogue(3)
    html = client.get(LIST, {"view": "table"}).content.decode()
    assert '<table class="table program-table' in html
    assert html.count('<th scope="row">') == 3
    assert 'class="table-rank"' in html
    assert "program-card" not in html


def test_cards_are_the_default_and_an_unknown_view_falls_back_to_them(client):
    make_catalogue(3)
    for query in ({}, {"view": "nope"}, {"view": "<script>"}):
        response = client.get(LIST, query)
        assert response.status_code == 200
        assert response.context["view_mode"] == "cards"
        html = response.content.decode()
        assert html.count('class="card h-100 program-card"') == 3
        assert "program-table" not in html


def test_table_view_is_kept_by_pagination_filters_and_chips(client, settings):
    make_catalogue(25)  # two pages of 20
    response = client.get(LIST, {"view": "table", "degree": "phd", "sort": "name"})
    html = response.content.decode()
    pages = [h for h in hrefs(html) if "page=2" in h]
    assert pages and all("view=table" in h for h in pages)
    # The filter form carries the view along when it is submitted.
    assert '<input type="hidden" name="view" value="table">' in html
    for _, remove_url in response.context["filter_chips"]:
        assert ("view", "table") in pairs(remove_url)
    assert ("view", "table") in pairs(response.context["clear_filters_url"])
    # And the switch back to cards drops only the view.
    cards = [h for h in hrefs(html) if "sort=name" in h and "view" not in h]
    assert cards


@pytest.mark.parametrize("view", ["cards", "table"])
def test_both_views_cost_the_same_queries_at_any_size(client, view):
    counts = {}
    for size in (5, 40):
        make_catalogue(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, {"view": view, "sort": "research-ai"}).status_code == 200
        counts[size] = len(queries)
    assert counts[5] == counts[40]
    make_catalogue(2)
    with CaptureQueriesContext(connection) as other:
        client.get(LIST, {"view": "table" if view == "cards" else "cards", "sort": "research-ai"})
    assert len(other) == counts[40]


# --- Active-filter chips ----------------------------------------------------------------


def test_each_chip_names_a_filter_and_removes_exactly_that_value(client):
    make_catalogue(3)
    query = [
        ("degree", "phd"),
        ("funded", "on"),
        ("region", "west-coast"),
        ("q", "learning"),
        ("sort", "name"),
        ("page", "1"),
    ]
    response = client.get(LIST + "?" + "&".join(f"{k}={v}" for k, v in query))
    chips = response.context["filter_chips"]
    labels = [label for label, _ in chips]
    assert labels == ["Search: learning", "Degree: PhD", "Region: West Coast", "Funded"]
    kept = [pair for pair in query if pair[0] != "page"]
    for label, remove_url in chips:
        assert urlsplit(remove_url).path == LIST
        removed = [pair for pair in kept if pair not in pairs(remove_url)]
        assert len(removed) == 1, label
        assert sorted(pairs(remove_url)) == sorted(p for p in kept if p != removed[0])
    html = response.content.decode().replace("&amp;", "&")
    for label, remove_url in chips:
        assert f'href="{remove_url}" aria-label="Remove filter {label}"' in html


def test_clear_all_keeps_the_order_and_drops_every_filter(client):
    make_catalogue(2)
    response = client.get(LIST, {"degree": "phd", "funded": "on", "sort": "name"})
    assert response.context["clear_filters_url"] == LIST + "?sort=name"
    assert 'class="filter-chips-clear" href="/programs/?sort=name">Clear all</a>' in (
        response.content.decode()
    )


def test_no_chips_without_filters_nor_for_values_that_were_ignored(client):
    make_catalogue(2)
    response = client.get(LIST, {"sort": "name"})
    assert response.context["filter_chips"] == []
    assert "filter-chips" not in response.content.decode()
    # An unticked box is not a filter; neither is a value we could not read.
    assert not response.context["active_filters"]
    response = client.get(LIST, {"degree": "xyz", "region": "south"})
    assert [label for label, _ in response.context["filter_chips"]] == ["Region: South"]


def test_the_university_filter_lists_published_universities_by_name_and_names_its_chip(client):
    make_program(university=make_university(name="Zeta Institute", slug="zeta"))
    make_program(university=make_university(name="Alpha & Omega University", slug="alpha"))
    make_university(name="Hidden College", slug="hidden", is_published=False)
    html = client.get(LIST).content.decode()
    select = re.search(r'<select name="university".*?</select>', html, re.S).group()
    assert re.findall(r'<option value="([^"]*)"', select) == ["", "alpha", "zeta"]
    assert ">Alpha &amp; Omega University</option>" in select
    response = client.get(LIST, {"university": "zeta"})
    assert [label for label, _ in response.context["filter_chips"]] == [
        "University: Zeta Institute"
    ]
    assert '<option value="zeta" selected>' in response.content.decode()
    for unknown in ["hidden", "nowhere"]:
        response = client.get(LIST, {"university": unknown})
        assert len(response.context["programs"]) == 2
        assert f"“{unknown}” is not a university in our guide." in response.content.decode()


# --- The filter panel --------------------------------------------------------------------


def test_the_filter_panel_comes_before_the_results_and_folds_without_javascript(client):
    make_catalogue(2)
    html = client.get(LIST).content.decode()
    panel = html.index('<details class="filter-panel"')
    assert html.index("<summary", panel) < html.index('<form method="get"', panel)
    assert panel < html.index('id="results-heading"') < html.index("program-card")
