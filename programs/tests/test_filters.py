import pytest

from programs.filters import ProgramFilter
from programs.models import Degree, Program, RankingCriterion, Region

from .factories import (
    make_area,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
    make_university,
)

pytestmark = pytest.mark.django_db


def results(**params):
    filterset = ProgramFilter(data=params, queryset=Program.objects.published())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def test_degree():
    phd, masters = make_program(degree=Degree.PHD), make_program(degree=Degree.MASTERS)
    assert results(degree="phd") == [phd]
    assert results(degree="masters") == [masters]


def test_region_state_and_university():
    west = make_program(
        university=make_university(region=Region.WEST_COAST, state="CA", slug="ucla")
    )
    east = make_program(university=make_university(region=Region.EAST_COAST, state="PA"))
    assert results(region="west-coast") == [west]
    assert results(state="PA") == [east]
    assert results(university="ucla") == [west]


def test_kind():
    dedicated = make_program(kind=Program.Kind.DEDICATED_ML)
    make_program(kind=Program.Kind.DATA_SCIENCE)
    assert results(kind="dedicated-ml") == [dedicated]


def test_area_lists_each_program_once():
    robotics, vision = make_area(slug="robotics"), make_area(slug="vision")
    both = make_program(areas=[robotics, vision])
    make_program(areas=[vision])
    assert results(area="robotics") == [both]
    assert len(results(area="vision")) == 2


@pytest.mark.parametrize(
    ("term", "matches"),
    [
        ("machine", {"ml"}),  # program name
        ("carnegie", {"ml"}),  # university name
        ("CMU", {"ml"}),  # short name
        ("statistics dept", {"stats"}),  # department
        ("bayesian", {"stats"}),  # core course
        ("robotics", {"ml"}),  # research area
        ("robot", set()),  # whole words only, as on every list page
        ("zzz", set()),
        ("  ", {"ml", "stats"}),
    ],
)
def test_text_search(term, matches):
    cmu = make_university(name="Carnegie Mellon University", short_name="CMU")
    make_program(
        slug="ml",
        name="PhD in Machine Learning",
        university=cmu,
        areas=[make_area(name="Robotics")],
    )
    make_program(
        slug="stats", name="MS", department="Statistics Dept", core_courses="Bayesian methods"
    )
    assert {p.slug for p in results(q=term)} == matches


def make_two_tables():
    ml = make_criterion("research-ml", order=1)
    ai = make_criterion("research-ai", order=2)
    phd_table, ms_table = make_ranking(slug="phd-table"), make_ranking(slug="ms-table")
    first = make_program(slug="first", name="B")
    second = make_program(slug="second", name="A")
    unranked = make_program(slug="unranked", name="C")
    make_entry(phd_table, first, 1, criterion=ml)
    make_entry(phd_table, first, 9, criterion=ai)
    make_entry(phd_table, second, 2, criterion=ml)
    make_entry(phd_table, second, 3, criterion=ai)
    make_entry(ms_table, second, 8, criterion=ml)
    return first, second, unranked


def slugs(programs):
    return [p.slug for p in programs]


def test_default_order_is_best_ml_rank_with_unranked_last():
    make_two_tables()
    assert slugs(results()) == ["first", "second", "unranked"]


def test_sorting():
    make_two_tables()
    assert slugs(results(sort="research-ai")) == ["second", "first", "unranked"]
    assert slugs(results(sort="name")) == ["second", "first", "unranked"]


def test_listed_in_ranking():
    make_two_tables()
    assert slugs(results(ranking="ms-table")) == ["second"]
    # Ranks shown are those of the chosen table.
    assert (
        results(ranking="ms-table")[0].best_rank(RankingCriterion.objects.get(slug="research-ml"))
        == 8
    )


def test_top_n_on_default_and_chosen_criterion():
    make_two_tables()
    assert slugs(results(top=1)) == ["first"]
    assert slugs(results(top=3, criterion="research-ai")) == ["second"]
    assert slugs(results(top=5, ranking="ms-table")) == []
    assert slugs(results(top=10, ranking="ms-table")) == ["second"]


def test_combined_filters():
    first, second, _ = make_two_tables()
    Program.objects.filter(pk=second.pk).update(degree=Degree.MASTERS)
    assert slugs(results(top=2, degree="masters")) == ["second"]


