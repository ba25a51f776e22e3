import re

import pytest
from django.urls import reverse

from programs.models import (
    Attribute,
    Degree,
    Program,
    Ranking,
    RankingCriterion,
    RankingEntry,
    Source,
)
from programs.views import ProgramListView

from .factories import (
    make_area,
    make_attribute,
    make_criterion,
    make_entry,
    make_fact,
    make_program,
    make_ranking,
    make_university,
)

pytestmark = pytest.mark.django_db


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def make_catalogue(size):
    """`size` ranked programs, each with areas, facts and two ranks."""
    ml = make_criterion("research-ml", order=1)
    ai = make_criterion("research-ai", order=2)
    ranking = make_ranking()
    areas = [make_area(), make_area()]
    for i in range(size):
        program = make_program(areas=areas, university=make_university())
        make_fact(program)
        for attribute in Attribute:
            if attribute.applies_to(program.degree):
                make_attribute(program, attribute, source=program.source)
        make_entry(ranking, program, i + 1, criterion=ml)
        make_entry(ranking, program, size - i, criterion=ai)
    return ranking


# --- Every page renders ------------------------------------------------------


def test_home_shows_top_programs_of_each_ranking(site_content, client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    body = text(response)
    assert "Ph.D. Programs in Machine Learning" in body
    assert "Master&#x27;s Program in Machine Learning" in body
    assert "PhD in Machine Learning</a>, CMU" in body
    assert 'href="/programs/?degree=phd"' in body


def test_program_list_shows_every_published_program(site_content, client):
    response = client.get(reverse("programs:list"))
    assert response.status_code == 200
    published = Program.objects.published().count()
    assert published == 30
    assert f"{published} programs" in text(response)
    # Default order: best ML research rank first.
    first = response.context["programs"][0]
    assert first.best_rank(RankingCriterion.objects.get(slug="research-ml")) == 1


def test_program_detail_shows_ranks_facts_sources_and_siblings(site_content, client):
    response = client.get(reverse("programs:detail", args=["cmu-ms-machine-learning"]))
    assert response.status_code == 200
    body = text(response)
    assert "Master of Science in Machine Learning" in body
    assert "9–24 months" in body and "16–20 months" in body
    assert "Pittsburgh, Pennsylvania" in body
    assert "Statistical machine learning" in body
    assert "Master of Computational Data Science" in body
    assert "three semesters (16 months)" in body
    assert "no financial support" in body
    assert 'Research ranking in machine learning: <span class="rank-badge">#1</span>' in body
    assert 'href="https://ml.cmu.edu/"' in body
    assert "Last verified 22 November 2026" in body
    assert "PhD in Machine Learning" in body  # sibling at the same university


def test_program_detail_flags_disagreeing_sources(site_content, client):
    body = text(client.get(reverse("programs:detail", args=["mit-ms-eecs"])))
    assert "Sources disagree about this program" in body
    assert "no terminal master" in body
    assert "EECS graduate admissions" in body


def test_unpublished_program_is_a_404(client):
    program = make_program(is_published=False)
    assert client.get(program.get_absolute_url()).status_code == 404


def test_unknown_slugs_are_404s_with_a_way_out(client):
    for name in ["programs:detail", "programs:university-detail", "programs:ranking-detail"]:
        response = client.get(reverse(name, args=["no-such-thing"]))
        assert response.status_code == 404
        assert "Browse all programs" in text(response)


def test_university_pages(site_content, client):
    response = client.get(reverse("programs:university-list"))
    assert response.status_code == 200
    body = text(response)
    for region in ["East Coast", "West Coast", "Mid-West", "South"]:
        assert region in body
    assert "Georgia Institute of Technology" in body
    response = client.get(reverse("programs:university-detail", args=["uc-berkeley"]))
    body = text(response)
    assert "Berkeley, CA" in body
    assert "Master&#x27;s in Data Science" in body
    assert "#15</span> for" in body  # AI rank in the Master's table
    assert "#12</span> for" in body  # AI rank in the PhD table


def test_university_list_filters_by_region(site_content, client):
    response = client.get(reverse("programs:university-list"), {"region": "midwest"})
    names = [u.short_name for u in response.context["universities"]]
    assert sorted(names) == ["Michigan", "UIUC"]


def test_ranking_list_and_detail(site_content, client):
    response = client.get(reverse("programs:ranking-list"))
    assert response.status_code == 200
    assert "Towards AI" in text(response)
    response = client.get(reverse("programs:ranking-detail", args=["towards-ai-masters-ml-2021"]))
    body = text(response)
    assert response.status_code == 200
    assert "Masters in Data Science, Masters in EECS" in body
    assert "does not publish how the ranks were computed" in body
    rows = response.context["rows"]
    assert [row.rank_cells for row in rows][:3] == [[1, 1], [2, 15], [3, 3]]
    assert len(rows) == 10


def test_ranking_detail_draws_an_accessible_svg_chart(site_content, client):
    body = text(client.get(reverse("programs:ranking-detail", args=["towards-ai-phd-ml-2021"])))
    # Drawn twice: for a desktop column and for a phone (CSS shows one).
    assert '<svg class="chart-wide" viewBox="0 0 640' in body
    assert '<svg class="chart-narrow" viewBox="0 0 320' in body
    assert body.count('role="img"') == 2
    assert "<desc" in body and "CMU: ML research 1, AI research 1." in body
    assert body.count('class="dot-ml"') == 20


def test_the_phone_chart_keeps_its_labels_legible_at_375_px():
    """A 375 px screen leaves about 320-340 px for the chart; drawn at that width, its 13-14 px
    labels stay at 12 px or more (the desktop drawing would shrink them to about 6.6 px)."""
    from programs.charts import LAYOUTS

    narrow = LAYOUTS["narrow"]
    assert narrow["width"] <= 340
    assert narrow["label_above"]  # the whole width is the plot: names sit above the dots


@pytest.mark.parametrize("worst", [5, 12, 40, 100, 480, 1000, 9999])
def test_chart_ticks_stay_few_enough_to_read_however_deep_the_table(worst):
    """Tick labels 1, 1+step, … never crowd: at most 20 on the desktop drawing and 10 on
    the phone's, and the smallest tables still get a tick per rank."""
    from types import SimpleNamespace

    from programs.charts import rank_comparison

    def row(n):
        university = SimpleNamespace(short_name=f"U{n}")
        return SimpleNamespace(university=university, rank=lambda slug, n=n: n)

    criterion = SimpleNamespace(slug="ml")
    rows = [row(n) for n in range(max(1, worst - 99), worst + 1)]
    chart = rank_comparison(rows, criterion, criterion)
    ticks = {name: [t["value"] for t in plot["ticks"]] for name, plot in chart["layouts"]}
    assert len(ticks["wide"]) <= 20 and len(ticks["narrow"]) <= 10
    for values in ticks.values():  # 1, then steps (round ones from 5), to the worst rank
        step = values[-1] - values[-2] if len(values) > 1 else 1
        assert values[0] == 1 and worst - step < values[-1] <= worst
        if step >= 5:
            assert all(value % step == 0 for value in values[1:])
    if worst <= 10:
        assert ticks["wide"] == list(range(1, worst + 1))


def test_ranking_detail_sorts(site_content, client):
    url = reverse("programs:ranking-detail", args=["towards-ai-phd-ml-2021"])
    rows = client.get(url, {"sort": "research-ai"}).context["rows"]
    assert [row.rank("research-ai") for row in rows] == [
        1,
        2,
        3,
        4,
        5,
        6,
        8,
        9,
        12,
        12,
    ]
    rows = client.get(url, {"sort": "university"}).context["rows"]
    assert rows[0].university.name == "Carnegie Mellon University"
    response = client.get(url, {"sort": "<script>"})
    assert response.status_code == 200
    assert "Can&#x27;t sort by “&lt;script&gt;”" in text(response)
    assert response.context["rows"][0].university.short_name == "CMU"


# --- Bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"degree": "xyz"},
        {"region": "atlantis"},
        {"state": "ZZ"},
        {"university": "nope"},
        {"kind": "??"},
        {"area": "../etc"},
        {"ranking": "missing"},
        {"criterion": "vibes"},
        {"top": "abc"},
        {"top": "-3"},
        {"top": "100000000000000000000"},
        {"sort": "DROP TABLE"},
        {"q": "x" * 500},
    ],
)
def test_bad_filter_values_get_a_message_not_a_500(client, query):
    make_program()
    response = client.get(reverse("programs:list"), query)
    assert response.status_code == 200
    assert "weren't understood" in text(response)
    # The invalid filter is dropped: the program is still listed.
    assert response.context["paginator"].count == 1


