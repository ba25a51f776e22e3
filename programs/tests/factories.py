"""Small make_* helpers for test data; each call makes unique slugs."""

import datetime
import itertools
from contextlib import contextmanager

from django.test import TestCase

from core import batching
from programs.models import (
    Attribute,
    Degree,
    Program,
    ProgramAttribute,
    Ranking,
    RankingCriterion,
    RankingEntry,
    Region,
    ResearchArea,
    Source,
    University,
)

_counter = itertools.count(1)
VERIFIED = datetime.date(2026, 11, 22)


def _n():
    return next(_counter)


@contextmanager
def rebuilt_once():
    """Derived rows (ranks, stored orders, search documents) worked out once, when the
    block ends, as an import's commit does, not at every change: each rebuild reads every
    program, so a large catalogue made change by change would take quadratic time."""
    at_once, batching.AT_ONCE = batching.AT_ONCE, False
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        batching.AT_ONCE = at_once


def make_source(**kwargs):
    n = _n()
    defaults = {"slug": f"source-{n}", "title": f"Source {n}", "publisher": "Publisher"}
    return Source.objects.create(**{**defaults, **kwargs})


def make_university(**kwargs):
    n = _n()
    defaults = {
        "name": f"University {n}",
        "short_name": f"U{n}",
        "slug": f"university-{n}",
        "city": "Springfield",
        "state": "IL",
        "region": Region.MIDWEST,
    }
    return University.objects.create(**{**defaults, **kwargs})


def make_area(**kwargs):
    n = _n()
    defaults = {"name": f"Area {n}", "slug": f"area-{n}"}
    return ResearchArea.objects.create(**{**defaults, **kwargs})


def make_program(areas=(), **kwargs):
    n = _n()
    defaults = {
        "name": f"Program {n}",
        "slug": f"program-{n}",
        "degree": Degree.PHD,
        "kind": Program.Kind.DEDICATED_ML,
        "last_verified": VERIFIED,
    }
    values = {**defaults, **kwargs}
    # Build related defaults only when the caller didn't pass them.
    if "university" not in values:
        values["university"] = make_university()
    if "source" not in values:
        values["source"] = make_source()
    program = Program.objects.create(**values)
    if areas:
        program.focus_areas.set(areas)
    return program


# A complete value for each attribute: tests override what they are about.
ATTRIBUTE_VALUES = {
    Attribute.EARLY_DEADLINE: {"date": datetime.date(2025, 11, 19), "cycle": "Fall 2026 entry"},
    Attribute.DEADLINE: {"date": datetime.date(2025, 12, 10), "cycle": "Fall 2026 entry"},
    Attribute.APPLICATION_FEE: {"amount": 100},
    Attribute.TUITION: {"amount": 50000, "period": "year", "cycle": "2025–26"},
    Attribute.FUNDING: {"funding": "guaranteed"},
    Attribute.GRE: {"test_policy": "not-considered"},
    Attribute.ENGLISH_TEST: {"test_policy": "required", "toefl_minimum": 100},
    Attribute.DURATION: {"duration_min": 5, "duration_max": 7, "duration_unit": "years"},
    Attribute.FORMAT: {"pace": "full-time", "delivery": "on-campus"},
    Attribute.PATHWAY: {"pathway": "terminal"},
    Attribute.ADMISSIONS_PAGE: {"url": "https://example.edu/apply"},
    Attribute.APPLICANTS: {"number": 2000},
    Attribute.ADMITS: {"number": 50},
    Attribute.CLASS_SIZE: {"number": 10, "number_high": 15},
    Attribute.ACCEPTANCE_RATE: {"number": 25, "number_high": 30},
}


def make_attribute(program, attribute, source=None, **values):
    """A typed value of `program`, complete unless `values` say otherwise."""
    return ProgramAttribute.objects.create(
        program=program,
        attribute=attribute,
        source=source or make_source(),
        **{"last_verified": VERIFIED, **ATTRIBUTE_VALUES[Attribute(attribute)], **values},
    )


def make_criterion(slug="research-ml", **kwargs):
    defaults = {"name": f"Criterion {slug}", "short_name": slug.upper(), "order": _n()}
    criterion, _ = RankingCriterion.objects.get_or_create(
        slug=slug, defaults={**defaults, **kwargs}
    )
    return criterion


def make_ranking(**kwargs):
    n = _n()
    defaults = {
        "title": f"Ranking {n}",
        "slug": f"ranking-{n}",
        "publisher": "Publisher",
        "edition_year": 2021,
        "degree": Degree.PHD,
    }
    values = {**defaults, **kwargs}
    if "source" not in values:
        values["source"] = make_source()
    return Ranking.objects.create(**values)


def make_entry(ranking, program, rank, criterion=None, **kwargs):
    criterion = criterion or make_criterion()
    return RankingEntry.objects.create(
        ranking=ranking, program=program, criterion=criterion, rank=rank, **kwargs
    )


def make_fact(program, **kwargs):
    """A fact about `program`, from its listing source, checked when the program was."""
    defaults = {
        "key": "k",
        "topic": "funding",
        "statement": "Funded.",
        "source": program.source,
        "last_verified": program.last_verified,
    }
    return program.facts.create(**{**defaults, **kwargs})
