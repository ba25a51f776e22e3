"""Every FAQ page: content, filters and search, bad input, structured data, query budgets."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from careers.tests.factories import make_career
from core.models import Degree
from faqs.models import GlossaryTerm, Question, Requirement
from faqs.tests.factories import make_category, make_question, make_requirement, make_term
from programs.models import ProgramFact
from programs.tests.factories import make_area, make_program, make_source

pytestmark = pytest.mark.django_db

LIST = reverse("faqs:list")
REQUIREMENTS = reverse("faqs:requirements")
GLOSSARY = reverse("faqs:glossary")


def page(client, url, data=None, status=200):
    response = client.get(url, data)
    assert response.status_code == status
    return response.content.decode()


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def nodes(html, schema_type):
    """The page's schema.org objects of one @type."""
    return [node for node in json_ld(html)["@graph"] if node["@type"] == schema_type]


def question_slugs(response_html):
    return re.findall(r'<article class="faq-item" id="q-([^"]+)"', response_html)


@pytest.fixture
def faqs():
    """Two categories, questions at each level, one unpublished."""
    choosing = make_category(name="Choosing a program", slug="choosing", order=1)
    applying = make_category(name="Applying", slug="applying", order=2)
    return {
        "masters": make_question(
            category=choosing,
            slug="why-a-masters",
            question="Why do a master's?",
            level=Degree.MASTERS,
            answer="For advanced knowledge and practical experience.",
            order=1,
        ),
        "phd": make_question(
            category=choosing,
            slug="why-a-phd",
            question="Why do a PhD?",
            level=Degree.PHD,
            answer="To move from practitioner to pioneer.",
            order=2,
        ),
        "gre": make_question(
            category=applying,
            slug="do-i-need-the-gre",
            question="Do I need the GRE?",
            level=Degree.ANY,
            short_answer="It depends on the program.",
            answer="Berkeley EECS neither requires nor accepts the GRE.",
        ),
        "draft": make_question(
            category=applying, slug="draft", question="Unfinished draft?", is_published=False
        ),
    }


# The list --------------------------------------------------------------------


def test_list_groups_by_category_with_anchors_and_permalinks(client, faqs):
    html = page(client, LIST)
    assert question_slugs(html) == ["why-a-masters", "why-a-phd", "do-i-need-the-gre"]
    assert html.count("<h1") == 1
    assert "<title>Questions applicants ask · Gradient</title>" in html
    assert html.index('id="category-choosing"') < html.index('id="category-applying"')
    assert '<a href="/faqs/why-a-phd/">Permalink' in html
    assert "<summary>" in html and "<details>" in html
    assert "Unfinished draft?" not in html
    assert "3 questions" in html
    assert '<a href="/faqs/?category=applying">Applying</a>' in html


def test_list_shows_answers_with_their_sources(client):
    source = make_source(title="EECS admissions", url="https://eecs.example.edu/", caveat="Dated.")
    make_question(
        answer="No **GRE**.",
        short_answer="No.",
        sources=[source],
        last_verified=datetime.date(2026, 11, 22),
    )
    html = page(client, LIST)
    assert "<p>No <strong>GRE</strong>.</p>" in html
    assert '<a href="https://eecs.example.edu/" rel="external noopener">EECS admissions</a>' in html
    assert "Dated." in html
    assert "last verified 22 November 2026" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"category": "choosing"}, ["why-a-masters", "why-a-phd"]),
        ({"category": "applying"}, ["do-i-need-the-gre"]),
        ({"degree": "phd"}, ["why-a-phd", "do-i-need-the-gre"]),
        ({"degree": "masters"}, ["why-a-masters", "do-i-need-the-gre"]),
        ({"q": "pioneer"}, ["why-a-phd"]),
        ({"q": "berkeley"}, ["do-i-need-the-gre"]),
        ({"q": "depends"}, ["do-i-need-the-gre"]),
        ({"q": "why"}, ["why-a-masters", "why-a-phd"]),
        ({"q": "why phd"}, ["why-a-phd"]),
        ({"q": '"practical experience"'}, ["why-a-masters"]),
        ({"q": '"experience practical"'}, []),
        ({"category": "choosing", "degree": "phd"}, ["why-a-phd"]),
        ({"category": "choosing", "q": "knowledge"}, ["why-a-masters"]),
        ({"category": "applying", "degree": "masters", "q": "gre"}, ["do-i-need-the-gre"]),
        (
            {"category": "", "degree": "", "q": ""},
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        ({"q": "unfinished"}, []),
    ],
)
def test_filters_and_search(client, faqs, query, expected):
    html = page(client, LIST, query)
    assert question_slugs(html) == expected
    assert "weren't understood" not in html
    if not expected:
        assert "No questions match" in html


