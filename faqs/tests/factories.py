"""Small make_* helpers for FAQ test data; each call makes unique slugs."""

import itertools

from core.models import Degree
from faqs.models import Category, GlossaryTerm, Question, Requirement
from programs.tests.factories import VERIFIED, make_source

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_category(**kwargs):
    n = _n()
    defaults = {"name": f"Category {n}", "slug": f"category-{n}", "order": n}
    return Category.objects.create(**{**defaults, **kwargs})


def make_question(sources=None, **kwargs):
    n = _n()
    defaults = {
        "question": f"Question number {n}?",
        "slug": f"question-{n}",
        "answer": f"Answer number {n}.",
        "level": Degree.ANY,
        "order": n,
        "last_verified": VERIFIED,
    }
    values = {**defaults, **kwargs}
    if "category" not in values:
        values["category"] = make_category()
    question = Question.objects.create(**values)
    question.sources.set(sources if sources is not None else [make_source()])
    return question


def make_term(sources=None, **kwargs):
    n = _n()
    defaults = {"term": f"Term{n}", "slug": f"term-{n}", "definition": f"Definition {n}."}
    term = GlossaryTerm.objects.create(**{**defaults, **kwargs})
    term.sources.set(sources if sources is not None else [make_source()])
    return term


def make_requirement(**kwargs):
    n = _n()
    defaults = {
        "title": f"Requirement {n}",
        "slug": f"requirement-{n}",
        "kind": Requirement.Kind.QUALIFICATIONS,
        "importance": Requirement.Importance.REQUIRED,
        "level": Degree.ANY,
        "order": n,
        "last_verified": VERIFIED,
    }
    values = {**defaults, **kwargs}
    if "source" not in values:
        values["source"] = make_source()
    return Requirement.objects.create(**values)
