"""The site-wide pages: home and About our data."""

import pytest
from django.urls import reverse

from careers.tests.factories import make_career, make_figure
from faqs.tests.factories import make_question
from programs.tests.factories import make_program, make_source

pytestmark = pytest.mark.django_db


def test_about_names_every_source_with_what_it_backs(site_content, client):
    body = client.get(reverse("about-data")).content.decode()
    assert "30 programs with 58 sourced facts and 181 sourced admissions values" in body
    assert "admissions values (" in body  # official pages back typed values
    # Coverage, from the data: every program has an admissions page.
    assert '<th scope="row" class="fw-normal">Admissions page</th><td>30</td>' in body
    assert "Occupational Outlook Handbook" in body
    assert "career figures (4)" in body  # the BLS handbook backs four figures
    assert "Programs our sources disagree about" in body
    assert "22 November 2026" in body  # how recently we checked


def make_content(size):
    source = make_source()
    for _ in range(size):
        career = make_career(degree_source=source)
        make_figure(career=career, source=source, is_key=True)
        make_question(sources=[source])
        make_program(source=source)


@pytest.mark.parametrize("size", [3, 30])
def test_site_pages_query_count_is_constant(client, django_assert_max_num_queries, size):
    make_content(size)
    # Counts and freshness ranges (one query), coverage, sources with their citations,
    # disputed programs.
    with django_assert_max_num_queries(4):
        assert client.get(reverse("about-data")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 200
    # Criteria, rankings (twice), latest changes (three), freshness (one query).
    with django_assert_max_num_queries(7):
        assert client.get(reverse("data")).status_code == 200
