"""Search terms, whole-word matching, ranking and highlighting: visitors' input is escaped."""

import re

import pytest

from core.search import (
    DOCUMENT_SEPARATOR,
    document_relevance,
    excerpt,
    fragments,
    highlight,
    parse_terms,
    relevance,
    stems,
    term_pattern,
)


def test_parse_terms_keeps_phrases_and_drops_duplicates():
    assert parse_terms('"research  fit" GPA gpa  ') == ["research fit", "GPA"]
    assert parse_terms('"unbalanced') == ["unbalanced"]
    assert parse_terms('""   ') == []
    assert parse_terms(None) == []


def test_highlight_escapes_everything_and_marks_matches():
    html = highlight("Use <b>PhD</b> & phd", ["phd"])
    assert html == "Use &lt;b&gt;<mark>PhD</mark>&lt;/b&gt; &amp; <mark>phd</mark>"


def test_highlight_escapes_hostile_terms():
    text = "a <script>alert(1)</script> b"
    html = highlight(text, ["<script>"])
    assert "<script>" not in html
    assert "<mark>&lt;script&gt;</mark>" in html


def test_highlight_treats_regex_characters_literally():
    assert highlight("100% of a_b (c)", ["%", "_", "(c)"]) == (
        "100<mark>%</mark> of a<mark>_</mark>b <mark>(c)</mark>"
    )


def test_highlight_without_terms_only_escapes():
    assert highlight("<i>x</i>", []) == "&lt;i&gt;x&lt;/i&gt;"


def test_excerpt_cuts_around_the_first_match_at_word_boundaries():
    text = (
        " ".join(f"word{i}" for i in range(100))
        + " target "
        + " ".join(f"tail{i}" for i in range(100))
    )
    html = excerpt(text, ["target"], length=80)
    assert html.startswith("… word") and html.endswith(" …")
    assert "<mark>target</mark>" in html
    assert len(html) < 140
    assert " wor " not in html  # no broken words


def test_excerpt_is_empty_when_nothing_matches():
    assert excerpt("nothing here", ["absent"]) == ""
    assert excerpt("nothing here", []) == ""


def test_short_text_excerpt_has_no_ellipsis():
    assert excerpt("A GPA above 3.5", ["gpa"]) == "A <mark>GPA</mark> above 3.5"


# Whole words -----------------------------------------------------------------


def matches(term, text):
    return [m.group() for m in re.finditer(term_pattern(term), text, re.IGNORECASE)]


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("gre", "A degree, a great idea, we agree; GRE scores.", ["GRE"]),
        ("gre", "Two GREs, the GRE's rules", ["GREs", "GRE's"]),
        ("master", "a master's, two masters, the Master of", ["master's", "masters", "Master"]),
        ("master", "a master’s (curly)", ["master’s"]),
        ("master", "mastery, remastered", []),
        ("masters", "a master's, two masters, the Master of", ["master's", "masters", "Master"]),
        ("master's", "a master’s and a masters", ["master’s", "masters"]),
        ("phd", "PhD, PhDs, Ph.D.", ["PhD", "PhDs"]),
        ("university", "universities, a university's, universe", ["universities", "university's"]),
        ("universities", "one university, two universities", ["university", "universities"]),
        ("class", "classes, a class, classic", ["classes", "class"]),
        ("funded", "self-funded, unfunded", ["funded"]),
        (
            "research fit",
            "research  fit, research fits, researchfit",
            ["research  fit", "research fits"],
        ),
        ("80%", "About 80% of them; 180% no", ["80%"]),
        ("is", "it is, I think, isn't, this", ["is"]),
    ],
)
def test_terms_match_whole_words_with_plurals_and_possessives(term, text, found):
    assert matches(term, text) == found


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("masters", ["masters", "master"]),
        ("master's", ["master's", "master"]),
        ("masters'", ["masters'", "masters", "master"]),
        ("universities", ["universities", "university"]),
        ("classes", ["classes", "class"]),
        ("process", ["process"]),
        ("gpas", ["gpas", "gpa"]),
        ("is", ["is"]),
        ("GRE", ["GRE"]),
    ],
)
def test_stems(word, expected):
    assert stems(word) == expected