@pytest.mark.parametrize(
    "params",
    [{"degree": "bsc"}, {"top": "0"}, {"top": "x"}, {"sort": "price"}, {"ranking": "nope"}],
)
def test_invalid_values_are_reported(params):
    filterset = ProgramFilter(data=params, queryset=Program.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(params)


def test_every_word_must_match_somewhere():
    stanford = make_university(
        name="Stanford University", short_name="Stanford", city="Stanford", state="CA"
    )
    cmu = make_university(
        name="Carnegie Mellon University", short_name="CMU", city="Pittsburgh", state="PA"
    )
    make_program(
        slug="stanford-phd", name="PhD in Computer Science", university=stanford, degree=Degree.PHD
    )
    make_program(
        slug="stanford-ms",
        name="Master of Science in CS",
        university=stanford,
        degree=Degree.MASTERS,
    )
    make_program(
        slug="cmu-ms", name="Master of Science in ML", university=cmu, degree=Degree.MASTERS
    )
    assert slugs(results(q="Stanford PhD")) == ["stanford-phd"]
    assert {p.slug for p in results(q="masters")} == {"stanford-ms", "cmu-ms"}
    assert {p.slug for p in results(q="master's stanford")} == {"stanford-ms"}
    assert slugs(results(q="Pittsburgh")) == ["cmu-ms"]
    assert slugs(results(q="pa")) == ["cmu-ms"]


def test_research_area_choices_count_published_programs():
    robotics = make_area(name="Robotics", slug="robotics")
    make_area(name="Generative AI", slug="generative-ai")
    make_program(areas=[robotics])
    make_program(areas=[robotics], is_published=False)
    labels = [label for _, label in ProgramFilter().form.fields["area"].choices][1:]
    assert labels == ["Generative AI (0)", "Robotics (1)"]


def test_degree_words_match_the_degree_not_just_the_name():
    make_program(
        slug="ai-spec", name="MS in Computer Science, AI specialization", degree=Degree.MASTERS
    )
    make_program(slug="doctorate", name="Doctorate in ML", degree=Degree.PHD)
    for word in ["masters", "master's", "ms", "Master"]:
        assert slugs(results(q=word)) == ["ai-spec"], word
    assert slugs(results(q="phd")) == ["doctorate"]


def test_top_n_without_a_criterion_uses_the_one_the_form_shows():
    first, second, _ = make_two_tables()
    shown = ProgramFilter(data={}).form.fields["criterion"].choices[0][0]
    assert shown == "research-ml"
    assert slugs(results(top=1)) == ["first"]


def test_a_new_criterion_is_a_new_sort_and_top_n_with_no_code_change():
    first, second, unranked = make_two_tables()
    teaching = make_criterion("teaching", name="Teaching quality", short_name="Teaching", order=3)
    make_entry(make_ranking(), unranked, 1, criterion=teaching)
    choices = dict(ProgramFilter(data={}).form.fields["sort"].choices)
    assert choices["teaching"] == "Teaching rank"
    assert slugs(results(sort="teaching")) == ["unranked", "first", "second"]
    assert slugs(results(top=1, criterion="teaching")) == ["unranked"]


def test_criteria_of_unpublished_tables_are_not_offered():
    make_entry(
        make_ranking(is_published=False), make_program(), 1, criterion=make_criterion("hidden")
    )
    assert "hidden" not in dict(ProgramFilter(data={}).form.fields["sort"].choices)


def test_best_match_first_then_equally_good_matches_by_rank():
    make_two_tables()
    # Every program matches "university" once, in its university's name: rank decides.
    assert slugs(results(q="university")) == ["first", "second", "unranked"]
    make_program(slug="named", name="University of Things program")
    assert slugs(results(q="university"))[0] == "named"  # in its own name: the best match


def test_each_word_may_match_another_research_area_of_the_same_program():
    vision, robotics = make_area(name="Computer vision"), make_area(name="Robotics")
    make_program(slug="both", areas=[vision, robotics])
    make_program(slug="one", areas=[vision])
    assert slugs(results(q="vision robotics")) == ["both"]
    assert slugs(results(q="cv robotics")) == ["both"]


def test_a_chosen_sort_wins_over_best_match():
    first, second, unranked = make_two_tables()
    for program in (first, second, unranked):
        program.description = "A program about data."
        program.save()
    unranked.name = "Data program"
    unranked.save()
    assert slugs(results(q="data"))[0] == "unranked"  # its own name matches: best match
    assert slugs(results(q="data", sort="research-ml")) == ["first", "second", "unranked"]


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("ML", {"name": "PhD in Machine Learning"}),
        ("AI", {"name": "MS in Artificial Intelligence"}),
        ("NLP", {"area": "Natural language processing"}),
        ("CV", {"area": "Computer vision"}),
        ("RL", {"area": "Reinforcement learning"}),
        ("LLM", {"area": "Large language models"}),
        ("LLMs", {"area": "Large language model"}),
        ("EECS", {"department": "Electrical Engineering and Computer Science"}),
        ("MCS", {"name": "Master of Computer Science"}),
        ('"machine learning"', {"name": "MS in ML"}),  # and the other way round
        ("master", {"name": "Master's in Data Science"}),
        ("universities", {"university": "Springfield University"}),
        ("labs", {"core_courses": "Research lab"}),
        ("GRE", {"fact": "No GRE is needed."}),
    ],
)
def test_search_understands_short_forms_and_plurals(query, text):
    other = make_program(
        slug="other", name="Unrelated", university=make_university(name="Other College")
    )
    area = make_area(name=text.pop("area")) if "area" in text else None
    if "university" in text:
        text["university"] = make_university(name=text["university"])
    fact = text.pop("fact", None)
    program = make_program(slug="found", areas=[area] if area else (), **text)
    if fact:
        program.facts.create(
            key="k", topic="admission", statement=fact, source=program.source,
            last_verified=program.last_verified,
        )  # fmt: skip
    assert results(q=query) == [program], query
    assert other not in results(q=query)