def test_valid_filters_survive_an_invalid_neighbour(client):
    make_program(degree=Degree.PHD)
    make_program(degree=Degree.MASTERS)
    response = client.get(reverse("programs:list"), {"degree": "masters", "region": "atlantis"})
    assert [p.degree for p in response.context["programs"]] == ["masters"]
    assert "Ignored region “atlantis”" in text(response)


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("abc", 1),
        ("9999", 2),
        ("0", 1),
        ("-1", 1),
        ("--1", 1),
        ("²", 1),
        ("①", 1),
        ("last", 2),
        ("", 1),
    ],
)
def test_odd_page_numbers_land_on_a_real_page(client, page, shown):
    for _ in range(ProgramListView.paginate_by + 1):
        make_program()
    response = client.get(reverse("programs:list"), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    if page not in ("", "last"):
        assert "There is no page" in text(response)


def test_odd_query_strings_are_harmless(client):
    make_program(name="<b>Bold</b>")
    response = client.get(reverse("programs:list") + "?q=%00%ff&q=<script>alert(1)</script>&&=&x=1")
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()
    response = client.get(reverse("programs:list"), {"q": "bold"})
    assert "&lt;b&gt;Bold&lt;/b&gt;" in response.content.decode()


def test_pagination_links_keep_filters(client):
    for _ in range(45):
        make_program(degree=Degree.PHD)
    response = client.get(reverse("programs:list"), {"degree": "phd", "sort": "name"})
    assert 'href="?degree=phd&amp;sort=name&amp;page=2"' in response.content.decode()


def test_empty_results_offer_a_way_out(client):
    make_program(degree=Degree.PHD)
    response = client.get(reverse("programs:list"), {"degree": "masters"})
    body = text(response)
    assert "No programs match these filters" in body
    assert "Show all programs" in body


# --- Query budgets -----------------------------------------------------------


@pytest.mark.parametrize("size", [5, 50])
def test_program_list_query_count_is_constant(client, django_assert_max_num_queries, size):
    make_catalogue(size)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("programs:list"), {"sort": "research-ai"})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_filtered_program_list_query_count_is_constant(client, django_assert_max_num_queries, size):
    ranking = make_catalogue(size)
    area = make_area()
    query = {"ranking": ranking.slug, "top": "3", "area": area.slug, "q": "prog", "degree": "phd"}
    with django_assert_max_num_queries(7):
        assert client.get(reverse("programs:list"), query).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_detail_pages_query_count_is_constant(client, django_assert_max_num_queries, size):
    ranking = make_catalogue(size)
    program = Program.objects.first()
    for _ in range(size):
        make_program(university=program.university)
    with django_assert_max_num_queries(9):
        assert client.get(program.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(program.university.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(ranking.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_index_pages_query_count_is_constant(client, django_assert_max_num_queries, size):
    make_catalogue(size)
    make_catalogue(size)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(reverse("programs:ranking-list")).status_code == 200
    # States, the count, a page of universities, their programs, those programs' ranks,
    # the criteria.
    with django_assert_max_num_queries(6):
        assert client.get(reverse("programs:university-list")).status_code == 200


# --- Compare -----------------------------------------------------------------


def test_compare_shows_programs_side_by_side_in_the_order_asked(site_content, client):
    response = client.get(
        reverse("programs:compare"),
        {"p": ["georgia-tech-phd-machine-learning", "cmu-phd-machine-learning"]},
    )
    assert response.status_code == 200
    assert [p.slug for p in response.context["programs"]] == [
        "georgia-tech-phd-machine-learning",
        "cmu-phd-machine-learning",
    ]
    body = text(response)
    assert "Machine Learning Center (ML@GT)" in body
    assert "#9</span>" in body and "#1</span>" in body


def test_compare_reports_unknown_duplicate_and_too_many(client):
    programs = [make_program() for _ in range(5)]
    slugs = [p.slug for p in programs]
    response = client.get(
        reverse("programs:compare"), {"p": [slugs[0], slugs[0], "nope<b>", *slugs[1:]]}
    )
    body = text(response)
    assert response.status_code == 200
    assert "up to 4 programs" in body
    assert "couldn&#x27;t find “nope&lt;b&gt;”" in body
    assert [p.slug for p in response.context["programs"]] == slugs[:3]


def test_compare_with_fewer_than_two_explains_how(client):
    response = client.get(reverse("programs:compare"))
    assert "Pick two to four programs" in text(response)


def test_compare_hides_unpublished_programs(client):
    hidden, shown = make_program(is_published=False), make_program()
    response = client.get(reverse("programs:compare"), {"p": [hidden.slug, shown.slug]})
    assert [p.slug for p in response.context["programs"]] == [shown.slug]


@pytest.mark.parametrize("size", [2, 4])
def test_compare_query_count_is_constant(client, django_assert_max_num_queries, size):
    make_catalogue(size)
    slugs = list(Program.objects.values_list("slug", flat=True))
    # Programs, their areas, their universities' programs, those programs' ranks, their
    # values, every table's entries for their universities, careers.
    with django_assert_max_num_queries(7):
        assert client.get(reverse("programs:compare"), {"p": slugs}).status_code == 200


def test_every_page_links_every_section_and_marks_the_current_one(client):
    body = text(client.get(reverse("programs:ranking-list")))
    for href in [
        "/programs/",
        "/universities/",
        "/careers/",
        "/careers/phd-vs-masters/",
        "/faqs/",
        "/faqs/requirements/",
        "/faqs/glossary/",
    ]:
        assert f'href="{href}"' in body
    assert 'aria-current="page" href="/rankings/"' in body


def test_program_page_shows_where_it_leads(site_content, client):
    body = text(client.get(reverse("programs:detail", args=["cmu-phd-machine-learning"])))
    assert "Where this degree leads" in body
    assert "AI research scientist" in body.replace("AI Research Scientist", "AI research scientist")


@pytest.mark.parametrize("size", [5, 50])
def test_every_filter_at_once_query_count_is_constant(client, django_assert_max_num_queries, size):
    ranking = make_catalogue(size)
    program = Program.objects.first()
    area = program.focus_areas.first()
    query = {
        "degree": "phd",
        "region": program.university.region,
        "state": program.university.state,
        "university": program.university.slug,
        "kind": program.kind,
        "area": area.slug,
        "q": "program",
        "ranking": ranking.slug,
        "criterion": "research-ai",
        "top": "60",
        "funded": "on",
        "gre": "on",
        "deadline_from": "2025-12-01",
        "cost_max": "60000",
        "format": "full-time",
        "sort": "research-ai",
    }
    # Each choice list is read once, to validate and to render the form.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("programs:list"), query)
    assert list(response.context["programs"]) == [program]


def test_disputed_programs_are_marked_wherever_they_are_listed(site_content, client):
    marker = "Sources disagree</span>"
    listing = text(client.get(reverse("programs:list"), {"university": "mit", "degree": "masters"}))
    assert "Master of Science in EECS" in listing and marker in listing
    for url in [
        reverse("programs:university-detail", args=["mit"]),
        reverse("programs:ranking-detail", args=["towards-ai-masters-ml-2021"]),
        reverse("home"),
        reverse("programs:compare") + "?p=mit-ms-eecs&p=cmu-ms-machine-learning",
        reverse("careers:detail", args=["machine-learning-engineer"]),
    ]:
        assert marker in text(client.get(url)), url
    undisputed = text(
        client.get(reverse("programs:ranking-detail", args=["towards-ai-phd-ml-2021"]))
    )
    assert marker not in undisputed


def test_a_value_no_source_gives_is_not_published_never_a_dash(client):
    program = make_program()
    make_attribute(program, Attribute.DEADLINE)
    body = text(client.get(program.get_absolute_url()))
    assert "Application deadline</dt>" in body and "10 December 2025" in body
    assert "(Fall 2026 entry)" in body
    assert "Tuition or total cost</dt> <dd" in body
    assert body.count("Not published") == len(Attribute) - 2  # all but deadline and pathway
    assert "Terminal or PhD track" not in body  # a PhD has no track
    assert "—" not in body.split("<main")[1].split("</main>")[0]


def test_research_area_filter_explains_the_area_with_its_source(site_content, client):
    body = text(client.get(reverse("programs:list"), {"area": "generative-ai"}))
    assert "Research area: Generative AI" in body
    assert "Frontier topic" in body
    assert "PhD in Advanced Machine Learning &amp; Deep Learning" in body


def test_home_lists_frontier_topics_with_source(site_content, client):
    body = text(client.get(reverse("home")))
    assert "AI alignment and safety" in body
    assert body.count("Source: <cite") == 1


@pytest.mark.parametrize("junk", ["%00", "a%00b", "%ff%fe", "../../etc", "x" * 300])
def test_compare_ignores_junk_slugs_safely(client, junk):
    program = make_program()
    response = client.get(reverse("programs:compare") + f"?p={program.slug}&p={junk}")
    assert response.status_code == 200
    assert "couldn&#x27;t find" in text(response)
    assert [p.slug for p in response.context["programs"]] == [program.slug]


def test_unpublished_programs_stay_off_rankings_and_home(client):
    ml = make_criterion("research-ml", order=1)
    ranking = make_ranking()
    shown = make_program(name="Shown program")
    hidden = make_program(name="Hidden program", is_published=False)
    make_entry(ranking, shown, 2, criterion=ml)
    make_entry(ranking, hidden, 1, criterion=ml)
    for url in [
        reverse("home"),
        reverse("programs:ranking-list"),
        ranking.get_absolute_url(),
    ]:
        body = text(client.get(url))
        assert "Shown program" in body, url
        assert "Hidden program" not in body, url


def test_rank_lists_never_print_an_empty_value(client):
    ai = make_criterion("research-ai", order=2)
    ml = make_criterion("research-ml", order=1)
    ranking = make_ranking()
    make_entry(ranking, make_program(), 1, criterion=ml)
    make_entry(ranking, make_program(), 3, criterion=ai)  # no ML rank: row has no first rank
    for url in [reverse("home"), reverse("programs:ranking-list")]:
        body = text(client.get(url))
        assert 'value="None"' not in body
        assert '<li value="1">' in body


def test_disputed_badge_on_siblings_entries_faq_links_and_rules(site_content, client):
    marker = "Sources disagree</span>"
    for url in [
        reverse("programs:detail", args=["mit-phd-eecs"]),  # sibling: MIT's disputed MS
        reverse("programs:university-detail", args=["university-of-washington"]),
        reverse("faqs:detail", args=["masters-at-mit-and-uw"]),
    ]:
        assert marker in text(client.get(url)), url


def test_a_new_criterion_and_edition_appear_everywhere_with_no_code_change(site_content, client):
    """Rankings are data: what the tables hold decides every rank column, sort and label."""
    teaching = RankingCriterion.objects.create(
        name="Teaching quality", short_name="Teaching", slug="teaching", order=3
    )
    edition = Ranking.objects.create(
        title="Ph.D. Programs in Machine Learning",
        slug="towards-ai-phd-ml-2024",
        publisher="Towards AI",
        edition_year=2024,
        degree=Degree.PHD,
        source=Source.objects.get(slug="towards-ai-phd-ml-2021"),
    )
    cmu = Program.objects.get(slug="cmu-phd-machine-learning")
    RankingEntry.objects.create(ranking=edition, criterion=teaching, program=cmu, rank=3)

    listing = text(client.get(reverse("programs:list")))
    assert "(Towards AI, 2024; Towards AI, 2021)" in listing
    assert '<option value="teaching">Teaching rank</option>' in listing
    assert "Teaching rank </span>#" in listing  # a card's rank names its criterion
    compare = text(client.get(reverse("programs:compare"), {"p": [cmu.slug, "uiuc-mcs"]}))
    assert "Teaching rank: Towards AI 2024" in compare  # its own row, naming table and edition
    assert "Best Teaching rank" in text(client.get(reverse("programs:university-list")))
    assert "Teaching rank" in text(client.get(reverse("careers:detail", args=["professor"])))
    for url in (reverse("home"), reverse("programs:ranking-list")):
        assert 'href="/rankings/towards-ai-phd-ml-2024/"' in text(client.get(url)), url
    table = text(client.get(edition.get_absolute_url()))
    assert "Teaching quality" in table and "#3" in table


def make_2024_phd_edition(ranks):
    """A newer edition of the shipped PhD table, ranking programs on its first criterion."""
    old = Ranking.objects.get(slug="towards-ai-phd-ml-2021")
    new = Ranking.objects.create(
        title=old.title,
        slug="towards-ai-phd-ml-2024",
        publisher=old.publisher,
        edition_year=2024,
        degree=old.degree,
        source=old.source,
    )
    criterion = RankingCriterion.objects.get(slug="research-ml")
    for slug, rank in ranks.items():
        RankingEntry.objects.create(
            ranking=new, criterion=criterion, program=Program.objects.get(slug=slug), rank=rank
        )
    return new


def card(body, slug):
    """The text of one program's card on a list page."""
    start = body.index(f'href="/programs/{slug}/"')
    return body[start : body.index("</article>", start)]


def test_lists_and_compare_use_the_latest_edition_and_name_it(site_content, client):
    make_2024_phd_edition({"cmu-phd-machine-learning": 1, "mit-phd-eecs": 9})
    body = text(client.get(reverse("programs:list"), {"degree": "phd"}))
    mit = card(body, "mit-phd-eecs")
    assert (
        "#9</span>" in mit
        and 'Towards AI 2024<span class="visually-hidden">, PhD table</span></a>' in mit
    )
    assert "#4" not in mit
    # The master's table has no newer edition: it still shows 2021.
    assert "Towards AI 2021" in card(text(client.get(reverse("programs:list"))), "mit-ms-eecs")
    phds = client.get(reverse("programs:list"), {"degree": "phd", "top": "5"}).context["programs"]
    assert "mit-phd-eecs" not in [program.slug for program in phds]
    compare = text(client.get(reverse("programs:compare"), {"p": ["mit-phd-eecs", "uiuc-mcs"]}))
    assert "#9" in compare and "Towards AI 2024" in compare
    assert "Towards AI, 2024" in text(client.get(reverse("programs:list")))


def test_an_older_edition_can_still_be_chosen(site_content, client):
    make_2024_phd_edition({"mit-phd-eecs": 9})
    query = {"ranking": "towards-ai-phd-ml-2021", "degree": "phd"}
    mit = card(text(client.get(reverse("programs:list"), query)), "mit-phd-eecs")
    assert "#4" in mit and "Towards AI 2021" in mit
    programs = client.get(reverse("programs:list"), {**query, "top": "5"}).context["programs"]
    assert "mit-phd-eecs" in [program.slug for program in programs]


def test_a_program_outside_the_table_shows_its_universitys_rank_and_says_so(site_content, client):
    masters_list = reverse("programs:list") + "?degree=masters"  # one page of them
    body = text(client.get(masters_list))
    mcs = card(body, "uiuc-mcs")
    assert "not ranked" not in mcs
    assert 'the university\'s rank<span class="visually-hidden">, from its' in mcs
    listed = card(body, "uiuc-ms-computer-science")
    assert "the university's rank" not in listed  # in the table itself
    ml = RankingCriterion.objects.get(slug="research-ml")
    mcs_program = next(
        p for p in client.get(masters_list).context["programs"] if p.slug == "uiuc-mcs"
    )
    cell = mcs_program.rank_cell(ml)
    assert cell.is_university_rank and cell.ranking.degree == Degree.MASTERS
    # Sorted by that rank, not among the unranked.
    slugs = [p.slug for p in client.get(masters_list).context["programs"]]
    assert slugs.index("uiuc-mcs") < slugs.index("michigan-ms-data-science")


def test_a_program_page_outside_the_table_shows_its_universitys_rank(site_content, client):
    body = text(client.get(reverse("programs:detail", args=["uiuc-mcs"])))
    assert "not itself in a ranking table we hold, but its university is" in body
    assert "the university's rank, from its" in body
    assert "not in any ranking table we hold." not in body
    michigan = text(client.get(reverse("programs:detail", args=["michigan-ms-data-science"])))
    assert "This program is not in any ranking table we hold." in michigan


def test_rank_on_orders_the_list_by_that_criterion(site_content, client):
    query = {"top": "3", "criterion": "research-ai", "degree": "phd"}
    programs = client.get(reverse("programs:list"), query).context["programs"]
    ai = RankingCriterion.objects.get(slug="research-ai")
    ranks = [program.best_rank(ai) for program in programs]
    assert ranks == sorted(ranks) and ranks[-1] <= 3


def test_old_or_odd_sort_values_get_a_plain_message(site_content, client):
    body = text(client.get(reverse("programs:list"), {"sort": "ml-rank"}))
    assert "“ml-rank” is not one of the orders we offer." in body
    assert "Select a valid choice" not in body
    body = text(client.get(reverse("programs:list"), {"degree": "any"}))
    assert "“any” is not a degree; choose PhD or Master&#x27;s." in body


def test_sorting_by_name_ignores_case(client):
    for name in ["MS in CS", "Master of Computer Science", "machine learning MS"]:
        make_program(name=name)
    names = [
        p.name for p in client.get(reverse("programs:list"), {"sort": "name"}).context["programs"]
    ]
    assert names == ["machine learning MS", "Master of Computer Science", "MS in CS"]


def test_compare_of_only_unknown_programs_promises_nothing_below(client):
    body = text(client.get(reverse("programs:compare"), {"p": "zzz"}))
    assert "We couldn&#x27;t find “zzz”." in body
    assert "compared below" not in body


def test_result_counts_agree_in_number(site_content, client):
    body = text(client.get(reverse("programs:list"), {"q": "stanford", "degree": "phd"}))
    assert "1 program matches your filters" in body
    assert "programs match your filters" in text(
        client.get(reverse("programs:list"), {"degree": "phd"})
    )


def test_research_areas_come_from_the_department_list_with_its_source(site_content, client):
    body = text(client.get(reverse("programs:detail", args=["georgia-tech-phd-machine-learning"])))
    for area in ["Computer vision", "Natural language processing", "Game theory", "Bioinformatics"]:
        assert f">{area}</a>" in body
    assert "https://grad.gatech.edu/degree-programs/machine-learning" in body
    for query in ["nlp", "cv", "robotics"]:
        found = client.get(reverse("programs:list"), {"q": query}).context["programs"]
        assert "georgia-tech-phd-machine-learning" in [p.slug for p in found], query
