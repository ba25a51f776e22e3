import re

import pytest
from django.urls import reverse

from programs.models import Degree
from programs.tests.factories import (
    make_area,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
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

LIST_URL = reverse("careers:list")


def test_urls():
    assert LIST_URL == "/careers/"
    assert reverse("careers:phd-vs-masters") == "/careers/phd-vs-masters/"
    assert reverse("careers:detail", kwargs={"slug": "data-scientist"}) == (
        "/careers/data-scientist/"
    )


def h1s(response):
    return re.findall(r"<h1[ >]", response.content.decode())


def test_list_shows_roles_and_key_figures_with_source_and_year(client):
    bls = make_source(
        title="Occupational Outlook Handbook", publisher="BLS", url="https://www.bls.gov/ooh/"
    )
    role = make_career(
        title="Research scientist",
        summary="Does research.",
        sectors=[make_sector(name="Research labs")],
    )
    make_figure(
        career=role,
        label="Median annual pay",
        value=136620,
        year=2022,
        period="May 2022",
        source=bls,
        is_key=True,
        is_headline=True,
    )
    make_figure(
        label="ML PhDs awarded each year",
        kind="count",
        unit="number",
        value=10000,
        qualifier="more-than",
        scope="worldwide",
        year=2026,
        year_basis="retrieved",
        is_key=True,
    )
    make_figure(label="Not a key figure", is_key=False)
    make_career(title="Hidden role", is_published=False)

    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Careers in machine learning · Gradient</title>" in html
    assert len(h1s(response)) == 1
    assert "Research scientist" in html and "Does research." in html
    assert "Research labs" in html
    assert "Hidden role" not in html
    assert "$136,620" in html and "Median annual pay" in html and "May 2022" in html
    assert '<a href="https://www.bls.gov/ooh/"' in html
    assert "more than " in html and "10,000" in html and "worldwide" in html
    assert "undated; read in 2026" in html
    assert "Not a key figure" not in html
    assert response.context["paginator"].count == 1
    # Every control in the filter form has a label.
    for name in ("q", "degree", "sector", "skill"):
        assert f'for="id_{name}"' in html


def test_list_filters_through_the_query_string(client):
    make_career(title="Professor", degree="phd", skills=[make_skill(slug="grant-writing")])
    make_career(title="Data scientist", degree="masters")
    response = client.get(LIST_URL, {"degree": "masters"})
    assert [c.title for c in response.context["careers"]] == ["Data scientist"]
    response = client.get(LIST_URL, {"skill": "grant-writing"})
    assert [c.title for c in response.context["careers"]] == ["Professor"]
    response = client.get(LIST_URL, {"q": "nothing matches this"})
    assert "No roles match these filters" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"degree": "xyz"}, "Ignored degree “xyz”"),
        ({"sector": "nope"}, "Ignored sector “nope”"),
        ({"skill": "<b>bold</b>"}, "Ignored skill “&lt;b&gt;bold&lt;/b&gt;”"),
        ({"q": "x" * 500}, "Ignored search"),
        ({"q": "a\x00b"}, "Ignored search “ab”"),
    ],
)
def test_bad_filter_values_give_a_message_not_an_error(client, params, message):
    make_career(title="Professor", degree="phd")
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'class="alert alert-warning"' in html
    # The bad filter is dropped; the role list still shows.
    assert "Professor" in html


def test_bad_filter_is_dropped_and_good_ones_kept(client):
    make_career(title="Professor", degree="phd")
    make_career(title="Data scientist", degree="masters")
    response = client.get(LIST_URL, {"degree": "masters", "sector": "nope"})
    assert [c.title for c in response.context["careers"]] == ["Data scientist"]
    assert "Ignored sector" in response.content.decode()


