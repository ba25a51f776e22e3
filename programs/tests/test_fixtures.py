"""The shipped fixtures: every seed fact present, loadable twice, failing safely."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.base import DeserializationError

from conftest import FIXTURES
from conftest import content_counts as counts
from programs.models import (
    Attribute,
    Program,
    ProgramAttribute,
    ProgramFact,
    Ranking,
    RankingEntry,
    ResearchArea,
    Source,
    University,
)

pytestmark = pytest.mark.django_db


def test_every_fixture_uses_natural_keys():
    for path in FIXTURES:
        with open(path, encoding="utf-8") as fixture:
            objects = json.load(fixture)
        for obj in objects:
            assert "pk" not in obj, f"{path}: {obj['model']} carries a primary key"


def test_all_eleven_universities_with_locations(site_content):
    locations = {u.short_name: (u.city, u.state, u.region) for u in University.objects.all()}
    assert locations == {
        "CMU": ("Pittsburgh", "PA", "east-coast"),
        "UC Berkeley": ("Berkeley", "CA", "west-coast"),
        "Stanford": ("Stanford", "CA", "west-coast"),
        "MIT": ("Cambridge", "MA", "east-coast"),
        "Cornell": ("Ithaca", "NY", "east-coast"),
        "UCSD": ("La Jolla", "CA", "west-coast"),
        "UIUC": ("Urbana", "IL", "midwest"),
        "UCLA": ("Los Angeles", "CA", "west-coast"),
        "Georgia Tech": ("Atlanta", "GA", "south"),
        "UW": ("Seattle", "WA", "west-coast"),
        "Michigan": ("Ann Arbor", "MI", "midwest"),
    }
    assert not University.objects.filter(location_source=None).exists()


# Seed 000 and 001, row by row: (ML rank, university, AI rank, printed program name).
PHD_TABLE = [
    (1, "CMU", 1, "Ph.D. in Machine Learning"),
    (2, "UC Berkeley", 12, "Ph.D. in EECS"),
    (3, "Stanford", 3, "Ph.D. in Computer Science"),
    (4, "MIT", 5, "Ph.D. in EECS"),
    (5, "Cornell", 2, "Ph.D. in Computer Science"),
    (6, "UCSD", 12, "Ph.D. in Computer Science"),
    (7, "UIUC", 4, "Ph.D. in Computer Science"),
    (8, "UCLA", 8, "Ph.D. in Computer Science"),
    (9, "Georgia Tech", 9, "Ph.D. in Machine Learning"),
    (10, "UW", 6, "Ph.D. in Computer Science"),
]
MASTERS_TABLE = [
    (1, "CMU", 1, "Master of Science in Machine Learning"),
    (2, "UC Berkeley", 15, "Masters in Data Science, Masters in EECS"),
    (3, "Stanford", 3, "Masters of Science in Computer Science"),
    (4, "MIT", 5, "Master of Science in EECS"),
    (5, "Cornell", 2, "Masters in Computer Science"),
    (6, "UCSD", 12, "Masters in Computer Science"),
    (7, "Georgia Tech", 13, "Masters in Computer Science"),
    (8, "UW", 6, "Masters in Computer Science, Master of Science in Data Science"),
    (9, "UCLA", 7, "Masters of Science in Computer Science"),
    (10, "UIUC", 4, "Master of Science in Computer Science"),
]


@pytest.mark.parametrize(
    ("slug", "table"),
    [("towards-ai-phd-ml-2021", PHD_TABLE), ("towards-ai-masters-ml-2021", MASTERS_TABLE)],
)
def test_ranking_tables_exactly_as_published(site_content, slug, table):
    ranking = Ranking.objects.with_entries().get(slug=slug)
    assert (ranking.publisher, ranking.edition_year) == ("Towards AI", 2021)
    rows = [
        (
            row.rank("research-ml"),
            row.university.short_name,
            row.rank("research-ai"),
            row.published_name,
        )
        for row in ranking.rows()
    ]
    assert rows == table


def test_multi_program_rows_rank_every_program(site_content):
    for slug in ["berkeley-masters-data-science", "berkeley-masters-eecs"]:
        ranks = {
            e.criterion.slug: e.rank
            for e in RankingEntry.objects.filter(program__slug=slug).select_related("criterion")
        }
        assert ranks == {"research-ml": 2, "research-ai": 15}


def test_seed_programs_beyond_the_tables(site_content):
    for slug, name in [
        (
            "mit-ms-computation-design-optimization",
            "Master of Science in Computation for Design and Optimization",
        ),
        ("michigan-ms-data-science", "Master of Science in Data Science"),
        (
            "stanford-ms-computer-science-ai",
            "MS in Computer Science, Artificial Intelligence specialization",
        ),
    ]:
        program = Program.objects.get(slug=slug)
        assert program.name == name
        assert program.source.slug == "top-ml-masters-us-article"
    assert Program.objects.filter(degree="phd").count() == 11
    assert Program.objects.filter(degree="masters").count() == 19


def test_cmu_ms_profile_in_full(site_content):
    program = Program.objects.get(slug="cmu-ms-machine-learning")
    # Seed 001's length and CMU's own, side by side and marked as disagreeing.
    durations = {
        row.source.slug: (row.duration_display, row.disputed)
        for row in program.attributes.filter(attribute=Attribute.DURATION)
    }
    assert durations["towards-ai-masters-ml-2021"] == ("9–24 months", True)
    assert durations["cmu-ml-department"] == ("16–20 months", True)
    assert program.location == "Pittsburgh, Pennsylvania"
    assert program.core_course_list == [
        "Advanced machine learning",
        "Statistics",
        "Research",
        "Statistical machine learning",
        "Data analysis",
        "Artificial intelligence",
        "Data science",
    ]
    assert len(program.track_list) == 5
    assert set(program.focus_areas.values_list("slug", flat=True)) == {
        "machine-learning",
        "artificial-intelligence",
        "natural-language-processing",
        "computer-vision",
        "robotics",
        "deep-learning",
        "data-mining",
        "web-information-retrieval",
        "computer-science",
    }
    assert program.source.slug == "towards-ai-masters-ml-2021"


def test_disagreements_are_kept_with_their_sources(site_content):
    mit = ProgramFact.objects.get(program__slug="mit-ms-eecs", key="no-terminal-masters")
    uw = ProgramFact.objects.get(
        program__slug="uw-masters-computer-science", key="no-full-time-masters"
    )
    berkeley = ProgramFact.objects.get(
        program__slug="berkeley-masters-data-science", key="name-seed-002"
    )
    assert mit.contradicts_listing and mit.source.slug == "mit-eecs"
    assert uw.contradicts_listing and uw.source.slug == "uw-allen-school"
    assert "Machine Learning and Data Science" in berkeley.statement
    # The listings they contradict stay, with their own source.
    assert Program.objects.get(slug="mit-ms-eecs").source.slug == "towards-ai-masters-ml-2021"


@pytest.mark.parametrize(
    ("program", "needle", "source"),
    [
        ("cmu-ms-machine-learning", "16 months", "cmu-ml-department"),
        ("cmu-ms-machine-learning", "20 months", "cmu-ml-department"),
        ("cmu-ms-machine-learning", "requires an internship", "cmu-ml-department"),
        ("cmu-phd-machine-learning", "teaching assistant", "cmu-ml-department"),
        ("berkeley-masters-eecs", "GRE is neither required nor accepted", "berkeley-eecs"),
        ("stanford-ms-computer-science", "21 units", "stanford-bulletin"),
        ("mit-phd-eecs", "December 15", "mit-eecs"),
        ("cornell-phd-computer-science", "72 credits", "cornell-catalog"),
        ("cornell-masters-computer-science", "teaching-assistant", "cornell-catalog"),
        ("ucsd-phd-computer-science", "37 units", "ucsd-cse"),
        ("uiuc-mcs", "32 credit hours", "uiuc-siebel-school"),
        ("uiuc-mcs", "No GRE", "uiuc-siebel-school"),
        ("ucla-ms-computer-science", "Nine courses", "ucla-grad-2011"),
        ("ucla-phd-computer-science", "MS is normally required", "ucla-grad-2011"),
        ("georgia-tech-phd-machine-learning", "literature review", "georgia-tech-ml"),
        ("georgia-tech-phd-machine-learning", "directly from a bachelor", "georgia-tech-ml"),
        ("uw-phd-computer-science", "fully funded", "uw-allen-school"),
        ("uw-professional-masters-cse", "two years of experience", "uw-allen-school"),
        ("michigan-phd-cse", "five years of funding", "umich-cse-funding-slides"),
        ("michigan-ms-cse", "terminal MS/MSE", "umich-cse-guide-2021"),
    ],
)
def test_facts_md_is_loaded_with_its_sources(site_content, program, needle, source):
    # A fact is a sourced statement, or the words kept with the typed value it became.
    facts = [
        *ProgramFact.objects.filter(program__slug=program, statement__icontains=needle),
        *ProgramAttribute.objects.filter(program__slug=program, note__icontains=needle),
    ]
    from_source = [f for f in facts if f.source.slug == source]
    assert len(from_source) == 1
    assert str(from_source[0].last_verified) == "2026-11-22"


def test_dated_and_secondary_sources_carry_a_caveat(site_content):
    assert "may be dated" in Source.objects.get(slug="ucla-grad-2011").caveat
    assert "secondary" in Source.objects.get(slug="umich-cse-funding-slides").caveat


def test_frontier_research_topics(site_content):
    frontier = set(ResearchArea.objects.filter(is_frontier=True).values_list("slug", flat=True))
    assert frontier == {
        "foundation-models-llms",
        "ai-alignment-safety",
        "generative-ai",
        "reinforcement-learning",
        "ai-for-science",
    }


def test_a_broken_fixture_file_fails_clearly_and_loses_nothing(site_content, tmp_path):
    before = counts()
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "programs.program", "fields": {"name": "Half')
    with pytest.raises((DeserializationError, CommandError), match="broken"):
        call_command("loaddata", str(broken), verbosity=0)
    assert counts() == before


def test_a_fixture_with_a_bad_value_rolls_back_whole(site_content, tmp_path):
    before = counts()
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            [
                {
                    "model": "programs.researcharea",
                    "fields": {"name": "New area", "slug": "new-area"},
                },
                {
                    "model": "programs.rankingentry",
                    "fields": {
                        "ranking": ["towards-ai-phd-ml-2021"],
                        "criterion": ["research-ml"],
                        "program": ["no-such-program"],
                        "rank": 1,
                    },
                },
            ]
        )
    )
    with pytest.raises(DeserializationError, match="Problem installing fixture"):
        call_command("loaddata", str(bad), verbosity=0)
    assert counts() == before
