import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.tests.db import violates
from programs.models import Program, RankingEntry, University

from .factories import (
    make_area,
    make_criterion,
    make_entry,
    make_fact,
    make_program,
    make_ranking,
    make_university,
)

pytestmark = pytest.mark.django_db


def test_str_and_urls():
    university = make_university(name="Carnegie Mellon University", short_name="CMU", slug="cmu")
    program = make_program(university=university, name="PhD in ML", slug="cmu-phd-ml")
    ranking = make_ranking(slug="r-2021", title="Best PhDs", publisher="Towards AI")
    assert str(program) == "PhD in ML — CMU"
    assert program.get_absolute_url() == "/programs/cmu-phd-ml/"
    assert university.get_absolute_url() == "/universities/cmu/"
    assert ranking.get_absolute_url() == "/rankings/r-2021/"
    assert str(ranking) == "Best PhDs (Towards AI, 2021)"


def test_natural_keys_round_trip():
    program = make_program(slug="some-program")
    assert Program.objects.get_by_natural_key("some-program") == program
    entry = make_entry(make_ranking(slug="tbl"), program, 3)
    assert entry.natural_key() == ("tbl", "research-ml", "some-program")
    assert RankingEntry.objects.get_by_natural_key(*entry.natural_key()) == entry


def test_rank_below_one_is_rejected_by_the_database():
    with pytest.raises(IntegrityError, match="ranking_entry_rank_positive"), transaction.atomic():
        make_entry(make_ranking(), make_program(), 0)


def test_rank_below_one_is_rejected_by_validation():
    entry = RankingEntry(
        ranking=make_ranking(), program=make_program(), criterion=make_criterion(), rank=0
    )
    with pytest.raises(ValidationError) as error:
        entry.full_clean()
    assert "rank" in error.value.message_dict


def test_same_program_twice_on_one_criterion_is_rejected():
    ranking, program = make_ranking(), make_program()
    make_entry(ranking, program, 1)
    duplicate = RankingEntry(ranking=ranking, program=program, criterion=make_criterion(), rank=2)
    with pytest.raises(ValidationError, match="already ranked on this criterion"):
        duplicate.full_clean()
    unique = violates(
        "ranking_entry_unique_program",
        "programs_rankingentry.ranking_id",
        "programs_rankingentry.criterion_id",
        "programs_rankingentry.program_id",
    )
    with pytest.raises(IntegrityError, match=unique), transaction.atomic():
        duplicate.save()


def test_ties_are_allowed():
    ranking = make_ranking()
    ai = make_criterion("research-ai")
    make_entry(ranking, make_program(), 12, criterion=ai)
    make_entry(ranking, make_program(), 12, criterion=ai)
    assert RankingEntry.objects.filter(rank=12).count() == 2


def test_same_program_in_two_tables_and_on_two_criteria():
    program = make_program()
    ai = make_criterion("research-ai")
    make_entry(make_ranking(), program, 2)
    make_entry(make_ranking(), program, 4)
    make_entry(make_ranking(), program, 12, criterion=ai)
    ranked = Program.objects.with_ranks().get(pk=program.pk)
    ml = make_criterion("research-ml")
    assert (ranked.best_rank(ml), ranked.best_rank(ai)) == (2, 12)


def test_with_ranks_limited_to_one_table():
    program = make_program()
    first, second = make_ranking(), make_ranking()
    make_entry(first, program, 2)
    make_entry(second, program, 7)
    ml = make_criterion("research-ml")
    assert Program.objects.with_ranks(second).get(pk=program.pk).best_rank(ml) == 7


def test_ranks_come_from_published_tables_only():
    program = make_program()
    make_entry(make_ranking(), program, 9)
    make_entry(make_ranking(is_published=False), program, 1)
    ml = make_criterion("research-ml")
    assert Program.objects.with_ranks().get(pk=program.pk).best_rank(ml) == 9
    assert list(Program.objects.in_default_order()) == [program]


def test_published_hides_drafts():
    shown = make_program()
    make_program(is_published=False)
    assert list(Program.objects.published()) == [shown]


def test_ranking_rows_gather_programs_printed_on_one_row():
    university = make_university()
    data_science = make_program(university=university, name="MDS")
    eecs = make_program(university=university, name="MEECS")
    other = make_program()
    ranking = make_ranking()
    make_criterion("research-ml", order=1)
    ai = make_criterion("research-ai", order=2)
    printed = "Masters in Data Science, Masters in EECS"
    for program in (data_science, eecs):
        make_entry(ranking, program, 2, published_name=printed)
        make_entry(ranking, program, 15, criterion=ai, published_name=printed)
    make_entry(ranking, other, 1)
    make_entry(ranking, other, 15, criterion=ai)

    from programs.models import Ranking

    rows = Ranking.objects.with_entries().get(pk=ranking.pk).rows()
    assert [row.rank("research-ml") for row in rows] == [1, 2]
    assert rows[1].published_name == printed
    assert rows[1].programs == [data_science, eecs]
    assert rows[1].rank_cells == [2, 15]
    assert rows[0].rank("research-ai") == rows[1].rank("research-ai")


def test_disputed_facts_flag():
    program = make_program()
    assert not program.has_disputed_facts
    make_fact(
        program,
        key="no-terminal",
        topic="availability",
        statement="No terminal master's.",
        contradicts_listing=True,
    )
    assert Program.objects.prefetch_related("facts").get(pk=program.pk).has_disputed_facts


def test_university_state_is_upper_cased_on_clean():
    university = make_university(state="pa")
    university.full_clean()
    assert university.state == "PA"
    assert University.objects.count() == 1


def test_research_area_url_filters_the_program_list():
    assert make_area(slug="robotics").get_absolute_url() == "/programs/?area=robotics"
