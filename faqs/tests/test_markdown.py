"""Markdown rendering, sanitizing and glossary links: what editors type must come out inert."""

import re

import pytest

from core.markdown import demote_headings, plain_text, render_markdown
from faqs.glossary import GlossaryLinker

XSS_ATTEMPTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#09;script:alert(1))",
    "[click](  javascript:alert(1))",
    '<a href="javascript:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    "<img src=x onerror=alert(1)>",
    '<p onclick="alert(1)">para</p>',
    '<a href="https://ok.example" onmouseover="alert(1)">ok</a>',
    "<svg onload=alert(1)><circle /></svg>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    '<object data="https://evil.example/x.swf"></object>',
    "![x](https://evil.example/pixel.png)",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<!-- <script>alert(1)</script> -->",
    '<form action="https://evil.example"><input name=x></form>',
]


@pytest.mark.parametrize("attempt", XSS_ATTEMPTS)
def test_xss_attempts_come_out_inert(attempt):
    html = render_markdown(f"Before.\n\n{attempt}\n\nAfter.").lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert "data:" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "onmouseover" not in html and "onload" not in html
    assert "<img" not in html and "<iframe" not in html and "<svg" not in html
    assert "<style" not in html and "<object" not in html and "<form" not in html
    assert "style=" not in html
    assert "alert(1)" not in html and "evil.example" not in html
    assert "before." in html and "after." in html


def test_script_content_is_dropped_not_shown():
    assert render_markdown("<script>alert('hi')</script>Safe") == "<p>Safe</p>"


def test_dangerous_link_keeps_its_text_but_loses_its_address():
    html = render_markdown("[click me](javascript:alert(1))")
    assert "click me" in html
    assert "href" not in html


def test_safe_markdown_survives():
    html = render_markdown(
        "Some **bold** and *italic* text with [a link](https://example.org/x?a=1&b=2), "
        "[mail](mailto:team@example.org) and [a page](/faqs/glossary/).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n"
        "| Program | Units |\n|:--|--:|\n| MS | 45 |\n\n"
        "```\ncode <b>here</b>\n```\n\n> quoted\n"
    )
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert (
        '<a href="https://example.org/x?a=1&amp;b=2" rel="noopener noreferrer">a link</a>' in html
    )
    assert 'href="mailto:team@example.org"' in html
    assert 'href="/faqs/glossary/"' in html
    assert "<ul>" in html and "<ol>" in html and "<li>two</li>" in html
    assert '<th align="left">Program</th>' in html and '<td align="right">45</td>' in html
    assert "<pre><code>code &lt;b&gt;here&lt;/b&gt;" in html
    assert "<blockquote>" in html


def test_headings_start_below_the_page_heading():
    html = render_markdown("# One\n\n## Two\n\n### Three\n\n###### Six")
    assert "<h1" not in html and "<h2" not in html
    assert "<h3>One</h3>" in html and "<h3>Two</h3>" in html
    assert "<h4>Three</h4>" in html and "<h6>Six</h6>" in html


def test_headings_can_be_moved_below_a_deeper_heading():
    html = render_markdown("## Two\n\n### Three `<h3>`\n\n`<h4>`\n\n###### Six")
    assert demote_headings(html, 3) == html
    assert demote_headings(html, 5) == (
        "<h5>Two</h5>\n<h6>Three <code>&lt;h3&gt;</code></h6>\n<p><code>&lt;h4&gt;</code></p>\n<h6>Six</h6>"
    )
    assert demote_headings("", 5) == ""


def test_empty_source_renders_empty():
    assert render_markdown("") == ""


def test_plain_text_unescapes_and_separates_blocks():
    html = render_markdown("A &amp; B\n\n- one\n- two\n\n<script>x</script>")
    assert plain_text(html) == "A & B one two"


# Glossary links --------------------------------------------------------------


def linker():
    return GlossaryLinker(
        [
            (["Machine learning", "ML"], "/faqs/glossary/#machine-learning"),
            (["Deep learning"], "/faqs/glossary/#deep-learning"),
            (["PhD", "Doctor of Philosophy"], "/faqs/glossary/#phd"),
            (["Supervised learning"], "/faqs/glossary/#supervised-learning"),
            (["Unsupervised learning"], "/faqs/glossary/#unsupervised-learning"),
        ]
    )


def link(html):
    return linker().link(html)


def test_links_only_the_first_occurrence_of_a_term():
    html = link("<p>Machine learning is fun. More machine learning.</p><p>ML again.</p>")
    assert html.count('href="/faqs/glossary/#machine-learning"') == 1
    assert html.startswith(
        '<p><a href="/faqs/glossary/#machine-learning" class="glossary-link">Machine learning</a>'
    )
    assert "More machine learning." in html and "ML again." in html


def test_matching_ignores_case_except_for_acronyms():
    assert "#deep-learning" in link("<p>DEEP LEARNING rocks</p>")
    assert "#phd" in link("<p>two PhDs</p>")
    assert "#phd" not in link("<p>phd in lower case</p>")
    assert "#machine-learning" not in link("<p>the ml package</p>")


def test_whole_words_only():
    html = link("<p>HTML and XML, ml.cmu.edu, semi-supervised learning, PhDeep</p>")
    assert "glossary-link" not in html


def test_longest_phrase_wins():
    html = link("<p>Unsupervised learning, then supervised learning.</p>")
    assert '#unsupervised-learning" class="glossary-link">Unsupervised learning</a>' in html
    assert '#supervised-learning" class="glossary-link">supervised learning</a>' in html


