"""Rendered pages keep to the strict CSP's rules for markup (no inline styles or scripts),
the admin's sign-in page has a heading, and the trimmed Bootstrap keeps every class a page
uses."""

import re

import pytest
from django.urls import reverse

from careers.models import CareerPath
from core.csstrim import rule_selectors, trim
from core.management.commands.trimbootstrap import SOURCE_CSS, TRIMMED_CSS, trimmed_bootstrap
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


# ---- Bootstrap, trimmed to what we use (manage.py trimbootstrap) ----------------------------
def test_the_trimmed_bootstrap_is_up_to_date():
    assert TRIMMED_CSS.read_text() == trimmed_bootstrap(), (
        "static/css/bootstrap.css is stale: run manage.py trimbootstrap"
    )


def test_the_trimmer_keeps_what_a_page_uses_and_drops_the_rest():
    css = ".a{x:1}.b,.a .c{y:2}@media (min-width:1px){.c{z:3}.a:not(.d){w:4}}p{v:5}"
    assert trim(css, {"a"}) == ".a{x:1}@media (min-width:1px){.a:not(.d){w:4}}p{v:5}"


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
    assert not missing, f"run manage.py trimbootstrap; missing {missing[:10]}"