@pytest.mark.parametrize("query", ["%", "_", "' OR 1=1 --", "<script>alert(1)</script>", "ü€😀"])
def test_odd_search_text_is_safe(client, query):
    make_career(title="Professor")
    response = client.get(LIST_URL, {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert list(response.context["careers"]) == []


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("abc", 1, "There is no page “abc”; showing page 1 of 2."),
        ("9999", 2, "There is no page “9999”; showing page 2 of 2."),
        ("0", 1, "There is no page “0”; showing page 1 of 2."),
        ("-1", 1, "There is no page “-1”; showing page 1 of 2."),
        ("2", 2, ""),
        ("last", 2, ""),
    ],
)
def test_bad_page_numbers_show_a_page_with_a_notice(client, page, shown, notice):
    for n in range(13):  # paginate_by is 12: two pages
        make_career(title=f"Role {n:02}")
    response = client.get(LIST_URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert response.context["page_notice"] == notice
    if notice:
        assert notice in response.content.decode()


def test_pagination_links_keep_the_filters(client):
    for n in range(13):
        make_career(title=f"Role {n:02}", degree="phd")
    html = client.get(LIST_URL, {"degree": "phd"}).content.decode()
    assert 'href="?degree=phd&amp;page=2"' in html


def test_detail_shows_the_role_in_full(client):
    ml = make_area(name="Machine learning")
    source = make_source(title="PhD jobs article", publisher="AcademicJobs.com")
    role = make_career(
        title="Principal scientist",
        slug="principal-scientist",
        summary="Senior research in industry.",
        work="Shapes research.\n\nTakes on hard problems.",
        degree="phd",
        degree_note="Reached after a doctorate.",
        degree_source=source,
        areas=[ml],
        sectors=[make_sector(name="Industry")],
        skills=[make_skill(name="Linear algebra", category="mathematics")],
        employers=[make_employer(name="Meta")],
        fields=[make_field(name="Autonomous vehicles")],
    )
    make_figure(career=role, label="Median pay", value=150000, year=2023, source=source)
    make_figure(
        degree="phd",
        label="Share who go into industry",
        kind="share",
        unit="percent",
        value=80,
        year=2026,
        year_basis="retrieved",
        source=source,
    )
    make_figure(degree="masters", label="Master's only figure")
    ranking = make_ranking()
    ranked = make_program(name="PhD in Machine Learning", degree=Degree.PHD, areas=[ml])
    make_entry(ranking, ranked, 1, criterion=make_criterion("research-ml"))
    make_entry(ranking, ranked, 3, criterion=make_criterion("research-ai"))
    make_program(name="PhD elsewhere", degree=Degree.PHD, areas=[make_area()])
    make_program(name="MS in ML", degree=Degree.MASTERS, areas=[ml])

    response = client.get(role.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Principal scientist · Careers · Gradient</title>" in html
    assert len(h1s(response)) == 1
    for text in [
        "Senior research in industry.",
        "<p>Shapes research.</p>",
        "<p>Takes on hard problems.</p>",
        "Reached after a doctorate.",
        "PhD jobs article",
        "Industry",
        "Linear algebra",
        "Mathematics and statistics",
        "Meta",
        "Autonomous vehicles",
        "$150,000",
        "Median pay",
        "80%",
        "Share who go into industry",
        "PhD in Machine Learning",
        "#1",
        "#3",
        'aria-label="Breadcrumb"',
    ]:
        assert text in html, text
    assert "PhD elsewhere" not in html
    assert "MS in ML" not in html
    assert "Master's only figure" not in html
    assert [p.name for p in response.context["programs"]] == ["PhD in Machine Learning"]


def test_detail_404s_for_unknown_or_hidden_roles(client):
    hidden = make_career(is_published=False)
    assert client.get("/careers/no-such-role/").status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_phd_vs_masters_is_built_from_the_data(client):
    make_career(title="Professor", degree="phd", sectors=[make_sector(name="Academia")])
    make_career(title="Data scientist", degree="masters", sectors=[make_sector(name="Industry")])
    make_career(title="Startup founder", degree="any")
    make_figure(
        degree="phd",
        label="Median starting salary",
        value=140000,
        qualifier="about",
        scope="in tech hubs",
    )
    make_demand(degree="phd", title="Resilience", description="Coping with failure.")
    make_demand(degree="masters", title="Foundations", kind="study", description="Maths.")

    response = client.get(reverse("careers:phd-vs-masters"))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(h1s(response)) == 1
    phd, masters = response.context["columns"]
    assert [r.title for r in phd.roles] == ["Professor", "Startup founder"]
    assert [r.title for r in masters.roles] == ["Data scientist", "Startup founder"]
    for text in [
        "Professor",
        "Data scientist",
        "Startup founder",
        "Also open to either degree",
        "about $140,000",
        "in tech hubs",
        "Resilience",
        "Coping with failure.",
        "Foundations",
        "Personal qualities",
        "Academia",
        "/careers/?degree=masters&amp;sector=",
    ]:
        assert text in html, text
