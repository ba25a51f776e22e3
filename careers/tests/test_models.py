import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from careers.models import CareerPath, DegreeDemand, Figure, Skill, degree_comparison
from core.tests.db import violates
from programs.tests.factories import make_area, make_source

from .factories import (
    make_career,
    make_demand,
    make_employer,
    make_field,
    make_figure,
    make_sector,
    make_skill,
)

pytestmark = pytest.mark.django_db


def test_strings_and_urls():
    career = make_career(title="Data scientist", slug="data-scientist")
    sector = make_sector(name="Startups", slug="startups")
    skill = make_skill(name="Python", slug="python")
    figure = make_figure(label="Median pay", value=136620, career=career)
    demand = make_demand(degree="phd", title="Resilience")

    assert str(career) == "Data scientist"
    assert career.get_absolute_url() == "/careers/data-scientist/"
    assert str(sector) == "Startups"
    assert sector.get_absolute_url() == "/careers/?sector=startups"
    assert skill.get_absolute_url() == "/careers/?skill=python"
    assert str(figure) == "Median pay: $136,620"
    assert figure.get_absolute_url() == "/careers/data-scientist/"
    assert make_figure(career=None).get_absolute_url() == "/careers/"
    assert str(demand) == "PhD: Resilience"
    assert demand.get_absolute_url() == "/careers/phd-vs-masters/"
    assert str(make_employer(name="OpenAI")) == "OpenAI"
    assert str(make_field(name="Climate science")) == "Climate science"


def test_natural_keys_round_trip():
    career = make_career()
    figure = make_figure(career=career)
    demand = make_demand()
    assert CareerPath.objects.get_by_natural_key(*career.natural_key()) == career
    assert Figure.objects.get_by_natural_key(*figure.natural_key()) == figure
    assert DegreeDemand.objects.get_by_natural_key(*demand.natural_key()) == demand


@pytest.mark.parametrize(
    ("kind", "unit", "value", "qualifier", "expected"),
    [
        ("salary", "usd", Decimal("140000"), "about", "about $140,000"),
        ("salary", "usd", Decimal("136620.00"), "", "$136,620"),
        ("salary", "usd", Decimal("52.5"), "", "$52.50"),
        ("share", "percent", Decimal("80"), "", "80%"),
        ("growth", "percent", Decimal("23.50"), "", "23.5%"),
        ("count", "number", Decimal("10000"), "more-than", "more than 10,000"),
        ("count", "number", Decimal("3400"), "up-to", "up to 3,400"),
    ],
)
def test_figure_values_are_formatted_for_people(kind, unit, value, qualifier, expected):
    figure = make_figure(kind=kind, unit=unit, value=value, qualifier=qualifier)
    figure.refresh_from_db()
    assert figure.display_value == expected


