"""Search terms and highlighting: visitors' input is always escaped."""

from faqs.search import excerpt, highlight, parse_terms


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
