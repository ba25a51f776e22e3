"""Every endpoint runs a fixed number of queries, however much content there is."""

import pytest
from django.urls import reverse

from careers.tests.factories import make_career, make_figure, make_sector, make_skill
from faqs.tests.factories import make_category, make_question
from programs.models import Attribute, Degree
from programs.tests.factories import (
    make_area,
    make_attribute,
    make_criterion,
    make_entry,
    make_fact,
    make_program,
    make_ranking,
    make_source,
    make_university,
    rebuilt_once,
)

pytestmark = pytest.mark.django_db

SIZES = [5, 500]
# Measured with the data below: programs 7 bare (criteria, count, page, areas, sibling
# programs, their ranks, typed values), 9 filtered and searched; universities 5;
# rankings 2; careers 5 (8 filtered: sector and skill lookups, the search); FAQs 3 (5
# filtered and searched); details 3 to 13 (a career's leading programs and ranks; a
# table's page of rows: the table, its row count, the page's keys, their entries and the
# criteria).
BUDGETS = {
    "programs": 7,
    "programs-filtered": 9,
    "universities": 5,
    "rankings": 2,
    "careers": 5,
    "careers-filtered": 8,
    "faqs": 3,
    "faqs-filtered": 5,
    "program-detail": 8,
    "university-detail": 4,
    "ranking-detail": 5,
    "career-detail": 13,
    "faq-detail": 6,
}
TYPED = [Attribute.DEADLINE, Attribute.TUITION, Attribute.FUNDING, Attribute.DURATION]


def make_programs(size):
    """`size` published programs, each at its own university, with areas, typed values,
    a fact and two ranks; one unpublished program and a second table edition."""
    with rebuilt_once():
        ml, ai = make_criterion("research-ml", order=1), make_criterion("research-ai", order=2)
        ranking = make_ranking(slug=f"table-{size}")
        make_ranking(edition_year=2019)
        areas = [make_area(), make_area()]
        for i in range(size):
            program = make_program(
                areas=areas,
                university=make_university(),
                degree=Degree.PHD if i % 2 else Degree.MASTERS,
                name=f"Machine learning {i}",
            )
            for attribute in TYPED:
                make_attribute(program, attribute, source=program.source)
            make_fact(program)
            make_entry(ranking, program, i + 1, criterion=ml)
            make_entry(ranking, program, size - i, criterion=ai)
        make_program(is_published=False, university=program.university)
        return ranking


def make_careers(size):
    source = make_source()
    sector, skill = make_sector(slug=f"sector-{size}"), make_skill(slug=f"skill-{size}")
    for i in range(size):
        role = make_career(
            degree=["phd", "masters", "any"][i % 3],
            degree_source=source,
            sectors=[sector],
            skills=[skill],
        )
        make_figure(career=role, is_headline=True, source=source)
        make_figure(career=role, kind="share", unit="percent", value=40, source=source)
    return role


def make_questions(size):
    categories = [make_category(slug=f"category-{size}-{n}") for n in range(3)]
    sources = [make_source(), make_source()]
    for i in range(size):
        question = make_question(
            category=categories[i % 3], sources=sources, answer=f"A GRE answer {i}."
        )
    return question


def assert_budget(client, django_assert_max_num_queries, budget, url, params=None):
    with django_assert_max_num_queries(BUDGETS[budget]):
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("size", SIZES)
def test_program_endpoints(client, django_assert_max_num_queries, size):
    ranking = make_programs(size)
    budget = django_assert_max_num_queries
    body = assert_budget(client, budget, "programs", reverse("api:programs"), {"page_size": 200})
    assert len(body["results"]) == min(size, 200)
    assert all(len(row["ranks"]) == 2 and len(row["attributes"]) == 4 for row in body["results"])
    params = {"q": "machine", "degree": "phd", "ranking": ranking.slug, "top": "400"}
    params |= {"funded": "on", "sort": "research-ai", "page_size": 200}
    body = assert_budget(client, budget, "programs-filtered", reverse("api:programs"), params)
    assert body["count"] > 0
    body = assert_budget(client, budget, "universities", reverse("api:universities"))
    assert body["count"] == size
    assert all(row["ranks"] for row in body["results"])
    assert_budget(client, budget, "rankings", reverse("api:rankings"))
    program = ranking.entries.first().program
    for _ in range(3):
        make_program(university=program.university)
    url = reverse("api:program-detail", kwargs={"slug": program.slug})
    assert_budget(client, budget, "program-detail", url)
    url = reverse("api:university-detail", kwargs={"slug": program.university.slug})
    assert_budget(client, budget, "university-detail", url)
    url = reverse("api:ranking-detail", kwargs={"slug": ranking.slug})
    body = assert_budget(client, budget, "ranking-detail", url)
    assert len(body["rows"]) == min(size, 100) and body["rows_page"]["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_career_endpoints(client, django_assert_max_num_queries, size):
    role = make_careers(size)
    make_programs(3)
    budget = django_assert_max_num_queries
    body = assert_budget(client, budget, "careers", reverse("api:careers"), {"page_size": 200})
    assert all(len(row["figures"]) == 2 for row in body["results"])
    params = {"degree": "phd", "sector": f"sector-{size}", "skill": f"skill-{size}", "q": "role"}
    assert_budget(client, budget, "careers-filtered", reverse("api:careers"), params)
    url = reverse("api:career-detail", kwargs={"slug": role.slug})
    assert_budget(client, budget, "career-detail", url)


@pytest.mark.parametrize("size", SIZES)
def test_faq_endpoints(client, django_assert_max_num_queries, size):
    question = make_questions(size)
    budget = django_assert_max_num_queries
    body = assert_budget(client, budget, "faqs", reverse("api:faqs"), {"page_size": 200})
    assert all(len(row["sources"]) == 2 for row in body["results"])
    params = {"q": "gre answer", "degree": "phd", "category": f"category-{size}-1"}
    assert_budget(client, budget, "faqs-filtered", reverse("api:faqs"), params)
    url = reverse("api:faq-detail", kwargs={"slug": question.slug})
    assert_budget(client, budget, "faq-detail", url)