def test_figure_when_says_where_the_year_comes_from():
    assert make_figure(year=2022).when == "2022"
    assert make_figure(year=2022, period="May 2022").when == "May 2022"
    undated = make_figure(year=2026, year_basis=Figure.YearBasis.RETRIEVED)
    assert undated.when == "undated; read in 2026"
    published = make_figure(year=2025, year_basis=Figure.YearBasis.PUBLISHED)
    assert published.when == "published 2025; no date given for the figure"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "salary", "unit": "usd", "value": -5}, "A salary must be more than zero."),
        ({"kind": "salary", "unit": "usd", "value": 0}, "A salary must be more than zero."),
        ({"kind": "share", "unit": "percent", "value": 120}, "between 0% and 100%"),
        ({"kind": "share", "unit": "percent", "value": -1}, "between 0% and 100%"),
        ({"kind": "growth", "unit": "percent", "value": -150}, "below -100%"),
        ({"kind": "count", "unit": "number", "value": -1}, "can't be negative"),
        ({"kind": "share", "unit": "usd", "value": 50}, "shares and growth in percent"),
        ({"year": 1850}, "between 1900 and 2100"),
        ({"year": 2150}, "between 1900 and 2100"),
    ],
)
def test_database_rejects_impossible_figures(overrides, message):
    constraint = next(
        c.name
        for c in Figure._meta.constraints
        if c.violation_error_message.replace("%%", "%").find(message) >= 0
    )
    figure = Figure(
        slug="bad",
        label="Bad",
        kind="salary",
        unit="usd",
        value=1,
        year=2024,
        source=make_source(),
        last_verified=datetime.date(2026, 1, 1),
    )
    for name, value in overrides.items():
        setattr(figure, name, value)
    with pytest.raises(ValidationError) as excinfo:
        figure.validate_constraints()
    assert message in str(excinfo.value)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        figure.save()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"value": -1}, "value", "A salary must be more than zero."),
        ({"kind": "share", "unit": "percent", "value": 101}, "value", "between 0 and 100"),
        ({"kind": "count", "unit": "number", "value": -3}, "value", "can't be negative"),
        ({"kind": "growth", "unit": "number", "value": 5}, "unit", "in percent"),
        ({"year": 3000}, "year", "less than or equal to 2100"),
        ({"is_headline": True}, "is_headline", "Only a figure about a role"),
    ],
)
def test_full_clean_gives_editors_field_messages(overrides, field, message):
    values = {"slug": "bad", "label": "Bad", "kind": "salary", "unit": "usd", "value": 1}
    figure = Figure(
        **{**values, "year": 2024, **overrides},
        source=make_source(),
        last_verified=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        figure.full_clean()
    assert message in " ".join(excinfo.value.message_dict[field])


def test_a_role_has_at_most_one_headline_figure():
    career = make_career()
    make_figure(career=career, is_headline=True)
    make_figure(career=career, is_headline=False)
    second = Figure(
        slug="second",
        label="Second",
        kind="salary",
        unit="usd",
        value=1,
        year=2024,
        career=career,
        is_headline=True,
        source=make_source(),
        last_verified=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError, match="already has a headline figure"):
        second.full_clean()
    one_headline = violates("careers_figure_one_headline_per_role", "careers_figure.career_id")
    with pytest.raises(IntegrityError, match=one_headline), transaction.atomic():
        second.save()
    # Another role can have its own headline.
    make_figure(career=make_career(), is_headline=True)


def test_headline_figure_with_and_without_prefetch():
    career = make_career()
    assert career.headline_figure is None
    make_figure(career=career, label="Other")
    headline = make_figure(career=career, label="Pay", is_headline=True)
    assert make_career().headline_figure is None
    assert career.headline_figure == headline
    prefetched = CareerPath.objects.with_headline().get(pk=career.pk)
    assert prefetched.headline_figures == [headline]
    assert prefetched.headline_figure == headline


def test_degree_demand_titles_are_unique_per_degree():
    make_demand(degree="phd", title="Resilience")
    make_demand(degree="masters", title="Resilience")
    duplicate = DegreeDemand(
        degree="phd", slug="again", kind="quality", title="Resilience", source=make_source()
    )
    with pytest.raises(ValidationError, match="already lists a demand with that title"):
        duplicate.full_clean()


def test_role_helpers():
    skills = [
        make_skill(name="Python", category=Skill.Category.PROGRAMMING),
        make_skill(name="Mentoring", category=Skill.Category.SOFT),
        make_skill(name="Linear algebra", category=Skill.Category.MATHEMATICS),
    ]
    career = make_career(
        skills=skills,
        areas=[make_area(name="Robotics"), make_area(name="Deep learning")],
        work="First paragraph.\n\nSecond paragraph.\n\n",
    )
    career = CareerPath.objects.for_detail().get(pk=career.pk)
    assert [(label, [s.name for s in group]) for label, group in career.skills_by_category()] == [
        ("Programming", ["Python"]),
        ("Mathematics and statistics", ["Linear algebra"]),
        ("Soft skills", ["Mentoring"]),
    ]
    assert career.research_areas_phrase == "Deep learning or Robotics"
    assert career.work_paragraphs == ["First paragraph.", "Second paragraph."]
    assert make_career().research_areas_phrase == ""


def test_program_degrees():
    assert make_career(degree="phd").program_degrees == ["phd"]
    assert make_career(degree="any").program_degrees == ["phd", "masters"]


def test_general_figures_are_those_of_the_roles_degree():
    phd = make_figure(degree="phd", label="PhDs a year")
    masters = make_figure(degree="masters", label="Master's pay")
    anyone = make_figure(degree="any", label="Everyone")
    career = make_career(degree="phd")
    make_figure(career=career, degree="phd", label="Role figure")
    assert list(career.general_figures()) == [anyone, phd]
    either = make_career(degree="any")
    assert set(either.general_figures()) == {phd, masters, anyone}


def test_degree_comparison_splits_roles_figures_and_demands():
    industry = make_sector(name="Industry")
    academia = make_sector(name="Academia")
    field = make_field(name="Healthcare")
    phd_role = make_career(title="Professor", degree="phd", sectors=[academia])
    masters_role = make_career(title="ML engineer", degree="masters", sectors=[industry])
    shared = make_career(title="Founder", degree="any", sectors=[industry], fields=[field])
    make_career(title="Hidden", degree="phd", is_published=False)
    phd_figure = make_figure(degree="phd", kind="count", unit="number", value=10000)
    curiosity = make_demand(degree="phd", title="Curiosity")
    foundations = make_demand(degree="masters", title="Foundations", kind="study")

    phd, masters = degree_comparison()
    assert phd.label == "PhD" and masters.label == "Master's"
    assert phd.exclusive_roles == [phd_role] and phd.shared_roles == [shared]
    assert masters.exclusive_roles == [masters_role] and masters.shared_roles == [shared]
    assert [s.name for s in phd.sectors] == ["Academia", "Industry"]
    assert [s.name for s in masters.sectors] == ["Industry"]
    assert phd.sector_links[0][1] == f"/careers/?degree=phd&sector={academia.slug}"
    assert phd.fields == [field] and masters.fields == [field]
    assert phd.figures == [phd_figure] and masters.figures == []
    assert phd.demands_by_kind() == [("Personal qualities", [curiosity])]
    assert masters.demands_by_kind() == [("What you study", [foundations])]
