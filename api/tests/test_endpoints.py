"""What each endpoint says, and that it shows only what the pages show."""

import json

import pytest
from django.urls import reverse

from careers.tests.factories import make_career, make_figure, make_sector
from faqs.tests.factories import make_category, make_question
from programs.models import Attribute, Degree
from programs.tests.factories import (
    make_area,
    make_attribute,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
    make_university,
)

pytestmark = pytest.mark.django_db

LISTS = ["programs", "universities", "rankings", "careers", "faqs"]
ENVELOPE = ["ignored", "count", "next", "previous", "results"]
SOURCE = ["slug", "title", "publisher", "published", "url", "caveat"]


def get(client, name, params=None, **kwargs):
    response = client.get(reverse(f"api:{name}", kwargs=kwargs or None), params or {})
    assert response["Content-Type"] == "application/json"
    return response


def results(client, name, params=None):
    response = get(client, name, {"page_size": 200, **(params or {})})
    assert response.status_code == 200
    return response.json()["results"]


def slugs(client, name, params=None):
    return [row["slug"] for row in results(client, name, params)]


@pytest.fixture
def program():
    """A ranked PhD program with an area, a typed value of each kind, a fact."""
    ml = make_criterion("research-ml", order=1)
    ranking = make_ranking(slug="ml-2021", publisher="Towards AI", edition_year=2021)
    source = make_source(slug="official", caveat="May be dated.")
    program = make_program(
        slug="cmu-phd",
        degree=Degree.PHD,
        department="MLD",
        university=make_university(slug="cmu", name="Carnegie Mellon University"),
        areas=[make_area(slug="robotics")],
        source=source,
    )
    for attribute in Attribute:
        if attribute.applies_to(program.degree):
            make_attribute(program, attribute, source=source)
    program.facts.create(
        key="funding",
        topic="funding",
        statement="Funded.",
        source=source,
        last_verified="2026-01-02",
    )
    make_entry(ranking, program, 3, criterion=ml)
    return program


# --- Shapes ------------------------------------------------------------------------


def test_index_lists_every_endpoint(client):
    body = get(client, "index").json()
    assert set(body) == {*LISTS, "schema"}
    assert body["programs"] == "http://testserver/api/v1/programs/"


@pytest.mark.parametrize("name", LISTS)
def test_lists_are_paginated_json(client, name):
    body = get(client, name).json()
    assert list(body) == ENVELOPE
    assert body["ignored"] == [] and body["count"] == 0 and body["results"] == []


def test_program_shape(client, program):
    [row] = results(client, "programs")
    assert row["slug"] == "cmu-phd"
    assert row["url"] == "http://testserver/api/v1/programs/cmu-phd/"
    assert row["page"] == "http://testserver/programs/cmu-phd/"
    assert row["university"] == {
        "slug": "cmu",
        "name": "Carnegie Mellon University",
        "short_name": program.university.short_name,
    }
    assert (row["degree"], row["kind"], row["department"]) == ("phd", "dedicated-ml", "MLD")
    assert row["disputed"] is False
    assert row["research_areas"][0]["slug"] == "robotics"
    assert row["source"]["slug"] == "official" and list(row["source"]) == SOURCE
    assert row["source"]["caveat"] == "May be dated."
    assert row["research_areas_source"]["slug"] == "official"
    assert row["last_verified"] == "2026-11-22"
    [rank] = row["ranks"]
    assert rank["criterion"] == "research-ml" and rank["rank"] == 3
    assert rank["is_university_rank"] is False
    assert rank["ranking"]["slug"] == "ml-2021"
    assert (rank["ranking"]["publisher"], rank["ranking"]["edition_year"]) == ("Towards AI", 2021)
    assert rank["ranking"]["degree"] == "phd"


def test_program_attributes_carry_typed_fields_source_and_date(client, program):
    [row] = results(client, "programs")
    values = {value["attribute"]: value for value in row["attributes"]}
    assert [value["attribute"] for value in row["attributes"]] == [
        a.value for a in Attribute if a.applies_to(Degree.PHD)
    ]
    deadline = values["deadline"]
    assert deadline["value"] == "10 December 2025"
    assert deadline["date"] == "2025-12-10" and deadline["cycle"] == "Fall 2026 entry"
    assert "amount" not in deadline and "url" not in deadline
    assert deadline["source"]["slug"] == "official" and deadline["last_verified"] == "2026-11-22"
    assert deadline["disputed"] is False and deadline["note"] == ""
    tuition = values["tuition"]
    assert (tuition["amount"], tuition["currency"], tuition["period"]) == (50000, "USD", "year")
    assert tuition["value"] == "$50,000 a year"
    assert values["funding"]["funding"] == "guaranteed" and "amount" not in values["funding"]
    assert values["gre"]["test_policy"] == "not-considered"
    assert values["english-test"]["toefl_minimum"] == 100
    assert "ielts_minimum" not in values["english-test"]
    duration = values["duration"]
    assert (duration["duration_min"], duration["duration_max"]) == (5, 7)
    assert duration["duration_unit"] == "years"
    assert (values["format"]["pace"], values["format"]["delivery"]) == ("full-time", "on-campus")
    assert values["admissions-page"]["url"] == "https://example.edu/apply"
    assert (values["class-size"]["number"], values["class-size"]["number_high"]) == (10, 15)


