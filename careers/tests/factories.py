"""Small make_* helpers for careers test data; each call makes unique slugs."""

import itertools

from careers.models import (
    ApplicationField,
    CareerPath,
    DegreeDemand,
    Employer,
    Figure,
    Sector,
    Skill,
)
from core.models import Degree
from programs.tests.factories import VERIFIED, make_source

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_sector(**kwargs):
    n = _n()
    return Sector.objects.create(**{"name": f"Sector {n}", "slug": f"sector-{n}", **kwargs})


def make_employer(**kwargs):
    n = _n()
    values = {"name": f"Employer {n}", "slug": f"employer-{n}", "kind": "tech-company", **kwargs}
    if "source" not in values:
        values["source"] = make_source()
    return Employer.objects.create(**values)


def make_skill(**kwargs):
    n = _n()
    values = {"name": f"Skill {n}", "slug": f"skill-{n}", "category": "programming", **kwargs}
    if "source" not in values:
        values["source"] = make_source()
    return Skill.objects.create(**values)


def make_field(sources=None, **kwargs):
    n = _n()
    field = ApplicationField.objects.create(
        **{"name": f"Field {n}", "slug": f"field-{n}", **kwargs}
    )
    field.sources.set(sources if sources is not None else [make_source()])
    return field


def make_career(areas=(), sectors=(), skills=(), employers=(), fields=(), **kwargs):
    n = _n()
    values = {
        "title": f"Role {n}",
        "slug": f"role-{n}",
        "summary": f"Summary of role {n}.",
        "work": f"What role {n} does.",
        "degree": Degree.PHD,
        **kwargs,
    }
    if "degree_source" not in values:
        values["degree_source"] = make_source()
    career = CareerPath.objects.create(**values)
    career.sources.add(values["degree_source"])
    career.research_areas.set(areas)
    career.sectors.set(sectors)
    career.skills.set(skills)
    career.employers.set(employers)
    career.application_fields.set(fields)
    return career


def make_figure(**kwargs):
    n = _n()
    values = {
        "slug": f"figure-{n}",
        "label": f"Figure {n}",
        "kind": Figure.Kind.SALARY,
        "value": 140000,
        "unit": Figure.Unit.USD,
        "year": 2024,
        "last_verified": VERIFIED,
        **kwargs,
    }
    if "source" not in values:
        values["source"] = make_source()
    return Figure.objects.create(**values)


def make_demand(**kwargs):
    n = _n()
    values = {
        "degree": "phd",
        "slug": f"demand-{n}",
        "kind": DegreeDemand.Kind.QUALITY,
        "title": f"Demand {n}",
        "description": f"What demand {n} asks.",
        **kwargs,
    }
    if "source" not in values:
        values["source"] = make_source()
    return DegreeDemand.objects.create(**values)
