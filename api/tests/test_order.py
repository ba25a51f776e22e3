"""The API lists what the HTML pages list, in the same order, for the same parameters."""

import datetime

import pytest
from django.urls import reverse

from programs.filters import ProgramFilter
from programs.models import Attribute, Program
from programs.tests.factories import (
    make_attribute,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_university,
)


def html_slugs(client, url, params, name):
    """Every page of an HTML list, concatenated."""
    found, page = [], 1
    while True:
        response = client.get(url, {**params, "page": page})
        assert response.status_code == 200
        found += [obj.slug for obj in response.context[name]]
        page_obj = response.context.get("page_obj")
        if not page_obj or not page_obj.has_next():
            return found
        page += 1


def api_slugs(client, name, params, page_size):
    """Every page of an API list, followed through `next`."""
    found, response = [], client.get(reverse(f"api:{name}"), {**params, "page_size": page_size})
    while True:
        assert response.status_code == 200
        body = response.json()
        found += [row["slug"] for row in body["results"]]
        if not body["next"]:
            return found
        response = client.get(body["next"])


PROGRAM_FILTERS = [
    {},
    {"degree": "phd"},
    {"degree": "masters", "sort": "duration"},
    {"sort": "deadline"},
    {"sort": "cost"},
    {"sort": "research-ai"},
    {"sort": "university"},
    {"q": "machine", "funded": "on"},
    {"q": "learning"},
    {"q": "stanford ms"},
    {"region": "west-coast", "sort": "name"},
    {"ranking": "towards-ai-phd-ml-2021", "top": "5"},
    {"criterion": "research-ai", "top": "10"},
    {"format": "online"},
    {"gre": "on", "sort": "cost"},
    {"cost_max": "60000"},
    {"degree": "xyz", "sort": "nope"},
]


@pytest.mark.parametrize("params", PROGRAM_FILTERS)
def test_programs_in_page_order(site_content, client, params):
    html = html_slugs(client, reverse("programs:list"), params, "programs")
    # Page by page as the HTML list pages (20), and across pages cut elsewhere: every
    # sort ends on a unique key, so no two programs swap between pages.
    assert api_slugs(client, "programs", params, 20) == html
    assert api_slugs(client, "programs", params, 7) == html


def test_filter_sets_above_are_not_trivial(site_content, client):
    """The order checks mean something only if the filters narrow and the sorts differ."""

    def order(params):
        filterset = ProgramFilter(data=params, queryset=Program.objects.published())
        return tuple(filterset.qs.values_list("slug", flat=True))

    orders = {order(params) for params in PROGRAM_FILTERS}
    assert len(order({})) > 20 and len(orders) > 10
    assert all(order(params) for params in PROGRAM_FILTERS)


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["", "name", "research-ml", "deadline"])
def test_small_pages_add_up_to_the_whole_list(client, sort):
    ml = make_criterion("research-ml")
    ranking = make_ranking()
    for n in range(7):
        program = make_program(name=f"Program {n}", university=make_university())
        make_attribute(program, Attribute.DEADLINE, date=datetime.date(2025, 12, 1 + n % 3))
        if n % 2:
            make_entry(ranking, program, n, criterion=ml)
    params = {"sort": sort} if sort else {}
    html = html_slugs(client, reverse("programs:list"), params, "programs")
    assert api_slugs(client, "programs", params, 2) == api_slugs(client, "programs", params, 50)
    assert api_slugs(client, "programs", params, 2) == html


@pytest.mark.parametrize(
    ("url", "name", "context", "params"),
    [
        ("programs:university-list", "universities", "universities", {}),
        ("programs:university-list", "universities", "universities", {"region": "west-coast"}),
        ("programs:ranking-list", "rankings", "rankings", {}),
        ("careers:list", "careers", "careers", {}),
        ("careers:list", "careers", "careers", {"degree": "phd"}),
        ("careers:list", "careers", "careers", {"q": "research"}),
        ("careers:list", "careers", "careers", {"sector": "industry", "degree": "masters"}),
        ("faqs:list", "faqs", "questions", {}),
        ("faqs:list", "faqs", "questions", {"degree": "masters"}),
        ("faqs:list", "faqs", "questions", {"q": "gre"}),
        ("faqs:list", "faqs", "questions", {"category": "choosing-a-program"}),
    ],
)
def test_other_lists_in_page_order(site_content, client, url, name, context, params):
    html = html_slugs(client, reverse(url), params, context)
    assert html
    assert api_slugs(client, name, params, 200) == html
    assert api_slugs(client, name, params, 5) == html