def test_search_highlights_question_and_shows_the_matching_passage(client, faqs):
    html = page(client, LIST, {"q": "pioneer PhD"})
    assert '<h3 class="faq-question d-inline">Why do a <mark>PhD</mark>?</h3>' in html
    assert '<p class="faq-excerpt">To move from practitioner to <mark>pioneer</mark>.</p>' in html
    assert "matching “pioneer” and “PhD”" in html
    assert "<title>Questions applicants ask: search “pioneer PhD” · Gradient</title>" in html


def test_search_matches_whole_words_and_lists_question_matches_first(client):
    first = make_category(name="Choosing", slug="choosing", order=1)
    later = make_category(name="Applying", slug="applying", order=2)
    make_question(
        category=first,
        slug="which-degree",
        question="Which degree should I choose?",
        answer="A great degree, we agree.",
    )
    make_question(
        category=first, slug="tests", question="Which tests are there?", answer="The GRE."
    )
    make_question(
        category=first, slug="scores", question="What scores?", short_answer="GRE scores."
    )
    make_question(
        category=later, slug="gre", question="Do I need to take the GRE?", answer="It depends."
    )
    html = page(client, LIST, {"q": "gre"})
    # By relevance, not by category: the question that asks about the GRE comes first.
    assert question_slugs(html) == ["gre", "scores", "tests"]
    assert "3 questions matching “gre”" in html
    assert "<mark>gre</mark>" not in html and "de<mark>" not in html
    assert '<h3 class="faq-question d-inline">Do I need to take the <mark>GRE</mark>?</h3>' in html
    assert '<p class="faq-excerpt">The <mark>GRE</mark>.</p>' in html
    # Results are one list, each labelled with its category, not grouped under headings.
    assert 'id="category-applying"' not in html
    assert '<span class="faq-category-label">in Applying</span>' in html
    assert "Best matches first" in html
    # Without a search, the list is grouped by category again, with no labels.
    html = page(client, LIST)
    assert 'id="category-choosing"' in html and "faq-category-label" not in html


def test_search_finds_plurals_and_possessives(client):
    make_question(slug="apostrophe", question="Why a master’s?", answer="Depth.")
    make_question(slug="plural", question="Which masters?", answer="Many.")
    make_question(slug="title", question="What is it?", answer="A Master of Computer Science.")
    make_question(slug="other", question="What is mastery?", answer="Practice.")
    for query in ["master", "masters", "master's"]:
        html = page(client, LIST, {"q": query})
        assert sorted(question_slugs(html)) == ["apostrophe", "plural", "title"]
        assert "<mark>master’s</mark>" in html and "<mark>masters</mark>" in html


def test_search_applies_the_other_filters_and_keeps_relevance_order(client):
    choosing = make_category(slug="choosing", order=1)
    make_question(category=choosing, slug="a", question="Funding?", answer="The GRE.")
    make_question(category=choosing, slug="b", question="The GRE?", level=Degree.PHD)
    make_question(category=choosing, slug="c", question="GRE for a master's?", level=Degree.MASTERS)
    make_question(slug="d", question="Elsewhere: the GRE?")
    html = page(client, LIST, {"q": "gre", "category": "choosing", "degree": "phd"})
    assert question_slugs(html) == ["b", "a"]


