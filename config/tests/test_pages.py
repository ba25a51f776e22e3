"""Every public page's address, for the crawl in test_published.py; the error pages."""

import pytest
from django.urls import reverse

from careers.models import CareerPath
from core.tests.html_check import html_problems
from faqs.models import Question
from programs.models import Program, Ranking, University

pytestmark = pytest.mark.django_db


def every_public_url():
    yield reverse("home")
    yield reverse("programs:list")
    yield reverse("programs:list") + "?degree=phd&sort=research-ai&area=machine-learning"
    yield reverse("programs:list") + "?degree=nope&page=abc"
    yield reverse("programs:compare") + "?p=cmu-phd-machine-learning&p=mit-ms-eecs&p=%00"
    yield reverse("programs:university-list")
    yield reverse("programs:ranking-list")
    yield reverse("careers:list")
    yield reverse("careers:list") + "?q=research&sector=nope"
    yield reverse("careers:phd-vs-masters")
    yield reverse("faqs:list")
    yield reverse("faqs:list") + "?q=gre"
    yield reverse("faqs:requirements")
    yield reverse("faqs:glossary")
    yield reverse("programs:shortlist")
    yield reverse("programs:shortlist-shared") + "?p=cmu-phd-machine-learning&p=nope&p=mit-ms-eecs"
    yield reverse("data")
    yield reverse("about-data")
    for model in (Program, University, Ranking, CareerPath, Question):
        manager = (
            model.objects.published() if hasattr(model.objects, "published") else model.objects
        )
        for obj in manager.all():
            yield obj.get_absolute_url().split("#")[0]


def test_the_404_page_is_sound_html(client):
    response = client.get("/programs/no-such-program/")
    assert response.status_code == 404
    assert html_problems(response.content.decode()) == []


def test_the_checker_catches_what_it_claims_to():
    bad = '<h1>a</h1><input id="x" name="q"><a href="#nope">x</a><div id="d"></div><p id="d"><span></p>'
    problems = html_problems(bad)
    assert "form control x has no label" in problems
    assert "link to #nope lands nowhere" in problems
    assert "duplicate id 'd'" in problems
    assert any("unexpected </p>" in p for p in problems)
    good = '<h1>a</h1><label for="x">Q</label><input id="x"><label>Y <select name="s"></select></label><a href="#x">x</a>'
    assert html_problems(good) == []


def test_the_500_page_stands_alone():
    """No static files, URL tags or includes: it renders even when those are what broke."""
    from django.template.loader import get_template

    source = get_template("500.html").template.source
    assert "{% static" not in source and "{% url" not in source and "{% include" not in source
    assert "{% extends" not in source
    assert "<h1>" in get_template("500.html").render({})
