"""Every page runs a fixed number of queries, however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Degree
from programs.tests.factories import (
    make_area,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
)

from .factories import (
    make_career,
    make_demand,
    make_employer,
    make_field,
    make_figure,
    make_sector,
    make_skill,
)

pytestmark = pytest.mark.django_db

# Measured: list 7 bare, 9 with sector and skill filters (each validated, then
# rendered as a select); detail 9 (the role, employers, skills, its small lists in one
# UNION, application fields' sources, figures, criteria, a page of programs with their
# total, their ranks); PhD vs master's 6; program-page tag 3.
BUDGETS = {"list": 9, "detail": 9, "phd-vs-masters": 6}


def make_dataset(size):
    """`size` roles and programs, each with its relations filled in."""
    area = make_area()
    ranking = make_ranking()
    ml, ai = make_criterion("research-ml"), make_criterion("research-ai")
    sector = make_sector(slug=f"sector-for-{size}")
    skill = make_skill(slug=f"skill-for-{size}")
    for n in range(size):
        program = make_program(degree=Degree.PHD if n % 2 else Degree.MASTERS, areas=[area])
        make_entry(ranking, program, n + 1, criterion=ml)
        make_entry(ranking, program, n + 1, criterion=ai)
        role = make_career(
            degree=["phd", "masters", "any"][n % 3],
            areas=[area],
            sectors=[sector, make_sector()],
            skills=[skill, make_skill(), make_skill(category="soft")],
            employers=[make_employer()],
            fields=[make_field()],
        )
        make_figure(career=role, is_headline=True, is_key=True)
        make_figure(career=role, kind="share", unit="percent", value=50)
        make_figure(degree="phd", kind="count", unit="number", value=n)
        make_demand(degree=["phd", "masters"][n % 2])
    return role


def count_queries(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [3, 30])
def test_list_page(client, django_assert_max_num_queries, size):
    make_dataset(size)
    url = reverse("careers:list")
    with django_assert_max_num_queries(BUDGETS["list"]):
        response = client.get(
            url, {"degree": "phd", "sector": f"sector-for-{size}", "skill": f"skill-for-{size}"}
        )
    assert response.status_code == 200
    assert 0 < len(response.context["careers"]) <= 12
    with django_assert_max_num_queries(BUDGETS["list"]):
        assert client.get(url, {"q": "role"}).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_detail_page(client, django_assert_max_num_queries, size):
    role = make_dataset(size)
    with django_assert_max_num_queries(BUDGETS["detail"]):
        response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["programs"]) >= size // 2


@pytest.mark.parametrize("size", [3, 30])
def test_phd_vs_masters_page(client, django_assert_max_num_queries, size):
    make_dataset(size)
    with django_assert_max_num_queries(BUDGETS["phd-vs-masters"]):
        response = client.get(reverse("careers:phd-vs-masters"))
    assert response.status_code == 200
    assert sum(len(column.roles) for column in response.context["columns"]) > size


def test_query_counts_do_not_grow_with_data(client):
    role = make_dataset(3)
    pages = [
        (reverse("careers:list"), {}),
        (reverse("careers:list"), {"degree": "phd", "sector": "sector-for-3", "q": "role"}),
        (role.get_absolute_url(), {}),
        (reverse("careers:phd-vs-masters"), {}),
    ]
    small = [count_queries(client, url, params) for url, params in pages]
    make_dataset(30)
    large = [count_queries(client, url, params) for url, params in pages]
    assert small == large


def test_detail_page_shows_a_page_of_programs_best_ranked_first(client, monkeypatch):
    from careers.views import CareerDetailView

    monkeypatch.setattr(CareerDetailView, "paginate_by", 10)
    role = make_dataset(30)  # the last role: any degree, 30 programs
    url = role.get_absolute_url()
    response = client.get(url)
    programs = response.context["programs"]
    assert response.context["paginator"].count == 30 and len(programs) == 10
    assert [p.best_rank(make_criterion("research-ml")) for p in programs] == list(range(1, 11))
    assert "?page=2" in response.content.decode()
    bad = client.get(url, {"page": "x"})
    assert bad.status_code == 200 and "There is no page" in bad.context["page_notice"]