def test_never_inside_links_code_or_headings():
    html = link(
        '<h3>Machine learning</h3><p><a href="/x">PhD</a> <code>deep learning</code></p>'
        "<pre>Machine learning</pre><p>A PhD in deep learning</p>"
    )
    assert "<h3>Machine learning</h3>" in html
    assert '<a href="/x">PhD</a>' in html
    assert "<code>deep learning</code>" in html
    assert "<pre>Machine learning</pre>" in html
    assert '<p>A <a href="/faqs/glossary/#phd" class="glossary-link">PhD</a> in ' in html
    assert '#deep-learning" class="glossary-link">deep learning</a></p>' in html


def test_attributes_and_entities_are_left_alone():
    source = '<p><a href="https://x.example" title="PhD &amp; ML">site</a> Q&amp;A on ML &lt;3</p>'
    html = link(source)
    assert 'title="PhD &amp; ML"' in html
    assert "Q&amp;A on " in html and "&lt;3" in html
    assert '#machine-learning" class="glossary-link">ML</a>' in html


def test_alias_and_name_share_one_link():
    html = link("<p>A Doctor of Philosophy, or PhD.</p>")
    assert html.count("#phd") == 1
    assert '<a href="/faqs/glossary/#phd" class="glossary-link">Doctor of Philosophy</a>' in html


def test_skip_url_is_never_linked():
    html = linker().link(
        "<p>Deep learning uses machine learning.</p>", skip_url="/faqs/glossary/#deep-learning"
    )
    assert "#deep-learning" not in html
    assert "#machine-learning" in html


def test_linking_sanitized_answer_stays_safe():
    hostile = render_markdown("Machine learning <img src=x onerror=alert(1)> [x](javascript:y)")
    html = link(hostile)
    assert "onerror" not in html and "javascript:" not in html
    assert "glossary-link" in html


def test_url_is_escaped_and_empty_linker_is_a_no_op():
    html = GlossaryLinker([(["term"], '/g/#a"b')]).link("<p>term</p>")
    assert 'href="/g/#a&quot;b"' in html
    empty = GlossaryLinker([])
    assert not empty
    assert empty.link("<p>text</p>") == "<p>text</p>"


# Degree and department acronyms ------------------------------------------------


def degree_linker():
    return GlossaryLinker(
        [
            (
                [
                    "EECS",
                    "Electrical Engineering and Computer Science",
                    "Electrical Engineering and Computer Sciences",
                ],
                "/faqs/glossary/#eecs",
            ),
            (["CSE", "Computer Science and Engineering"], "/faqs/glossary/#cse"),
            (["MS/MSE"], "/faqs/glossary/#ms-mse"),
            (["SM"], "/faqs/glossary/#sm"),
            (["MEng", "Master of Engineering"], "/faqs/glossary/#meng"),
            (["MCS", "Master of Computer Science"], "/faqs/glossary/#mcs"),
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        "eecs and cse in lower case",
        "eecs.berkeley.edu and cse.ucsd.edu",
        "https://www.eecs.mit.edu/",
        "BEECS, EECSX, UCSDCSE, SMS, MEngineering, MCSE",
        "EECS-affiliated labs and CSE-wide rules",
        "berkeley-eecs and umich-cse",
        "an MS, the MSE loss, MS/ME, MSE/MS",
        "Ms. Smith, the sm package, meng",
        "@EECS #CSE",
    ],
)
def test_degree_acronyms_link_only_as_whole_case_sensitive_words(text):
    assert "glossary-link" not in degree_linker().link(f"<p>{text}</p>")


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Berkeley EECS admits to the MS.", "EECS"),
        ("MIT EECS's doctoral students", "EECS"),
        ("A PhD in CSE (at Michigan)", "CSE"),
        ("Michigan's MS/MSE, a terminal degree", "MS/MSE"),
        ("PhD students earn an SM on the way.", "SM"),
        ("Cornell's MEng is self-funded.", "MEng"),
        ("UIUC's MCS: coursework only.", "MCS"),
        (
            "Electrical Engineering and Computer Sciences at Berkeley",
            "Electrical Engineering and Computer Sciences",
        ),
    ],
)
def test_degree_acronyms_link_as_whole_words(text, linked):
    html = degree_linker().link(f"<p>{text}</p>")
    assert html.count("glossary-link") == 1
    assert f'class="glossary-link">{linked}</a>' in html
    assert plain_text(html) == text


@pytest.mark.parametrize(
    "name",
    [
        "MS/MSE in Computer Science and Engineering",
        "Master of Science in EECS",
        "Master's in EECS",
        "PhD in Electrical Engineering and Computer Science",
        "Master of Computer Science (MCS)",
        "Master of Engineering in Computer Science",
        "Professional Master's Program in Computer Science &amp; Engineering",
    ],
)
def test_program_names_keep_their_text_when_terms_inside_are_linked(name):
    source = f"<p>The “{name}” program, then the {name} again.</p>"
    html = degree_linker().link(source)
    assert plain_text(html) == plain_text(source)
    # Links never nest or split a word: every link holds a whole term.
    for inner in re.findall(r'class="glossary-link">([^<]*)</a>', html):
        assert inner in {
            "MS/MSE",
            "Computer Science and Engineering",
            "EECS",
            "Electrical Engineering and Computer Science",
            "MCS",
            "Master of Computer Science",
            "Master of Engineering",
        }
    assert "<a" not in html.split('class="glossary-link">', 1)[-1].split("</a>", 1)[0]


def test_ms_mse_links_whole_and_never_as_ms_or_mse():
    html = degree_linker().link("<p>The MS/MSE in CSE.</p>")
    assert '<a href="/faqs/glossary/#ms-mse" class="glossary-link">MS/MSE</a>' in html
    assert '<a href="/faqs/glossary/#cse" class="glossary-link">CSE</a>' in html
