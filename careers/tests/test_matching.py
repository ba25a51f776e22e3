"""The rule linking roles and programs, checked from both sides."""

import pytest

from careers.models import CareerPath, programs_for_career
from programs.models import Degree
from programs.tests.factories import (
    make_area,
    make_criterion,
    make_entry,
    make_program,
    make_ranking,
)

from .factories import make_career

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    return {slug: make_area(slug=slug, name=slug.title()) for slug in ("ml", "nlp", "data")}


def test_role_fits_program_of_same_degree_sharing_an_area(areas):
    program = make_program(degree=Degree.PHD, areas=[areas["ml"], areas["nlp"]])
    fits = make_career(degree="phd", areas=[areas["nlp"]])
    other_area = make_career(degree="phd", areas=[areas["data"]])
    other_degree = make_career(degree="masters", areas=[areas["nlp"]])
    assert list(CareerPath.objects.for_program(program)) == [fits]
    assert other_area not in CareerPath.objects.for_program(program)
    assert other_degree not in CareerPath.objects.for_program(program)


def test_either_degree_fits_both_kinds_of_program(areas):
    phd = make_program(degree=Degree.PHD, areas=[areas["ml"]])
    masters = make_program(degree=Degree.MASTERS, areas=[areas["ml"]])
    either = make_career(degree="any", areas=[areas["ml"]])
    assert list(CareerPath.objects.for_program(phd)) == [either]
    assert list(CareerPath.objects.for_program(masters)) == [either]
    assert set(programs_for_career(either)) == {phd, masters}


def test_role_without_areas_fits_every_program_of_its_degree(areas):
    program = make_program(degree=Degree.PHD, areas=[areas["data"]])
    bare_program = make_program(degree=Degree.PHD)
    professor = make_career(degree="phd")
    assert list(CareerPath.objects.for_program(program)) == [professor]
    assert list(CareerPath.objects.for_program(bare_program)) == [professor]
    assert set(programs_for_career(professor)) == {program, bare_program}


def test_program_without_areas_only_gets_roles_without_areas(areas):
    program = make_program(degree=Degree.PHD)
    make_career(degree="phd", areas=[areas["ml"]])
    assert list(CareerPath.objects.for_program(program)) == []


def test_hidden_roles_and_programs_are_left_out(areas):
    program = make_program(degree=Degree.PHD, areas=[areas["ml"]])
    hidden_program = make_program(degree=Degree.PHD, areas=[areas["ml"]], is_published=False)
    hidden_role = make_career(degree="phd", areas=[areas["ml"]], is_published=False)
    role = make_career(degree="phd", areas=[areas["ml"]])
    assert list(CareerPath.objects.for_program(program)) == [role]
    assert hidden_role not in CareerPath.objects.for_program(program)
    assert list(programs_for_career(role)) == [program]
    assert hidden_program not in programs_for_career(role)


def test_no_duplicates_when_several_areas_are_shared(areas):
    program = make_program(degree=Degree.PHD, areas=list(areas.values()))
    role = make_career(degree="phd", areas=list(areas.values()))
    assert list(CareerPath.objects.for_program(program)) == [role]
    assert list(programs_for_career(role)) == [program]


def test_programs_carry_ranks_best_first(areas):
    ranking = make_ranking()
    ml = make_criterion("research-ml")
    ai = make_criterion("research-ai")
    unranked = make_program(degree=Degree.PHD, areas=[areas["ml"]])
    second = make_program(degree=Degree.PHD, areas=[areas["ml"]])
    first = make_program(degree=Degree.PHD, areas=[areas["ml"]])
    make_entry(ranking, first, 1, criterion=ml)
    make_entry(ranking, first, 4, criterion=ai)
    make_entry(ranking, second, 2, criterion=ml)
    role = make_career(degree="phd", areas=[areas["ml"]])

    programs = role.leading_programs()
    assert programs == [first, second, unranked]
    assert (programs[0].best_rank(ml), programs[0].best_rank(ai)) == (1, 4)
    assert (programs[1].best_rank(ml), programs[1].best_rank(ai)) == (2, None)
    assert programs[2].best_rank(ml) is None


def test_both_directions_agree(areas):
    area_sets = [[], [areas["ml"]], [areas["nlp"]], [areas["ml"], areas["data"]]]
    programs = [
        make_program(degree=degree, areas=chosen)
        for degree in (Degree.PHD, Degree.MASTERS)
        for chosen in area_sets
    ]
    roles = [
        make_career(degree=degree, areas=chosen)
        for degree in ("phd", "masters", "any")
        for chosen in area_sets
    ]
    pairs_from_programs = {
        (program.pk, role.pk)
        for program in programs
        for role in CareerPath.objects.for_program(program)
    }
    pairs_from_roles = {
        (program.pk, role.pk) for role in roles for program in programs_for_career(role)
    }
    assert pairs_from_programs == pairs_from_roles
    # A sanity check that the rule links some pairs and not others.
    assert 0 < len(pairs_from_programs) < len(programs) * len(roles)
