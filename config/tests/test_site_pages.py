"""The site-wide pages: home and About our data."""

import pytest
from django.urls import reverse

from careers.tests.factories import make_career, make_figure
from faqs.tests.factories import make_question
from programs.tests.factories import make_fact, make_program, make_source

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


def test_about_counts_only_what_the_public_can_see_citing_each_source(client):
    source = make_source(title="A Shared Source")
    make_program(source=source)
    make_program(source=source, is_published=False)
    make_fact(program=make_program(), source=source)
    make_question(sources=[source])
    make_question(sources=[source], is_published=False)
    body = client.get(reverse("about-data")).content.decode()
    assert "A Shared Source" in body
    assert "program listings (1)" in body and "program facts (1)" in body
    assert "FAQ answers (1)" in body
    make_source(title="A Source Nothing Cites")
    assert "A Source Nothing Cites" in client.get(reverse("about-data")).content.decode()


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
    # Sources, their citations (one query), counts and freshness ranges (one query),
    # coverage, disputed programs.
    with django_assert_max_num_queries(5):
        assert client.get(reverse("about-data")).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("home")).status_code == 200
    # Criteria, rankings (twice), latest changes (three), freshness (one query).
    with django_assert_max_num_queries(7):
        assert client.get(reverse("data")).status_code == 200


def dispute(program):
    make_fact(
        program,
        key="listing",
        topic="admission",
        statement="The department's own page describes it differently.",
        contradicts_listing=True,
    )
    return program


def test_about_lists_a_few_disputed_programs_and_links_to_all_of_them(client):
    from config.views import AboutDataView

    shown = AboutDataView.DISPUTED_SHOWN
    make_program(name="Agreed on")
    disputed = [dispute(make_program(name=f"Disputed {n:02}")) for n in range(shown)]
    body = client.get(reverse("about-data")).content.decode()
    assert body.count(">Disputed ") == shown and ">Agreed on<" not in body
    assert "Programs our sources disagree about:" in body
    assert '<a href="/programs/?disputed=on">These programs in the programs list</a>' in body
    dispute(make_program(name="Disputed 99"))
    body = client.get(reverse("about-data")).content.decode()
    assert body.count(">Disputed ") == shown  # no longer every one: a few, then the link
    assert "Some of the programs our sources disagree about:" in body
    assert '<a href="/programs/?disputed=on">All of them in the programs list</a>' in body
    listed = client.get(reverse("programs:list"), {"disputed": "on"}).context["programs"]
    assert {p.name for p in listed} == {p.name for p in disputed} | {"Disputed 99"}
