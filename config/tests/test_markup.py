"""Rendered pages keep to the strict CSP's rules for markup (no inline styles or scripts),
the admin's sign-in page has a heading, and the trimmed Bootstrap keeps every class a page
uses."""

import os
import re
from pathlib import Path

import bootstrap
import crispy_bootstrap5
import pytest
from django.conf import settings
from django.urls import reverse

from careers.models import CareerPath
from faqs.models import Question
from programs.models import Program, Ranking, University

pytestmark = pytest.mark.django_db

INLINE_STYLE = re.compile(r"<[^>]*\sstyle\s*=|<style[\s>]", re.I)
# A <script> with no src runs inline; JSON-LD (data, never run) is the one exception.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)


def page_of_every_type():
    yield reverse("home")
    yield reverse("programs:list")
    yield reverse("programs:list") + "?degree=phd&funded=on&view=table"
    yield reverse("programs:list") + "?degree=nope&page=abc"
    yield reverse("programs:compare") + "?p=cmu-phd-machine-learning&p=mit-ms-eecs"
    yield reverse("programs:shortlist")
    yield reverse("programs:shortlist-shared") + "?p=cmu-phd-machine-learning&p=mit-ms-eecs"
    yield reverse("programs:university-list")
    yield reverse("programs:ranking-list")
    yield reverse("careers:list")
    yield reverse("careers:phd-vs-masters")
    yield reverse("faqs:list")
    yield reverse("faqs:requirements")
    yield reverse("faqs:glossary")
    yield reverse("data")
    yield reverse("about-data")
    yield "/no-such-page/"
    yield reverse("admin:login")
    for model in (Program, University, Ranking, CareerPath, Question):
        yield model.objects.published().first().get_absolute_url().split("#")[0]


def test_the_checks_catch_what_they_claim_to():
    assert INLINE_STYLE.search('<p class="x" style="color:red">')
    assert INLINE_STYLE.search("<style>p{}</style>")
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert not INLINE_SCRIPT.search('<script type="application/ld+json">{}</script>')
    assert not INLINE_STYLE.search('<link rel="stylesheet" href="/static/css/site.css">')


def test_no_page_has_an_inline_style_or_script(site_content, client):
    client.post(reverse("programs:shortlist-change"), {"add": "cmu-phd-machine-learning"})
    checked = 0
    for url in page_of_every_type():
        html = client.get(url).content.decode()
        assert not INLINE_STYLE.search(html), url
        assert not INLINE_SCRIPT.search(html), url
        checked += 1
    assert checked >= 20


def test_the_admin_sign_in_page_has_a_heading(client):
    html = client.get(reverse("admin:login")).content.decode()
    assert re.search(r"<h1[^>]*>Editors: sign in</h1>", html)


# ---- Bootstrap, trimmed to what we use ------------------------------------------------------
# base.html links static/css/bootstrap.css: Bootstrap's own file less the rules for classes no
# template, form layout or Python source of ours names (93% of it, most of a phone's style
# and layout time). Rebuild it after a Bootstrap upgrade or when a test below names a class:
#   REBUILD_BOOTSTRAP=1 pytest config/tests/test_markup.py -k bootstrap
SOURCE_CSS = Path(bootstrap.__file__).parent / "static/bootstrap/css/bootstrap.min.css"
TRIMMED_CSS = Path(settings.BASE_DIR) / "static/css/bootstrap.css"
# Classes built in templates from a value, e.g. alert-{{ message.tags }}.
BUILT_PREFIXES = ("alert-",)
CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")


def words_we_write():
    """Every word in our templates, crispy's Bootstrap 5 templates and our Python: a class
    we use is one of them (over-inclusive on purpose: a stray word only keeps a rule)."""
    roots = [Path(settings.BASE_DIR), Path(crispy_bootstrap5.__file__).parent / "templates"]
    words = set()
    for root in roots:
        for path in [*root.rglob("*.html"), *root.rglob("*.py"), *root.rglob("*.js")]:
            if not {".venv", "node_modules", "staticfiles"} & set(path.parts):
                words.update(re.findall(r"[\w-]+", path.read_text(errors="ignore")))
    return words


