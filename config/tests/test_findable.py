"""What search engines read: robots.txt, the sitemaps, each page's title, description,
canonical address, OpenGraph tags and schema.org JSON-LD."""

import html as html_lib
import json
import re
from xml.etree import ElementTree

import pytest
from django.urls import reverse

from faqs.models import Question
from faqs.tests.factories import make_question
from programs.models import Program, Ranking, University
from programs.tests.factories import make_program, make_university

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html, name):
    found = re.search(rf'<meta (?:name|property)="{name}" content="([^"]*)"', html)
    return html_lib.unescape(found.group(1)) if found else None


def canonical(html):
    found = re.search(r'<link rel="canonical" href="([^"]*)"', html)
    return html_lib.unescape(found.group(1)) if found else None


def title(html):
    return html_lib.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def graph(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def types(html):
    return {node["@type"] for node in graph(html)}


def one_of_each(site_content):
    """One page of every public page type: (what it is, URL, the schema.org types it has)."""
    first = {
        model: model.objects.published().order_by("slug").first()
        for model in (Program, University, Ranking, Question)
    }
    from careers.models import CareerPath

    career = CareerPath.objects.published().order_by("slug").first()
    return [
        ("home", "/", {"WebSite"}),
        ("programs", "/programs/", {"CollectionPage", "ItemList", "BreadcrumbList"}),
        ("program", first[Program].get_absolute_url(), {"EducationalOccupationalProgram"}),
        ("universities", "/universities/", {"CollectionPage", "ItemList"}),
        ("university", first[University].get_absolute_url(), {"CollegeOrUniversity"}),
        ("rankings", "/rankings/", {"CollectionPage", "ItemList"}),
        ("ranking", first[Ranking].get_absolute_url(), {"ItemList", "BreadcrumbList"}),
        ("careers", "/careers/", {"CollectionPage", "ItemList"}),
        ("career", career.get_absolute_url(), {"Occupation", "BreadcrumbList"}),
        ("phd-vs-masters", "/careers/phd-vs-masters/", {"WebPage", "BreadcrumbList"}),
        ("faqs", "/faqs/", {"CollectionPage", "ItemList"}),
        ("question", first[Question].get_absolute_url(), {"FAQPage", "BreadcrumbList"}),
        ("requirements", "/faqs/requirements/", {"WebPage", "BreadcrumbList"}),
        ("glossary", "/faqs/glossary/", {"DefinedTermSet"}),
        ("data", "/data/", {"Dataset", "BreadcrumbList"}),
        ("about", "/about/", {"AboutPage", "BreadcrumbList"}),
        (
            "compare",
            "/programs/compare/?p=cmu-phd-machine-learning&p=mit-ms-eecs",
            {"ItemList", "BreadcrumbList"},
        ),
        ("shortlist", "/shortlist/", {"WebPage", "BreadcrumbList"}),
        ("shared", "/shortlist/shared/?p=cmu-phd-machine-learning", {"ItemList"}),
    ]


def test_every_page_type_has_its_own_description_title_and_schema(client, site_content):
    descriptions, titles = {}, {}
    for kind, url, expected_types in one_of_each(site_content):
        html = get(client, url)
        assert expected_types <= types(html), (kind, types(html))
        description = meta(html, "description")
        assert description and len(description) > 40, kind
        descriptions.setdefault(description, []).append(kind)
        titles.setdefault(title(html), []).append(kind)
        assert meta(html, "og:description") == description
        assert meta(html, "og:title") + " · Gradient" == title(html)
        assert meta(html, "og:site_name") == "Gradient"
        assert meta(html, "og:url").startswith("http://testserver/")
        assert meta(html, "twitter:card") == "summary"
    assert [kinds for kinds in descriptions.values() if len(kinds) > 1] == []
    assert [kinds for kinds in titles.values() if len(kinds) > 1] == []


def test_a_program_is_described_from_its_data(client, site_content):
    html = get(client, reverse("programs:detail", args=["cmu-phd-machine-learning"]))
    description = meta(html, "description")
    assert description.startswith("CMU's PhD in Machine Learning: deadline ")
    assert "ranked #" in description
    (program,) = [n for n in graph(html) if n["@type"] == "EducationalOccupationalProgram"]
    assert program["provider"]["@type"] == "CollegeOrUniversity"
    assert program["provider"]["name"] == "Carnegie Mellon University"
    assert program["url"] == "http://testserver/programs/cmu-phd-machine-learning/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", program["applicationDeadline"])


def test_breadcrumbs_become_a_breadcrumb_list(client, site_content):
    html = get(client, reverse("programs:detail", args=["cmu-phd-machine-learning"]))
    (crumbs,) = [n for n in graph(html) if n["@type"] == "BreadcrumbList"]
    assert [(i["position"], i["name"]) for i in crumbs["itemListElement"]] == [
        (1, "Home"),
        (2, "Programs"),
        (3, "CMU"),
        (4, "PhD in Machine Learning"),
    ]
    assert crumbs["itemListElement"][-1]["item"] == (
        "http://testserver/programs/cmu-phd-machine-learning/"
    )