@pytest.mark.parametrize(
    "term",
    [
        "gre",
        "master",
        "masters",
        "master's",
        "don't",
        "universities",
        "study",
        "research fit",
        "80%",
    ],
)
def test_fragments_are_in_every_match(term):
    """The database prefilter must never drop a question the word match would find."""
    text = (
        "GRE GREs master master's master’s masters don’t don't university universities "
        "study studies study's research fit research fits 80%"
    )
    found = matches(term, text)
    assert found
    for match in found:
        for fragment in fragments(term):
            assert fragment in match.casefold()


def test_fragments():
    assert fragments("master's") == ["master"]
    assert fragments("universities") == ["universit"]
    assert fragments("don't") == ["don"]
    assert fragments('"research fit"'.strip('"')) == ["research", "fit"]
    assert fragments("'") == []


def test_highlight_marks_whole_words_only():
    html = highlight("A degree is great; do I need the GRE?", ["gre"])
    assert html == "A degree is great; do I need the <mark>GRE</mark>?"
    html = highlight("A master's or two masters", ["masters"])
    assert html == "A <mark>master&#x27;s</mark> or two <mark>masters</mark>"


def test_relevance_ranks_question_then_short_answer_then_answer():
    question = relevance(["gre"], "Do I need the GRE?", "", "")
    short = relevance(["gre"], "Which tests?", "No GRE.", "")
    answer = relevance(["gre"], "Which tests?", "", "The GRE, and the GRE again.")
    assert question > short > answer > relevance(["gre"], "Which tests?", "", "The GRE.")
    assert relevance(["gre"], "Which degree is great?", "We agree.", "A degree.") is None
    # Every term must match somewhere.
    assert relevance(["gre", "mit"], "Do I need the GRE?", "", "") is None
    assert relevance(["gre", "mit"], "Do I need the GRE?", "", "Not at MIT.") == (1, 0, 1)


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("ML", "Research in machine learning"),
        ("ml", "An ML focus"),
        ("machine learning", "A strong ML group"),
        ("NLP", "Natural language processing and speech"),
        ("cv", "Computer vision"),
        ("RL", "Reinforcement learning for robots"),
        ("LLM", "Large language models"),
        ("llms", "Training LLMs"),
        ("EECS", "Electrical Engineering and Computer Science"),
        ("MCS", "Master of Computer Science (online)"),
        ("phd", "Ph.D. Programs in Machine Learning"),
        ("doctorate", "The PhD in ML"),
        ("masters", "Master's in Data Science"),
    ],
)
def test_short_forms_find_their_long_forms_and_back(term, text):
    assert relevance([term], text, "") is not None


@pytest.mark.parametrize(
    ("term", "text"),
    [("ml", "html and xml"), ("ai", "said and paid"), ("cv", "the cvxpy solver")],
)
def test_short_forms_still_match_whole_words_only(term, text):
    assert relevance([term], text, "") is None


def test_highlight_marks_the_long_form_of_a_short_form():
    assert highlight("Natural language processing", ["nlp"]) == (
        "<mark>Natural language processing</mark>"
    )


FIELDS = [
    ("Machine learning", "CMU", "Pittsburgh", "A doctorate in machine learning and statistics."),
    ("Vision", "", "learning", "Deep learning, learning theory; machine vision."),
    ("", "", "", ""),
    ("learning", "learning", "learning", "learning"),
    ("Robotics", "Statistics", "MIT", "Nothing about it here."),
]


@pytest.mark.parametrize("fields", FIELDS)
@pytest.mark.parametrize(
    "terms", [["learning"], ["machine", "learning"], ["vision"], ["statistic"], ["absent"]]
)
def test_a_search_document_scores_as_its_fields_do(fields, terms):
    document = DOCUMENT_SEPARATOR.join(fields)
    assert document_relevance(terms, document) == relevance(terms, *fields)