def test_search_input_is_escaped(client, faqs):
    make_question(question="What about <script> tags?", answer="Answer with <b>html</b>.")
    html = page(client, LIST, {"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    html = page(client, LIST, {"q": "<script>"})
    assert "<mark>&lt;script&gt;</mark>" in html


@pytest.mark.parametrize(
    "query", ["%", "_", "\\", "'; DROP TABLE faqs_question;--", "%%", "a_b", "*", "(", "[", ".*"]
)
def test_odd_search_strings_are_literal(client, faqs, query):
    html = page(client, LIST, {"q": query})
    assert question_slugs(html) == []


@pytest.mark.parametrize("query", ['"', '""', "   "])
def test_empty_searches_show_everything(client, faqs, query):
    html = page(client, LIST, {"q": query})
    assert question_slugs(html) == ["why-a-masters", "why-a-phd", "do-i-need-the-gre"]
    assert "<mark>" not in html


def test_percent_is_matched_literally(client, faqs):
    make_question(slug="share", question="What share go to industry?", answer="About 80% of them.")
    html = page(client, LIST, {"q": "80%"})
    assert question_slugs(html) == ["share"]
    assert "<mark>80%</mark>" in html


@pytest.mark.parametrize(
    ("query", "message", "expected"),
    [
        (
            {"category": "nope"},
            "There is no category “nope”.",
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        (
            {"category": "../etc/passwd"},
            "There is no category “../etc/passwd”.",
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        (
            {"category": "nope", "degree": "phd"},
            "There is no category “nope”.",
            ["why-a-phd", "do-i-need-the-gre"],
        ),
        (
            {"degree": "xyz"},
            "“xyz” is not a degree level; choose PhD or Master&#x27;s.",
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        (
            {"degree": "any", "category": "choosing"},
            "“any” is not a degree level",
            ["why-a-masters", "why-a-phd"],
        ),
        (
            {"q": "x" * 201},
            "A search can be at most 200 characters long.",
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        (
            {"q": "a b c d e f g h i j k"},
            "A search can have at most 10 words.",
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        (
            {"q": "gre\x00"},
            "A search can&#x27;t contain null characters.",
            ["why-a-masters", "why-a-phd", "do-i-need-the-gre"],
        ),
        ({"q": "x" * 300, "category": "applying"}, "at most 200 characters", ["do-i-need-the-gre"]),
    ],
)
def test_invalid_filters_give_a_message_and_keep_the_valid_ones(
    client, faqs, query, message, expected
):
    html = page(client, LIST, query)
    assert "weren&#x27;t understood" in html or "weren't understood" in html
    assert message in html
    assert question_slugs(html) == expected


def test_invalid_category_with_markup_is_escaped(client, faqs):
    html = page(client, LIST, {"category": "<b>x</b>"})
    assert "There is no category “&lt;b&gt;x&lt;/b&gt;”." in html


@pytest.mark.parametrize("number", ["abc", "0", "99", "-1", "1.5"])
def test_bad_page_numbers_show_a_real_page_and_say_so(client, faqs, number):
    html = page(client, LIST, {"page": number})
    assert f"There is no page “{number}”; showing page 1 of 1." in html
    assert question_slugs(html)


def test_pagination_keeps_filters(client):
    category = make_category(slug="many")
    for n in range(55):
        make_question(category=category, question=f"Numbered question {n}?", slug=f"n-{n}")
    html = page(client, LIST, {"category": "many"})
    assert len(question_slugs(html)) == 50
    assert 'href="?category=many&amp;page=2"' in html
    assert len(question_slugs(page(client, LIST, {"category": "many", "page": 2}))) == 5


def test_list_links_to_its_questions_and_leaves_their_markup_to_their_pages(client, faqs):
    # Each question's FAQPage markup is on its own page only, never repeated on a list.
    html = page(client, LIST)
    assert json_ld(html)["@context"] == "https://schema.org"
    assert nodes(html, "FAQPage") == []
    (listed,) = nodes(html, "ItemList")
    assert [item["name"] for item in listed["itemListElement"]] == [
        "Why do a master's?",
        "Why do a PhD?",
        "Do I need the GRE?",
    ]
    assert listed["itemListElement"][2]["url"] == "http://testserver/faqs/do-i-need-the-gre/"
    assert nodes(page(client, "/"), "FAQPage") == []


def test_a_question_is_an_faq_page_on_its_own_page(client, faqs):
    (faq,) = nodes(
        page(client, reverse("faqs:detail", kwargs={"slug": "do-i-need-the-gre"})), "FAQPage"
    )
    (question,) = faq["mainEntity"]
    assert question["@type"] == "Question"
    assert question["acceptedAnswer"]["@type"] == "Answer"


def test_json_ld_cannot_be_broken_out_of(client):
    hostile = "</script><script>alert(1)</script> & <!--"
    question = make_question(question=hostile, answer="Text </script> here")
    for url in [LIST, question.get_absolute_url()]:
        html = page(client, url)
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(
            1
        )
        assert "<" not in block and ">" not in block
        assert hostile in json.dumps(json.loads(block), ensure_ascii=False)
        assert "<script>alert(1)" not in html
    (faq,) = nodes(page(client, question.get_absolute_url()), "FAQPage")
    assert faq["mainEntity"][0]["name"] == hostile


def test_answers_link_glossary_terms_on_list_and_detail(client):
    make_term(term="Deep learning", slug="deep-learning")
    question = make_question(answer="Deep learning is deep. More deep learning. `deep learning`")
    expected = (
        '<a href="/faqs/glossary/#term-deep-learning" class="glossary-link">Deep learning</a>'
        " is deep."
    )
    for url in [LIST, question.get_absolute_url()]:
        html = page(client, url)
        assert expected in html
        assert html.count('href="/faqs/glossary/#term-deep-learning"') == 1
        assert "<code>deep learning</code>" in html


# One question ----------------------------------------------------------------


def test_detail_page(client, faqs):
    question = faqs["gre"]
    question.sources.set([make_source(title="Berkeley EECS", url="https://eecs.example.edu/")])
    question.last_verified = datetime.date(2026, 11, 22)
    question.save()
    html = page(client, question.get_absolute_url())
    assert html.count("<h1") == 1
    assert '<h1 id="question-heading">Do I need the GRE?</h1>' in html
    assert "<title>Do I need the GRE? · Gradient</title>" in html
    assert '<meta name="description" content="It depends on the program.">' in html
    assert "Berkeley EECS neither requires nor accepts the GRE." in html
    assert '<a href="https://eecs.example.edu/" rel="external noopener">Berkeley EECS</a>' in html
    assert "last verified 22 November 2026" in html
    assert '<a href="/faqs/?category=applying">Applying</a>' in html
    (faq,) = nodes(html, "FAQPage")
    assert [q["name"] for q in faq["mainEntity"]] == ["Do I need the GRE?"]


@pytest.mark.parametrize("slug", ["no-such-question", "draft"])
def test_unknown_or_unpublished_question_is_404(client, faqs, slug):
    page(client, reverse("faqs:detail", kwargs={"slug": slug}), status=404)


def test_detail_shows_only_published_related_content(client, faqs):
    question = faqs["phd"]
    shown = make_program(name="PhD in Machine Learning", degree=Degree.PHD)
    hidden = make_program(name="Hidden PhD Program", is_published=False)
    area = make_area(name="Generative AI", slug="generative-ai")
    career = make_career(title="Research scientist", slug="research-scientist")
    hidden_career = make_career(title="Secret role", is_published=False)
    question.related_programs.set([shown, hidden])
    question.related_areas.set([area])
    question.related_careers.set([career, hidden_career])
    question.related_questions.set([faqs["gre"], faqs["draft"]])

    html = page(client, question.get_absolute_url())
    assert f'<a href="{shown.get_absolute_url()}">PhD in Machine Learning</a>' in html
    assert "Hidden PhD Program" not in html
    assert '<a href="/programs/?area=generative-ai">Generative AI</a>' in html
    assert '<a href="/careers/research-scientist/">Research scientist</a>' in html
    assert "Secret role" not in html
    related = html.split('id="related-questions-heading"')[1].split("</section>")[0]
    assert "Do I need the GRE?" in related and "Unfinished draft?" not in related
    more = html.split('id="more-questions-heading"')[1].split("</section>")[0]
    assert "Why do a master&#x27;s?" in more
    assert "Why do a PhD?" not in more and "Do I need the GRE?" not in more


# Requirements ----------------------------------------------------------------


def test_requirements_page_is_a_checklist_per_level(client):
    source = make_source(title="PhD jobs article")
    make_requirement(
        title="A GPA above 3.5 out of 4.0",
        slug="gpa",
        kind=Requirement.Kind.GRADES,
        importance=Requirement.Importance.TYPICAL,
        level=Degree.PHD,
        source=source,
        detail="Common among *admits*.",
    )
    make_requirement(title="Programming in Python", slug="python", kind=Requirement.Kind.SKILLS)
    berkeley = make_program(name="PhD in EECS", degree=Degree.PHD)
    make_requirement(
        title="GRE scores",
        slug="berkeley-gre",
        kind=Requirement.Kind.TESTS,
        importance=Requirement.Importance.NOT_ACCEPTED,
        level=Degree.PHD,
        program=berkeley,
        last_verified=datetime.date(2026, 11, 22),
    )
    hidden = make_program(name="Hidden MS", degree=Degree.MASTERS, is_published=False)
    make_requirement(title="Hidden rule", slug="hidden", level=Degree.MASTERS, program=hidden)

    html = page(client, REQUIREMENTS)
    assert html.count("<h1") == 1
    phd, masters = html.split('id="checklist-masters"')
    assert 'id="checklist-phd"' in phd
    assert '<li id="phd-gpa">' in phd and '<li id="phd-python">' in phd
    assert "A GPA above 3.5 out of 4.0" in phd and "Common among admitted students" in phd
    assert "<p>Common among <em>admits</em>.</p>" in phd
    assert "PhD jobs article" in phd
    assert f'<a href="{berkeley.get_absolute_url()}">PhD in EECS</a>' in phd
    assert "Not accepted" in phd and "last verified 22 November 2026" in phd
    assert '<li id="masters-python">' in masters and "gpa" not in masters
    assert "Hidden rule" not in html


def test_requirements_page_without_content(client):
    html = page(client, REQUIREMENTS)
    assert "No general PhD requirements." in html
    assert "No general master&#x27;s requirements." in html


def test_a_level_without_general_items_says_so_and_points_elsewhere(client):
    """No source lists general master's requirements, so none are shown, and the page says so."""
    make_requirement(title="A bachelor's degree", slug="bachelors", level=Degree.PHD)
    masters = make_program(name="MS in Machine Learning", degree=Degree.MASTERS)
    disputed = make_program(name="Master of Science in EECS", degree=Degree.MASTERS)
    ProgramFact.objects.create(
        program=disputed,
        key="availability",
        topic=ProgramFact.Topic.AVAILABILITY,
        statement="Admits to the doctoral program only.",
        source=make_source(),
        last_verified=datetime.date(2026, 11, 22),
        contradicts_listing=True,
    )
    make_program(name="Hidden MS", degree=Degree.MASTERS, is_published=False)
    make_program(name="A PhD program", degree=Degree.PHD)
    make_requirement(
        title="GRE scores",
        slug="ms-gre",
        kind=Requirement.Kind.TESTS,
        importance=Requirement.Importance.NOT_REQUIRED,
        level=Degree.MASTERS,
        program=masters,
    )
    make_question(question="Why do a master's?", slug="why-a-masters", level=Degree.MASTERS)
    make_question(question="Why do a PhD?", slug="why-a-phd", level=Degree.PHD)

    html = page(client, REQUIREMENTS)
    phd, masters_html = html.split('id="checklist-masters"')
    assert "No general" not in phd and "A PhD program" not in phd
    assert '<li id="phd-bachelors">' in phd and "bachelors" not in masters_html
    note = masters_html.split('role="note">')[1].split("</div>")[0]
    assert "<strong>No general master&#x27;s requirements.</strong>" in note
    assert "don't list admission requirements that master&#x27;s programs share" in note
    assert "rules we have found for particular programs, below" in note
    assert f'<a href="{masters.get_absolute_url()}">MS in Machine Learning</a>' in note
    assert "Master of Science in EECS</a>" in note and "Sources disagree" in note
    assert "Hidden MS" not in html
    assert '<a href="/programs/?degree=masters">' in note
    assert '<a href="/faqs/why-a-masters/">Why do a master&#x27;s?</a>' in note
    assert "Why do a PhD?" not in html
    # Nothing looks like a box to tick.
    assert 'type="checkbox"' not in html


# Glossary --------------------------------------------------------------------


def test_glossary_lists_every_term_at_its_anchor(client):
    source = make_source(title="PhD jobs article")
    make_term(
        term="PhD",
        slug="phd",
        aliases="Doctor of Philosophy",
        definition="The highest degree; see deep learning. A PhD takes years.",
        sources=[source],
    )
    make_term(term="Deep learning", slug="deep-learning", definition="Many-layered networks.")
    html = page(client, GLOSSARY)
    assert html.count("<h1") == 1
    assert '<dt id="term-phd">PhD</dt>' in html
    assert '<dt id="term-deep-learning">Deep learning</dt>' in html
    assert html.index('id="letter-D"') < html.index('id="letter-P"')
    assert '<a class="faq-letter" href="#letter-P">P</a>' in html
    assert "Also: Doctor of Philosophy" in html
    assert "PhD jobs article" in html
    # Definitions link the other terms they mention, never their own.
    assert (
        '<a href="/faqs/glossary/#term-deep-learning" class="glossary-link">deep learning</a>'
        in html
    )
    assert 'href="/faqs/glossary/#term-phd"' not in html


def test_empty_glossary(client):
    assert "The glossary is empty for now." in page(client, GLOSSARY)


# Ids, anchors and headings ---------------------------------------------------


class _Outline(HTMLParser):
    """A page's ids, the links that carry a #fragment, the ids that attributes refer
    to, and its heading levels in order."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.references, self.headings = [], [], [], []
        self.elements = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.append(attrs["id"])
            self.elements.setdefault(attrs["id"], tag)
        if tag == "a" and "#" in (attrs.get("href") or ""):
            path, fragment = attrs["href"].split("#", 1)
            self.links.append((path, fragment))
        for name in ("aria-labelledby", "aria-describedby", "for"):
            self.references += (attrs.get(name) or "").split()
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def outline(html):
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


def check_anchors(client, url, pages=None):
    """Ids on `url` are unique, every in-page reference lands, headings skip no level,
    and every link into a FAQ page (this one or another) lands on an id there.

    `pages` caches the outlines of the pages linked to. Returns the page's outline.
    """
    pages = {} if pages is None else pages
    path = url.split("?")[0]
    page_outline = outline(page(client, url))
    ids = page_outline.ids
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, (url, duplicates)
    assert set(page_outline.references) <= set(ids), url
    assert page_outline.elements["main"] == "main", url  # the skip link's target
    levels = page_outline.headings
    assert levels[0] == 1 and levels.count(1) == 1, (url, levels)
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), (url, levels)
    for link_path, fragment in page_outline.links:
        target = link_path or path
        if not target.startswith("/faqs/"):
            continue
        if target not in pages:
            pages[target] = page_outline if target == path else outline(page(client, target))
        assert fragment in pages[target].ids, (url, f"{target}#{fragment}")
    return page_outline


def test_shipped_faq_pages_have_unique_ids_and_links_that_land(client, site_content):
    pages = {}
    urls = [
        LIST,
        f"{LIST}?q=gre",
        f"{LIST}?q=curriculum",  # an answer with headings of its own, in search results
        f"{LIST}?category=choosing-a-program",
        REQUIREMENTS,
        GLOSSARY,
        *(question.get_absolute_url() for question in Question.objects.published()),
    ]
    for url in urls:
        check_anchors(client, url, pages)
    # Glossary links in answers, and links to the checklist, were among those followed.
    assert {GLOSSARY, REQUIREMENTS} <= set(pages)
    listed = outline(page(client, LIST)).ids
    for question in Question.objects.published():
        assert question.anchor in listed
    glossary = outline(page(client, GLOSSARY)).ids
    for term in GlossaryTerm.objects.all():
        assert term.get_absolute_url() == f"{GLOSSARY}#{term.anchor}"
        assert term.anchor in glossary
    checklist = outline(page(client, REQUIREMENTS)).ids
    for requirement in Requirement.objects.published().select_related("program"):
        home = requirement.program.get_absolute_url() if requirement.program_id else REQUIREMENTS
        assert requirement.get_absolute_url() == f"{home}#{requirement.anchor}"
        assert requirement.anchor in checklist


def test_slugs_cannot_take_the_pages_own_ids(client):
    """Slugs named like the page's ids (the skip link's #main, headings) get ids of their own."""
    category = make_category(slug="main")
    for slug in ["main", "faq-results-heading", "category-main", "letter-M"]:
        make_question(category=category, slug=slug, answer="Deep learning and a PhD.")
        make_term(term=f"{slug} term", slug=slug)
    make_term(term="Deep learning", slug="deep-learning")
    make_requirement(slug="main", level=Degree.ANY)
    make_requirement(slug="checklist", level=Degree.PHD)
    pages = {}
    for url in [LIST, f"{LIST}?q=phd", f"{LIST}?category=main", REQUIREMENTS, GLOSSARY]:
        check_anchors(client, url, pages)
    assert '<article class="faq-item" id="q-main">' in page(client, LIST)
    glossary = page(client, GLOSSARY)
    assert '<dt id="term-main">main term</dt>' in glossary
    assert '<dt id="term-letter-M">letter-M term</dt>' in glossary
    requirements = page(client, REQUIREMENTS)
    assert '<li id="phd-main">' in requirements and '<li id="masters-main">' in requirements


def test_requirement_links_land_on_their_item(client):
    """get_absolute_url and the page build the anchor in one place (Requirement.anchor)."""
    program = make_program(degree=Degree.MASTERS)
    requirements = [
        make_requirement(level=Degree.ANY),
        make_requirement(level=Degree.PHD, kind=Requirement.Kind.GRADES),
        make_requirement(level=Degree.MASTERS, kind=Requirement.Kind.SKILLS),
        make_requirement(level=Degree.MASTERS, program=program),
    ]
    ids = check_anchors(client, REQUIREMENTS).ids
    for requirement in requirements:
        path, fragment = requirement.get_absolute_url().split("#")
        assert fragment in ids  # every item is on the checklist (the first 25 rules a level)
        if requirement.program_id:
            # ...and a program's own rule is at home on its page.
            assert path == program.get_absolute_url()
            assert fragment in check_anchors(client, path).ids
        else:
            assert path == REQUIREMENTS


def test_questions_are_headings_in_the_pages_outline(client, faqs):
    faqs["phd"].answer = "Intro.\n\n## Funding\n\nA stipend.\n\n### Amounts\n\nVaries."
    faqs["phd"].save()
    html = page(client, LIST)
    assert '<h2 id="faq-results-heading" class="h5" aria-live="polite">' in html
    assert '<h3 id="category-choosing" class="h4 mt-4">Choosing a program</h3>' in html
    assert '<summary><h4 class="faq-question d-inline">Why do a PhD?</h4>' in html
    # The answer's own headings sit below the question's.
    assert "<h5>Funding</h5>" in html and "<h6>Amounts</h6>" in html
    html = page(client, LIST, {"q": "phd"})
    assert '<summary><h3 class="faq-question d-inline">Why do a <mark>PhD</mark>?</h3>' in html
    assert "<h4>Funding</h4>" in html and "<h5>Amounts</h5>" in html
    # The question's own page keeps the answer's headings as written.
    html = page(client, faqs["phd"].get_absolute_url())
    assert "<h3>Funding</h3>" in html and "<h4>Amounts</h4>" in html
    for url in [LIST, f"{LIST}?q=phd", faqs["phd"].get_absolute_url()]:
        check_anchors(client, url)


def test_links_to_the_old_unprefixed_anchors_still_land(client, faqs):
    make_term(term="PhD", slug="phd")
    script = "faqs/old-anchors.js"
    assert finders.find(script)
    for url, prefix in [(LIST, "q-"), (GLOSSARY, "term-")]:
        assert f'src="/static/{script}" data-anchor-prefix="{prefix}"' in page(client, url)


# Query budgets ---------------------------------------------------------------


def make_dataset(size):
    """`size` questions in three categories, each with sources and relations, terms, requirements."""
    categories = [make_category() for _ in range(3)]
    sources = [make_source(url="https://example.org/") for _ in range(2)]
    programs = [make_program(degree=Degree.PHD) for _ in range(2)]
    areas = [make_area() for _ in range(2)]
    careers = [make_career() for _ in range(2)]
    questions = []
    for n in range(size):
        question = make_question(
            category=categories[n % 3],
            level=[Degree.ANY, Degree.PHD, Degree.MASTERS][n % 3],
            answer=f"Deep learning answer {n}, about a PhD.",
            sources=sources,
        )
        question.related_programs.set(programs)
        question.related_areas.set(areas)
        question.related_careers.set(careers)
        question.related_questions.set(questions[-3:])
        questions.append(question)
        make_term(term=f"Glossary term {n}", sources=sources)
        make_requirement(kind=list(Requirement.Kind)[n % 8], level=Degree.PHD)
        make_requirement(program=programs[n % 2], level=Degree.PHD)
    return questions


PAGES = {
    "list": lambda qs: LIST,
    "list-filtered": lambda qs: f"{LIST}?category=nope&degree=phd&q=answer",
    "list-search": lambda qs: f"{LIST}?q=deep+learning+answers",
    "detail": lambda qs: qs[-1].get_absolute_url(),
    "requirements": lambda qs: REQUIREMENTS,
    "glossary": lambda qs: GLOSSARY,
}
# list: count, page, sources, glossary terms, category choices, category list (+1 lookup of
# the category filter, +1 for the search's candidates); detail: question, five prefetches,
# glossary terms, more in category; requirements: the general items, the first program rules
# of each level with their counts, and for the master's checklist,
# which has no general items here, its first programs, their count and its questions.
QUERIES = {
    "list": 5,
    "list-filtered": 7,
    "list-search": 6,
    "detail": 8,
    "requirements": 5,
    "glossary": 2,
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("size", [3, 30])
def test_query_count_does_not_grow_with_content(client, django_assert_num_queries, name, size):
    questions = make_dataset(size)
    url = PAGES[name](questions)
    with django_assert_num_queries(QUERIES[name]):
        response = client.get(url)
    assert response.status_code == 200
    assert b"Glossary term" in response.content or name not in {"glossary"}