def test_the_open_data_page_is_a_dataset(client, site_content):
    (dataset,) = [n for n in graph(get(client, "/data/")) if n["@type"] == "Dataset"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    urls = [d["contentUrl"] for d in dataset["distribution"]]
    assert "http://testserver/programs/export.csv" in urls
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = "</script><script>alert(1)</script> & <!--"
    program = make_program(name=hostile, university=make_university(name=hostile + " U"))
    for url in [program.get_absolute_url(), program.university.get_absolute_url(), "/programs/"]:
        page = get(client, url)
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
        assert "<" not in block and ">" not in block
        assert hostile in json.dumps(json.loads(block), ensure_ascii=False)
        assert "<script>alert(1)" not in page


# Canonical addresses.


def test_a_plain_list_is_canonical_to_itself(client, site_content):
    for url in ["/programs/", "/universities/", "/careers/", "/faqs/"]:
        html = get(client, url)
        assert canonical(html) == "http://testserver" + url
        assert meta(html, "robots") is None
    # An empty form submission is the plain list.
    assert canonical(get(client, "/programs/?degree=&q=")) == "http://testserver/programs/"


def test_page_two_is_indexed_with_its_own_canonical(client):
    for _ in range(25):
        make_program()
    html = get(client, "/programs/?page=2")
    assert canonical(html) == "http://testserver/programs/?page=2"
    assert meta(html, "robots") is None
    assert title(html) == "ML graduate programs (page 2) · Gradient"
    # Page 1 asked for explicitly is the list itself.
    assert canonical(get(client, "/programs/?page=1")) == "http://testserver/programs/"


@pytest.mark.parametrize(
    ("url", "plain"),
    [
        ("/programs/?degree=phd", "/programs/"),
        ("/programs/?sort=name", "/programs/"),
        # A variation's later page still folds into the plain list.
        ("/programs/?q=vision&page=2", "/programs/"),
        ("/careers/?q=research", "/careers/"),
        ("/faqs/?q=gre", "/faqs/"),
        ("/universities/?region=west", "/universities/"),
        ("/programs/compare/?p=cmu-phd-machine-learning&p=mit-ms-eecs", "/programs/compare/"),
        ("/shortlist/", "/shortlist/"),
        ("/shortlist/shared/?p=cmu-phd-machine-learning", "/shortlist/"),
    ],
)
def test_variations_and_personal_pages_are_canonical_to_their_plain_page(
    client, site_content, url, plain
):
    html = get(client, url)
    assert canonical(html) == "http://testserver" + plain
    # Crawlable (the canonical link folds them in), and previews show what was shared.
    assert meta(html, "robots") is None
    assert f'<meta property="og:url" content="http://testserver{html_lib.escape(url)}">' in html


def test_every_page_has_one_canonical_link(client, site_content):
    for url in ["/", "/programs/?degree=phd&sort=name", "/faqs/", "/about/"]:
        assert get(client, url).count('rel="canonical"') == 1


def test_a_filtered_list_is_titled_by_its_filters(client, site_content):
    html = get(client, "/programs/?degree=phd&funded=on&q=vision&sort=name")
    assert title(html) == ("ML graduate programs: search “vision”, Degree: PhD, Funded · Gradient")
    assert "Filtered programs" not in html


def test_a_detail_page_is_canonical_without_its_query_string(client, site_content):
    ranking = Ranking.objects.published().first()
    html = get(client, ranking.get_absolute_url())
    assert canonical(html) == "http://testserver" + ranking.get_absolute_url()


# robots.txt and the sitemaps.


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /corrections/" in lines
    # Lists, comparisons and shortlists are crawled; their variations name a canonical page.
    assert "Disallow: /programs/" not in lines
    assert "Disallow: /shortlist/" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def sitemap_urls(client, url):
    root = ElementTree.fromstring(client.get(url).content)
    return {
        loc.text: (
            lastmod.text if (lastmod := node.find("s:lastmod", SITEMAP_NS)) is not None else None
        )
        for node in root
        for loc in [node.find("s:loc", SITEMAP_NS)]
    }


def test_the_sitemap_lists_every_public_page(client, site_content):
    sections = sitemap_urls(client, "/sitemap.xml")
    listed = {}
    for section in sections:
        listed.update(sitemap_urls(client, section.removeprefix("http://testserver")))
    expected = {
        "http://testserver" + reverse(name)
        for name in [
            "home",
            "programs:list",
            "programs:compare",
            "programs:shortlist",
            "programs:university-list",
            "programs:ranking-list",
            "careers:list",
            "careers:phd-vs-masters",
            "faqs:list",
            "faqs:requirements",
            "faqs:glossary",
            "about-data",
            "data",
        ]
    }
    from careers.models import CareerPath

    for model in (Program, University, Ranking, CareerPath, Question):
        expected |= {
            "http://testserver" + obj.get_absolute_url() for obj in model.objects.published()
        }
    assert set(listed) == expected
    program = Program.objects.published().first()
    assert listed["http://testserver" + program.get_absolute_url()] == (
        program.last_verified.isoformat()
    )


def test_the_sitemap_leaves_out_what_is_not_published(client):
    shown = make_program()
    hidden = make_program(is_published=False)
    listed = sitemap_urls(client, "/sitemap-programs.xml")
    assert "http://testserver" + shown.get_absolute_url() in listed
    assert "http://testserver" + hidden.get_absolute_url() not in listed


@pytest.mark.parametrize("size", [3, 30])
def test_sitemap_sections_take_constant_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        make_program()
        make_question()
    for section in ["programs", "universities", "rankings", "careers", "questions", "pages"]:
        with django_assert_max_num_queries(2):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200
    with django_assert_max_num_queries(12):
        client.get("/sitemap.xml")
