"""Lists that grow with the data show a page (or a top N) at a time; sorts and filters
survive the page links, and a bad page is a notice, never an error."""

import pytest
from django.urls import reverse

from programs.models import Degree, Ranking, Region
from programs.views import RankingDetailView, UniversityListView

from .factories import (
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_university,
)

pytestmark = pytest.mark.django_db

PAGE = 25


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(RankingDetailView, "paginate_by", PAGE)
    monkeypatch.setattr(UniversityListView, "paginate_by", PAGE)


def make_table(size):
    """A table of `size` printed rows on two criteria; one row prints two programs."""
    ml = make_criterion("research-ml", order=1)
    ai = make_criterion("research-ai", order=2)
    ranking = make_ranking(degree=Degree.PHD)
    for i in range(size):
        program = make_program(university=make_university(), degree=Degree.PHD)
        make_entry(ranking, program, (i // 2) + 1, criterion=ml)  # ties in twos
        make_entry(ranking, program, size - i, criterion=ai)
    twin = make_program(university=program.university, degree=Degree.PHD)
    make_entry(ranking, twin, (size - 1) // 2 + 1, criterion=ml)
    for entry in ranking.entries.filter(program__in=[program, twin]):
        entry.published_name = "Both programs"
        entry.save()
    return ranking


def keys(rows):
    return [(row.university.pk, row.published_name) for row in rows]


def whole(ranking):
    return Ranking.objects.with_entries().get(pk=ranking.pk)


@pytest.mark.parametrize("sort", ["", "research-ai", "university", "program"])
def test_ranking_table_pages_hold_the_whole_table_once_in_order(client, small_pages, sort):
    ranking = make_table(60)
    seen = []
    for number in (1, 2, 3):
        response = client.get(ranking.get_absolute_url(), {"sort": sort, "page": number})
        assert response.status_code == 200
        assert len(response.context["rows"]) <= PAGE
        seen += keys(response.context["rows"])
    table = whole(ranking).rows()
    assert sorted(seen) == sorted(keys(table)) and len(seen) == len(table) == 60
    if sort == "":
        assert seen == keys(table)
    if sort == "research-ai":
        ranks = [row.rank("research-ai") for row in table]
        by_ai = dict(zip(keys(table), ranks, strict=True))
        assert [by_ai[key] for key in seen] == sorted(ranks)
    if sort == "university":
        names = {row.university.pk: row.university.name for row in table}
        assert [names[u] for u, _ in seen] == sorted(names[u] for u, _ in seen)


def test_a_printed_row_keeps_its_programs_on_a_page(client, small_pages):
    ranking = make_table(60)
    response = client.get(ranking.get_absolute_url(), {"page": "last"})
    (both,) = [row for row in response.context["rows"] if row.published_name == "Both programs"]
    assert len(both.programs) == 2


def test_ranking_table_page_links_keep_the_sort(client, small_pages):
    ranking = make_table(60)
    html = client.get(ranking.get_absolute_url(), {"sort": "university"}).content.decode()
    assert "?sort=university&amp;page=2" in html
    # Choosing another sort starts again at page one.
    html = client.get(ranking.get_absolute_url(), {"sort": "university", "page": 2}).content
    assert b'href="?sort=program"' in html


@pytest.mark.parametrize("page", ["99", "0", "x", "-1"])
def test_a_bad_ranking_page_is_a_notice(client, small_pages, page):
    ranking = make_table(30)
    response = client.get(ranking.get_absolute_url(), {"page": page, "sort": "nonsense"})
    assert response.status_code == 200
    assert "There is no page" in response.context["page_notice"]
    assert "Can't sort by" in response.context["sort_error"]
    assert response.context["rows"]


@pytest.mark.parametrize("count", [1, 3, 5])
def test_top_rows_are_the_tables_first_rows(count):
    ranking = make_table(12)
    make_table(3)  # another table, read in the same query
    (top,) = [r for r in Ranking.objects.with_top_rows(count) if r.pk == ranking.pk]
    assert keys(top.top_rows()) == keys(whole(ranking).rows()[:count])
    assert top.first_criterion.slug == "research-ml"


def test_home_and_rankings_show_each_tables_top_five(client):
    ranking = make_table(12)
    first = whole(ranking).rows()[:5]
    for url in (reverse("home"), reverse("programs:ranking-list")):
        html = client.get(url).content.decode()
        for row in first:
            assert row.university.short_name in html or row.university.name in html
        assert whole(ranking).rows()[6].university.name not in html


def test_university_list_pages_keep_the_filter(client, small_pages):
    for _ in range(60):
        make_program(university=make_university(region=Region.WEST_COAST))
    make_program(university=make_university(region=Region.SOUTH))
    url = reverse("programs:university-list")
    response = client.get(url, {"region": Region.WEST_COAST})
    assert len(response.context["universities"]) == PAGE
    assert response.context["paginator"].count == 60
    assert f"?region={Region.WEST_COAST}&amp;page=2" in response.content.decode()
    last = client.get(url, {"region": Region.WEST_COAST, "page": 3})
    assert len(last.context["universities"]) == 10
    bad = client.get(url, {"region": Region.WEST_COAST, "page": "9"})
    assert bad.status_code == 200 and "There is no page" in bad.context["page_notice"]


@pytest.mark.parametrize("size", [5, 60])
def test_ranking_pages_and_export_query_count_is_constant(
    client, django_assert_max_num_queries, small_pages, size
):
    ranking = make_table(size)
    # Ranking, criteria, row count, a page of row keys, their entries.
    with django_assert_max_num_queries(5):
        response = client.get(ranking.get_absolute_url(), {"sort": "program", "page": 2})
    assert response.status_code == 200
    # Ranking with its entries (one prefetch); every row, streamed.
    for fmt in ("csv", "json"):
        url = reverse("programs:ranking-export", kwargs={"slug": ranking.slug, "format": fmt})
        with django_assert_max_num_queries(3):
            response = client.get(url)
            body = b"".join(response.streaming_content)
        assert body.count(b"University") >= size
