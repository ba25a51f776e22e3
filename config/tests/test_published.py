"""The published rule, everywhere: one hidden object of every public model, and of each
kind of content hidden through its parent, appears on no public page.

Every hidden thing is named with the marker "Zqx" (capital Z). Searches and filters
below ask for it in lower case, so a page that merely echoes the query back does
not trip the check, but a page that shows a hidden object does.
"""

import pytest
from django.urls import reverse

from careers.tests.factories import make_career, make_figure
from core.tests.html_check import html_problems
from faqs.models import Question
from faqs.tests.factories import make_category, make_question, make_requirement, make_term
from programs.models import (
    Program,
    ProgramFact,
    Ranking,
    RankingCriterion,
    ResearchArea,
    University,
)
from programs.tests.factories import (
    VERIFIED,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_source,
    make_university,
)

from .test_pages import every_public_url

pytestmark = pytest.mark.django_db

MARKER = "Zqx"
HIDDEN_RANK = 97


@pytest.fixture
def hidden(site_content):
    """One hidden object of each kind, each reachable from published content if leaked."""
    ml = ResearchArea.objects.get(slug="machine-learning")
    phd_table = Ranking.objects.get(slug="towards-ai-phd-ml-2021")
    criterion = phd_table.entries.first().criterion
    cmu = University.objects.get(slug="carnegie-mellon")

    hidden_university = make_university(
        name="Zqx Hidden University", short_name="Zqx HU", slug="zqx-university", is_published=False
    )
    orphan = make_program(
        name="Zqx Program Of A Hidden University",
        slug="zqx-orphan",
        university=hidden_university,
        areas=[ml],
    )
    draft = make_program(name="Zqx Draft Program", slug="zqx-draft", university=cmu, areas=[ml])
    draft.is_published = False
    draft.save()
    for program in (orphan, draft):
        make_entry(phd_table, program, 1, criterion=criterion, published_name="Zqx as printed")
        ProgramFact.objects.create(
            program=program,
            key="zqx",
            topic=ProgramFact.Topic.FUNDING,
            statement="Zqx fact",
            source=make_source(),
            last_verified=VERIFIED,
            contradicts_listing=True,
        )
        make_requirement(title="Zqx rule", program=program, level=program.degree)

    hidden_table = make_ranking(
        title="Zqx Hidden Table", slug="zqx-table", publisher="Zqx Press", is_published=False
    )
    zqx_criterion = make_criterion("zqx-criterion", name="Zqx criterion", short_name="Zqx")
    make_entry(
        hidden_table,
        Program.objects.get(slug="cmu-phd-machine-learning"),
        1,
        criterion=zqx_criterion,
        published_name="Zqx printed in a hidden table",
    )
    # On a criterion pages show, with a rank no published table gives (HIDDEN_RANK).
    make_entry(hidden_table, Program.objects.get(slug="uiuc-mcs"), HIDDEN_RANK, criterion=criterion)
    # First in a hidden table: it must not sort an unranked program above ranked ones.
    make_entry(
        hidden_table, Program.objects.get(slug="michigan-ms-data-science"), 1, criterion=criterion
    )

    career = make_career(
        title="Zqx Hidden Career", slug="zqx-career", areas=[ml], is_published=False
    )
    make_figure(career=career, label="Zqx headline", is_headline=True, is_key=True)

    category = make_category(name="Plain category", slug="plain-category")
    draft_question = make_question(
        question="Zqx hidden question?", slug="zqx-question", category=category, is_published=False
    )
    shown = Question.objects.published().first()
    shown.related_questions.add(draft_question)
    shown.related_programs.add(orphan, draft)
    shown.related_careers.add(career)
    make_term(term="Hiddenterm", slug="zqx-term", definition="Zqx definition", is_published=False)
    # A published answer that names the hidden term: it must not link it.
    make_question(question="What is a hiddenterm?", slug="qterm", answer="About Hiddenterm.")
    return [hidden_university, orphan, draft, hidden_table, career, draft_question]


def probes():
    """Requests that ask for hidden things by name or slug."""
    yield reverse("about-data")
    yield reverse("programs:list") + "?q=zqx"
    yield reverse("programs:list") + "?university=zqx-university&ranking=zqx-table"
    yield reverse("programs:list") + "?sort=zqx-criterion&criterion=zqx-criterion&top=1"
    yield reverse("programs:list") + "?top=1"
    yield reverse("programs:list") + "?degree=phd&area=machine-learning"
    yield reverse("programs:compare") + "?p=zqx-draft&p=zqx-orphan&p=cmu-phd-machine-learning"
    yield reverse("programs:university-detail", args=["carnegie-mellon"])
    yield reverse("careers:list") + "?q=zqx"
    yield reverse("faqs:list") + "?q=zqx"
    yield reverse("faqs:detail", args=["qterm"])


def test_every_public_page_is_sound_and_shows_nothing_hidden(hidden, client):
    """One crawl of every public page (shipped content, plus the hidden objects): each is
    a 200 with sound HTML (core.tests.html_check), and none shows anything hidden."""
    urls = sorted(set(every_public_url()) | set(probes()))
    assert len(urls) > 90
    leaks, problems = {}, {}
    leaked = (MARKER, 'href="/programs/zqx', "#term-zqx", f"#{HIDDEN_RANK}<")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        if any(sign in body for sign in leaked):
            leaks[url] = [line.strip()[:120] for line in body.splitlines() if MARKER in line]
        if found := html_problems(body):
            problems[url] = found
    assert leaks == {}
    assert problems == {}


def test_hidden_ranks_do_not_sort(hidden, client):
    criteria = list(RankingCriterion.objects.in_use())
    for url in (reverse("programs:list"), reverse("careers:detail", args=["data-scientist"])):
        programs = list(client.get(url).context["programs"])
        ranked = [p.slug for p in programs if any(p.rank_cell(c) for c in criteria)]
        assert [program.slug for program in programs][: len(ranked)] == ranked, url


def test_hidden_objects_have_no_page(hidden, client):
    for obj in hidden:
        assert client.get(obj.get_absolute_url()).status_code == 404, obj


def test_the_check_would_see_a_leak(hidden, client):
    """The marker is on the page once the object is published: the crawl above can fail."""
    Program.objects.filter(slug="zqx-draft").update(is_published=True)
    body = client.get(reverse("programs:list") + "?q=zqx").content.decode()
    assert "Zqx Draft Program" in body