def css_blocks(css):
    """Top-level (prelude, body) pairs of a minified style sheet; body None for `@x ...;`."""
    blocks, depth, start, prelude, quote = [], 0, 0, "", None
    for i, char in enumerate(css):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == ";" and depth == 0:
            blocks.append((css[start:i].strip(), None))
            start = i + 1
        elif char == "{":
            if depth == 0:
                prelude, start = css[start:i].strip(), i + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((prelude, css[start:i]))
                start = i + 1
    return blocks


def split_selectors(selectors):
    parts, depth, start = [], 0, 0
    for i, char in enumerate(selectors):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(selectors[start:i])
            start = i + 1
    return [*parts, selectors[start:]]


def trim(css, used):
    def keep(selector):
        # A class inside :not() need not be used for the rule to apply.
        bare = re.sub(r":not\([^)]*\)", "", selector)
        return all(name in used or name.startswith(BUILT_PREFIXES) for name in CLASS.findall(bare))

    out = []
    for prelude, body in css_blocks(css):
        if body is None:
            out.append(prelude + ";")
        elif prelude.startswith("@media"):
            inner = trim(body, used)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@keyframes"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s for s in split_selectors(prelude) if keep(s)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def trimmed_bootstrap():
    css = SOURCE_CSS.read_text()
    banner = css[css.index("/*!") : css.index("*/") + 2]
    # Comments out (the source map's too: the map is not shipped), then rules we never use.
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S).replace('@charset "UTF-8";', "")
    blocks = css_blocks(trim(body, words_we_write()))
    rules = "".join(f"{p}{{{b}}}" for p, b in blocks if b and not p.startswith("@keyframes"))
    # An animation stays if a kept rule names it.
    kept = "".join(
        prelude + ";" if block is None else f"{prelude}{{{block}}}"
        for prelude, block in blocks
        if not prelude.startswith("@keyframes") or prelude.split()[1] in rules
    )
    return (
        f'@charset "UTF-8";{banner}\n'
        "/* Trimmed to the classes Gradient uses: config/tests/test_markup.py */\n"
        f"{kept}\n"
    )


def test_the_trimmed_bootstrap_is_up_to_date():
    expected = trimmed_bootstrap()
    if os.environ.get("REBUILD_BOOTSTRAP"):
        TRIMMED_CSS.write_text(expected)
    assert TRIMMED_CSS.read_text() == expected, (
        "static/css/bootstrap.css is stale: REBUILD_BOOTSTRAP=1 pytest "
        "config/tests/test_markup.py -k bootstrap"
    )


def test_the_trimmer_keeps_what_a_page_uses_and_drops_the_rest():
    css = ".a{x:1}.b,.a .c{y:2}@media (min-width:1px){.c{z:3}.a:not(.d){w:4}}p{v:5}"
    assert trim(css, {"a"}) == ".a{x:1}@media (min-width:1px){.a:not(.d){w:4}}p{v:5}"


def rule_selectors(css, media=""):
    """(media query, selector) for every rule of a style sheet."""
    found = set()
    for prelude, body in css_blocks(re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        if body is None or prelude.startswith("@keyframes"):
            continue
        if prelude.startswith("@media"):
            found |= rule_selectors(body, prelude)
        else:
            found |= {(media, selector) for selector in split_selectors(prelude)}
    return found


def test_every_bootstrap_rule_a_page_uses_is_kept(site_content, client):
    """A class a page names whose Bootstrap rules the trimmed copy lacks would render
    unstyled there: the trimmed file must be rebuilt."""
    client.post(reverse("programs:shortlist-change"), {"add": "cmu-phd-machine-learning"})
    classes = set()
    for url in page_of_every_type():
        html = client.get(url).content.decode()
        for attribute in re.findall(r'class="([^"]*)"', html):
            classes.update(attribute.split())
    needed = rule_selectors(trim(SOURCE_CSS.read_text(), classes))
    missing = sorted(needed - rule_selectors(TRIMMED_CSS.read_text()))
    assert not missing, f"rebuild static/css/bootstrap.css; missing {missing[:10]}"
