"""The shipped fixtures load on an empty database, load again without duplicates,
and carry the seeds' facts with their sources."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from careers.models import (
    ApplicationField,
    CareerPath,
    DegreeDemand,
    Employer,
    Figure,
    Sector,
    Skill,
)
from conftest import FIXTURES
from core.tests.html_check import html_problems
from programs.models import Program, RankingCriterion

from .test_sections import render as render_sections

pytestmark = pytest.mark.django_db

CAREERS_MODELS = [CareerPath, Figure, Sector, Employer, Skill, ApplicationField, DegreeDemand]


@pytest.fixture
def loaded(site_content):
    """The shipped content (a shorter name for this module's many tests)."""


def test_careers_fixture_is_shipped():
    assert any(path.endswith("30_careers.json") for path in FIXTURES)


def test_the_seed_figures_carry_value_unit_year_and_source(loaded):
    salary = Figure.objects.get(slug="ml-phd-median-starting-salary")
    assert salary.value == Decimal("140000")
    assert salary.unit == Figure.Unit.USD
    assert salary.display_value == "about $140,000"
    assert salary.scope == "in tech hubs"
    assert salary.source.slug == "academicjobs-phd-jobs-ml"
    assert salary.year == 2026 and salary.year_basis == Figure.YearBasis.RETRIEVED
    assert salary.degree == "phd" and salary.is_key

    phds = Figure.objects.get(slug="ml-phds-awarded-each-year")
    assert (phds.display_value, phds.scope) == ("more than 10,000", "worldwide")
    industry = Figure.objects.get(slug="ml-phd-graduates-entering-industry")
    assert industry.display_value == "80%"
    assert industry.source.slug == "academicjobs-phd-jobs-ml"


def test_the_bls_figures(loaded):
    bls = {
        figure.slug: figure
        for figure in Figure.objects.filter(source__slug="bls-ooh-computer-research-scientists")
    }
    assert {slug: (f.display_value, f.when) for slug, f in bls.items()} == {
        "bls-research-scientists-median-pay": ("$136,620", "May 2022"),
        "bls-research-scientists-employment-growth": ("23%", "2022–32"),
        "bls-research-scientists-openings-per-year": ("about 3,400", "2022–32, projected"),
        "bls-research-scientists-jobs": ("36,500", "2022"),
    }
    role = CareerPath.objects.get(slug="computer-and-information-research-scientist")
    assert role.degree == "masters"
    assert role.degree_source.slug == "bls-ooh-computer-research-scientists"
    assert role.headline_figure.slug == "bls-research-scientists-median-pay"


def test_every_role_and_track_in_the_seeds(loaded):
    assert set(CareerPath.objects.values_list("slug", flat=True)) >= {
        "machine-learning-engineer",
        "data-scientist",
        "ai-research-scientist",
        "research-scientist-ai-lab",
        "professor",
        "ai-rd-leader",
        "ai-lead-specialized-field",
        "principal-scientist",
        "ai-startup-founder",
        "computer-and-information-research-scientist",
    }
    lab = CareerPath.objects.get(slug="research-scientist-ai-lab")
    assert {e.name for e in lab.employers.all()} == {
        "Google DeepMind",
        "OpenAI",
        "Meta AI",
        "Microsoft Research",
        "NVIDIA",
    }
    leader = CareerPath.objects.get(slug="ai-rd-leader")
    assert {e.name for e in leader.employers.all()} == {"Apple", "Tesla", "Amazon"}
    specialized = CareerPath.objects.get(slug="ai-lead-specialized-field")
    assert {f.slug for f in specialized.application_fields.all()} >= {
        "quantitative-finance",
        "biotechnology",
        "climate-science",
    }
    founder = CareerPath.objects.get(slug="ai-startup-founder")
    assert {f.slug for f in founder.application_fields.all()} == {
        "healthcare",
        "finance",
        "autonomous-systems",
    }
    assert {e.name for e in CareerPath.objects.get(slug="principal-scientist").employers.all()} == {
        "Meta"
    }


def test_seed_004_skills_and_seed_003_demands(loaded):
    seed_004_skills = {
        "python",
        "r",
        "scikit-learn",
        "keras",
        "linear-algebra",
        "calculus",
        "probability-theory",
        "problem-solving",
        "scientific-writing",
        "teamwork",
    }
    skills = Skill.objects.filter(slug__in=seed_004_skills)
    assert {s.slug for s in skills} == seed_004_skills
    assert {s.source.slug for s in skills} == {"academicjobs-phd-jobs-ml"}
    reality_check = DegreeDemand.objects.filter(degree="phd", kind="quality")
    assert {d.title for d in reality_check} == {
        "Curiosity",
        "Resilience",
        "Self-motivation",
        "Passion for research",
    }
    assert {d.source.slug for d in reality_check} == {"phd-advanced-ml-dl-article"}
    assert DegreeDemand.objects.filter(degree="masters").exists()


def test_every_loaded_object_passes_validation_and_names_a_source(loaded):
    # loaddata skips model validation; run it here so fixtures can't hold bad data.
    for model in CAREERS_MODELS:
        for obj in model.objects.all():
            obj.full_clean()
    for role in CareerPath.objects.prefetch_related("sources"):
        assert role.sources.all(), role
    for model in (Figure, Skill, Employer, DegreeDemand):
        assert not model.objects.filter(source__isnull=True).exists()
    assert not ApplicationField.objects.filter(sources=None).exists()


def test_fields_named_by_several_sources_show_each_of_them(client, loaded):
    def sources(slug):
        return {s.slug for s in ApplicationField.objects.get(slug=slug).sources.all()}

    # Seed 002 names them for founders, seed 004 for the demand behind ML PhD jobs.
    both = {"top-ml-masters-us-article", "academicjobs-phd-jobs-ml"}
    assert sources("healthcare") == sources("finance") == both
    assert "academicjobs-phd-jobs-ml" in sources("autonomous-vehicles")
    html = client.get(reverse("careers:detail", kwargs={"slug": "principal-scientist"}))
    fields = html.content.decode().split('id="fields-heading"')[1].split("</section>")[0]
    assert "Healthcare" in fields and "PhD Jobs in Machine Learning" in fields


def test_every_skill_appears_on_some_role_and_sectors_are_described(client, loaded):
    assert not Skill.objects.filter(careers=None).exists()
    keras = Skill.objects.get(slug="keras")
    assert "principal-scientist" in {role.slug for role in keras.careers.all()}
    html = client.get(reverse("careers:phd-vs-masters")).content.decode()
    for sector in Sector.objects.filter(careers__is_published=True).distinct():
        assert sector.description and escape(sector.description) in html


def test_every_page_renders_well_formed_with_the_real_data(client, loaded):
    urls = [reverse("careers:list"), reverse("careers:phd-vs-masters")]
    urls += [role.get_absolute_url() for role in CareerPath.objects.published()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_problems(response.content.decode()) == [], url
    lab = client.get(reverse("careers:detail", kwargs={"slug": "research-scientist-ai-lab"}))
    programs = lab.context["programs"]
    assert programs[0].slug == "cmu-phd-machine-learning"
    ml, ai = RankingCriterion.objects.in_use()
    assert (programs[0].best_rank(ml), programs[0].best_rank(ai)) == (1, 1)
    assert all(program.degree == "phd" for program in programs)


def test_every_program_page_section_renders_with_the_real_data(loaded):
    for program in Program.objects.published():
        assert "Where this degree leads" in render_sections(program)
    data_ms = Program.objects.get(slug="michigan-ms-data-science")
    html = render_sections(data_ms)
    assert "Data scientist" in html
    assert "Professor (tenure track)" not in html