def test_university_rank_is_marked(client, program):
    sibling = make_program(slug="cmu-phd-stats", university=program.university)
    row = get(client, "program-detail", slug=sibling.slug).json()
    [rank] = row["ranks"]
    assert rank["rank"] == 3 and rank["is_university_rank"] is True


def test_program_detail_adds_facts_and_every_entry(client, program):
    body = get(client, "program-detail", slug="cmu-phd").json()
    assert body["facts"][0]["statement"] == "Funded."
    assert body["facts"][0]["source"]["slug"] == "official"
    assert body["facts_source"]["slug"] == "official"
    [entry] = body["ranking_entries"]
    assert (entry["ranking"]["slug"], entry["criterion"], entry["rank"]) == (
        "ml-2021",
        "research-ml",
        3,
    )
    assert {"description", "official_url", "core_courses", "tracks"} <= set(body)


def test_university_shape(client, program):
    [row] = results(client, "universities")
    assert row["slug"] == "cmu" and row["programs"] == ["cmu-phd"]
    assert (row["city"], row["state"], row["region"]) == ("Springfield", "IL", "midwest")
    assert {"name", "short_name", "website", "location_source"} <= set(row)
    assert row["program_count"] == 1 and row["ranks"][0]["rank"] == 3
    assert get(client, "university-detail", slug="cmu").json()["programs"] == ["cmu-phd"]


def test_ranking_shape_and_rows_as_published(client, program):
    ranking = program.ranking_entries.get().ranking
    other = make_program(university=make_university(name="Another University"))
    make_entry(ranking, other, 1, criterion=make_criterion("research-ml"))
    make_entry(ranking, other, 2, criterion=make_criterion("research-ai", order=2))
    [row] = results(client, "rankings")
    assert row["slug"] == "ml-2021" and row["source"]["slug"] == ranking.source.slug
    body = get(client, "ranking-detail", slug="ml-2021").json()
    assert [c["slug"] for c in body["criteria"]] == ["research-ml", "research-ai"]
    assert body["rows"] == [
        {
            "university": {
                "slug": other.university.slug,
                "name": "Another University",
                "short_name": other.university.short_name,
            },
            "published_name": other.name,
            "programs": [other.slug],
            "ranks": {"research-ml": 1, "research-ai": 2},
        },
        {
            "university": {
                "slug": "cmu",
                "name": "Carnegie Mellon University",
                "short_name": program.university.short_name,
            },
            "published_name": program.name,
            "programs": ["cmu-phd"],
            "ranks": {"research-ml": 3},
        },
    ]


def test_a_long_table_comes_a_page_of_rows_at_a_time(client):
    from programs.models import RankingEntry

    ranking = make_ranking(slug="long")
    criterion = make_criterion("research-ml")
    university = make_university()
    programs = [make_program(university=university, slug=f"p-{n:03}") for n in range(120)]
    # In bulk, without signals: the table reads its entries, not the ranks worked out.
    RankingEntry.objects.bulk_create(
        RankingEntry(ranking=ranking, program=p, criterion=criterion, rank=n + 1)
        for n, p in enumerate(programs)
    )
    response = get(client, "ranking-detail", slug="long")
    assert response["Link"] == '<http://testserver/api/v1/rankings/long/?page=2>; rel="next"'
    first = response.json()
    assert [row["programs"] for row in first["rows"]] == [[f"p-{n:03}"] for n in range(100)]
    assert first["rows_page"] == {
        "count": 120,
        "number": 1,
        "pages": 2,
        "next": "http://testserver/api/v1/rankings/long/?page=2",
        "previous": None,
    }
    response = get(client, "ranking-detail", {"page": 2}, slug="long")
    assert response["Link"] == '<http://testserver/api/v1/rankings/long/>; rel="prev"'
    second = response.json()
    assert [row["ranks"]["research-ml"] for row in second["rows"]] == list(range(101, 121))
    assert second["rows_page"]["next"] is None and second["rows_page"]["number"] == 2
    whole = get(client, "ranking-detail", {"page_size": 1000}, slug="long").json()
    assert len(whole["rows"]) == 120  # up to 500 a page
    missing = get(client, "ranking-detail", {"page": 3}, slug="long")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "There is no page “3”: pages run from 1 to 2."


def test_career_shape_with_figures(client):
    role = make_career(slug="ml-engineer", sectors=[make_sector(slug="industry")])
    make_figure(career=role, is_headline=True, value=150000, year=2024, label="Median pay")
    [row] = results(client, "careers")
    assert row["slug"] == "ml-engineer" and row["sectors"][0]["slug"] == "industry"
    assert row["degree_source"]["slug"] == role.degree_source.slug
    [figure] = row["figures"]
    assert (figure["value"], figure["unit"], figure["year"]) == (150000, "usd", 2024)
    assert figure["value_display"] == "$150,000" and list(figure["source"]) == SOURCE
    assert figure["last_verified"] == "2026-11-22"
    assert row["headline_figure"]["label"] == "Median pay"
    body = get(client, "career-detail", slug="ml-engineer").json()
    assert body["figures"][0]["label"] == "Median pay"
    assert {"work", "employers", "skills", "application_fields", "sources", "programs"} <= set(body)


