"""Downloads: the page's rows in the page's order, every column sourced, streamed with a
constant number of queries; odd input never breaks them."""

import csv
import io
import json
import os
from pathlib import Path

import pytest
from django.urls import reverse

from programs.models import Ranking

from .factories import (
    make_area,
    make_attribute,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
    make_university,
    rebuilt_once,
)

pytestmark = pytest.mark.django_db


def download(client, name, params=None, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs), params or {})
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode(), response


def csv_rows(body):
    return list(csv.DictReader(io.StringIO(body)))


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"degree": "phd"},
        {"sort": "name"},
        {"sort": "deadline"},
        {"q": "statistics"},
        {"funded": "on", "sort": "cost"},
        {"degree": "nonsense", "sort": "university"},
    ],
)
def test_program_export_rows_equal_the_page(site_content, client, params):
    page = client.get(reverse("programs:list"), {**params})
    paginator = page.context["paginator"]
    shown = [p.slug for n in paginator.page_range for p in paginator.page(n).object_list]
    body, response = download(client, "programs:export", params, format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gradient-programs.csv"'
    assert [row["slug"] for row in csv_rows(body)] == shown
    data = json.loads(download(client, "programs:export", params, format="json")[0])
    assert [row["slug"] for row in data["results"]] == shown
    assert data["meta"]["count"] == len(shown)
    assert "CC BY 4.0" in data["meta"]["licence"]


def test_program_export_carries_values_with_sources(site_content, client):
    body, _ = download(client, "programs:export", {"q": "cmu"}, format="csv")
    cmu_ms = next(row for row in csv_rows(body) if row["slug"] == "cmu-ms-machine-learning")
    assert cmu_ms["deadline"] == "10 December 2025"
    assert cmu_ms["deadline_cycle"] == "2025–26 cycle"
    assert cmu_ms["deadline_source"].startswith("https://")
    assert cmu_ms["deadline_last_verified"] == "2026-12-02"
    assert cmu_ms["rank_research-ml"] == "1"
    assert cmu_ms["tuition"] == ""  # no source gives it
    data = json.loads(download(client, "programs:export", {"q": "cmu"}, format="json")[0])
    program = next(row for row in data["results"] if row["slug"] == "cmu-ms-machine-learning")
    durations = [v for v in program["values"] if v["attribute"] == "duration"]
    assert len(durations) >= 2 and all(v["disputed"] for v in durations)
    assert all(v["source"]["title"] and v["last_verified"] for v in program["values"])


def test_ignored_filters_are_named_in_the_json(client):
    make_program()
    data = json.loads(download(client, "programs:export", {"degree": "xyz"}, format="json")[0])
    assert data["meta"]["count"] == 1
    assert "Ignored degree “xyz”" in data["meta"]["ignored"][0]


def test_cells_a_spreadsheet_would_run_are_quoted(client):
    make_program(name='=HYPERLINK("http://evil.example")')
    body, _ = download(client, "programs:export", format="csv")
    assert csv_rows(body)[0]["name"].startswith("'=")


def test_unknown_formats_and_tables_are_404s(client):
    assert client.get("/programs/export.xlsx").status_code == 404
    assert client.get("/rankings/no-such-table/export.csv").status_code == 404


def test_ranking_export_is_the_table_as_published(client):
    ml, ai = make_criterion("research-ml", order=1), make_criterion("research-ai", order=2)
    ranking = make_ranking()
    first, second = make_program(), make_program()
    make_entry(ranking, first, 2, criterion=ml, published_name="Printed name")
    make_entry(ranking, second, 1, criterion=ml)
    make_entry(ranking, second, 5, criterion=ai)
    body, _ = download(client, "programs:ranking-export", slug=ranking.slug, format="csv")
    rows = csv_rows(body)
    assert [(r["programs"], r["rank_research-ml"], r["rank_research-ai"]) for r in rows] == [
        (second.slug, "1", "5"),
        (first.slug, "2", ""),
    ]
    assert rows[1]["program_as_printed"] == "Printed name"
    data = json.loads(
        download(client, "programs:ranking-export", slug=ranking.slug, format="json")[0]
    )
    assert data["meta"]["publisher"] == ranking.publisher
    assert "third-party" in data["meta"]["licence"]


def test_shortlist_export_is_in_the_students_order(client):
    for slug in ("b", "a"):
        make_program(slug=slug)
        client.post(reverse("programs:shortlist-change"), {"add": slug})
    body, _ = download(client, "programs:shortlist-export", format="csv")
    assert [row["slug"] for row in csv_rows(body)] == ["b", "a"]


def test_career_figures_and_glossary_exports(site_content, client):
    body, _ = download(client, "careers:figures-export", format="csv")
    rows = csv_rows(body)
    assert rows and all(row["source"] and row["last_verified"] for row in rows)
    body, _ = download(client, "faqs:glossary-export", format="json")
    terms = json.loads(body)["results"]
    assert terms and all(term["definition"] for term in terms)


@pytest.mark.parametrize("size", [5, 1500])
def test_program_export_query_count_is_constant(client, django_assert_max_num_queries, size):
    """Past a thousand rows too: the rows stream beside the programs, not per chunk."""
    with rebuilt_once():
        ranking = make_ranking()
        criterion = make_criterion()
        area = make_area()
        for i in range(size):
            program = make_program(areas=[area])
            make_attribute(program, "deadline", source=program.source)
            make_entry(ranking, program, i + 1, criterion=criterion)
    for fmt in ("csv", "json"):
        # Criteria, states, the JSON's count, then the programs and three streams beside them.
        with django_assert_max_num_queries(7):
            body, _ = download(client, "programs:export", {"sort": "deadline"}, format=fmt)
        assert body.count(ranking.title) >= size


# Byte-for-byte: a faster export must write exactly what this one writes. The golden files
# are the output at the shipped content and of the odd programs below; after a deliberate
# change to the content or the columns, rewrite them with GOLDEN_UPDATE=1.
GOLDEN = Path(__file__).parent / "golden"


def _odd_programs():
    """Programs whose values a writer could mangle: empty, unicode, commas, quotes,
    newlines, formulas, many ranks and sources. Named explicitly: no factory counters."""
    ml, ai = make_criterion("research-ml", order=1), make_criterion("research-ai", order=2)
    source = make_source(slug="odd-source", title='Odd, "quoted" source', url="")
    other = make_source(slug="odd-other", title="Other", url="https://example.edu/o")
    ranking = make_ranking(slug="odd-table", title="Odd table", source=source)
    newer = make_ranking(slug="odd-newer", title="Newer, table", source=other)
    area = make_area(slug="odd-area", name='Læring, "deep"')
    names = ["Plain", "", "Ünïcødé — 機械学習", 'Comma, "quote"', "Line\nbreak", "=SUM(A1)"]
    programs = []
    for n, name in enumerate(names):
        university = make_university(
            slug=f"odd-u{n}", name=f"Odd University {n}", short_name=f"OU{n}", city=name
        )
        program = make_program(
            slug=f"odd-{n}", name=name, university=university, source=source, department=name
        )
        programs.append(program)
    programs[0].focus_areas.set([area])
    for n, program in enumerate(programs[:4]):
        make_attribute(program, "deadline", source=source, cycle=names[n] or "Fall")
        make_attribute(program, "tuition", source=other, note='per year, "roughly"')
        make_attribute(program, "duration", source=source)
        make_attribute(program, "duration", source=other, duration_min=1, duration_max=2)
        make_entry(ranking, program, n + 1, criterion=ml)
        make_entry(newer, program, 10 - n, criterion=ai, published_name=names[n])
    return programs


@pytest.mark.parametrize(
    "label,params",
    [
        ("all", {}),
        ("deadline", {"sort": "deadline"}),
        ("search", {"q": "machine learning"}),
        ("area", {"area": "machine-learning"}),  # the filter's join must not narrow areas
        ("ranking", {"ranking": "towards-ai-phd-ml-2021", "top": "10"}),
        ("funded", {"funded": "on", "sort": "research-ai"}),
        ("nothing", {"q": "zzzqqq"}),
    ],
)
def test_program_export_bytes_at_the_shipped_content(site_content, client, label, params):
    _odd_programs()
    for fmt in ("csv", "json"):
        body, _ = download(client, "programs:export", params, format=fmt)
        golden = GOLDEN / f"programs-{label}.{fmt}"
        if os.environ.get("GOLDEN_UPDATE"):
            golden.parent.mkdir(exist_ok=True)
            golden.write_bytes(body.encode())
        assert body.encode() == golden.read_bytes()


def test_ranking_export_bytes(client):
    _odd_programs()
    ranking = Ranking.objects.get(slug="odd-newer")
    for fmt in ("csv", "json"):
        body, _ = download(client, "programs:ranking-export", slug=ranking.slug, format=fmt)
        golden = GOLDEN / f"ranking.{fmt}"
        if os.environ.get("GOLDEN_UPDATE"):
            golden.parent.mkdir(exist_ok=True)
            golden.write_bytes(body.encode())
        assert body.encode() == golden.read_bytes()