def test_faq_shape(client):
    source = make_source(slug="faq-source")
    make_question(
        slug="gre",
        question="Do I need the GRE?",
        answer="**Often not.**",
        level=Degree.PHD,
        category=make_category(slug="admissions", name="Admissions"),
        sources=[source],
    )
    [row] = results(client, "faqs")
    assert row["question"] == "Do I need the GRE?" and row["answer_text"] == "Often not."
    assert "<strong>Often not.</strong>" in row["answer_html"]
    assert row["category"] == {"slug": "admissions", "name": "Admissions"}
    assert row["degree"] == "phd" and row["sources"][0]["slug"] == "faq-source"
    assert row["last_verified"] == "2026-11-22"
    body = get(client, "faq-detail", slug="gre").json()
    assert body["related_programs"] == [] and body["question"] == "Do I need the GRE?"


# --- Only published content ---------------------------------------------------------


def test_unpublished_programs_and_universities_are_hidden(client):
    shown = make_program(slug="shown")
    make_program(slug="hidden", is_published=False)
    closed = make_university(slug="closed", is_published=False)
    make_program(slug="at-closed", university=closed)
    make_program(slug="sibling-hidden", university=shown.university, is_published=False)
    assert slugs(client, "programs") == ["shown"]
    for slug in ("hidden", "at-closed", "sibling-hidden"):
        response = get(client, "program-detail", slug=slug)
        assert response.status_code == 404
        assert "detail" in response.json()
    assert "closed" not in slugs(client, "universities")
    assert get(client, "university-detail", slug="closed").status_code == 404
    university = get(client, "university-detail", slug=shown.university.slug).json()
    assert university["programs"] == ["shown"] and university["program_count"] == 1


def test_unpublished_rankings_careers_and_questions_are_hidden(client):
    ml = make_criterion()
    table = make_ranking(slug="table")
    make_ranking(slug="draft", is_published=False)
    make_entry(table, make_program(slug="listed"), 1, criterion=ml)
    make_entry(table, make_program(slug="unlisted", is_published=False), 2, criterion=ml)
    make_career(slug="role")
    make_career(slug="draft-role", is_published=False)
    make_question(slug="asked")
    make_question(slug="draft-question", is_published=False)
    assert slugs(client, "rankings") == ["table"]
    assert slugs(client, "careers") == ["role"]
    assert slugs(client, "faqs") == ["asked"]
    rows = get(client, "ranking-detail", slug="table").json()["rows"]
    assert [row["programs"] for row in rows] == [["listed"]]
    for name, slug in [("ranking", "draft"), ("career", "draft-role"), ("faq", "draft-question")]:
        assert get(client, f"{name}-detail", slug=slug).status_code == 404


def test_unknown_slugs_are_json_404s(client):
    for name in ("program", "university", "ranking", "career", "faq"):
        response = get(client, f"{name}-detail", slug="no-such-thing")
        assert response.status_code == 404
        assert response.json()["detail"].startswith("No ")


# --- Read-only, JSON only -------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_refused(client, method):
    response = getattr(client, method)(reverse("api:programs"))
    assert response.status_code == 405


def test_json_whatever_the_client_accepts(client):
    response = client.get(reverse("api:programs"), HTTP_ACCEPT="text/html")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"


def test_format_is_the_program_filter_not_a_renderer(client):
    online = make_program(slug="online")
    make_attribute(online, Attribute.FORMAT, pace="part-time", delivery="online")
    make_attribute(make_program(slug="campus"), Attribute.FORMAT)
    response = get(client, "programs", {"format": "online"})
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["slug"] == "online" and "format" not in row["url"]


# --- Schema -----------------------------------------------------------------------------


def test_schema_is_openapi_json_with_the_filters(client):
    for params in ({}, {"format": "json"}):
        response = client.get(reverse("api:schema"), params)
        assert response.status_code == 200
        schema = json.loads(response.content)
        assert schema["openapi"].startswith("3.")
        programs = schema["paths"]["/api/v1/programs/"]["get"]
        names = {parameter["name"] for parameter in programs["parameters"]}
        assert {"q", "degree", "region", "funded", "cost_max", "format", "sort", "page"} <= names
        assert "/api/v1/programs/{slug}/" in schema["paths"]
        degree = next(p for p in programs["parameters"] if p["name"] == "degree")
        assert set(degree["schema"]["enum"]) == {"phd", "masters"}


def test_schema_generates_without_warnings():
    """`check --deploy` runs drf-spectacular's generation: a warning fails `make check`."""
    from drf_spectacular.checks import schema_check

    assert schema_check(None) == []
