import pytest

from careers.filters import CareerPathFilter
from careers.models import CareerPath

from .factories import make_career, make_employer, make_field, make_sector, make_skill

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles():
    industry = make_sector(name="Industry", slug="industry")
    academia = make_sector(name="Academia", slug="academia")
    python = make_skill(name="Python", slug="python")
    grants = make_skill(name="Grant writing", slug="grant-writing")
    return {
        "engineer": make_career(
            title="Machine learning engineer",
            degree="masters",
            sectors=[industry],
            skills=[python],
            employers=[make_employer(name="Tesla")],
        ),
        "professor": make_career(
            title="Professor", degree="phd", sectors=[academia], skills=[grants]
        ),
        "founder": make_career(
            title="Founder",
            degree="any",
            sectors=[industry],
            skills=[python],
            fields=[make_field(name="Climate science")],
            summary="Starts a company.",
        ),
        "hidden": make_career(title="Hidden role", degree="phd", is_published=False),
    }


def titles(data):
    filterset = CareerPathFilter(data, queryset=CareerPath.objects.published())
    return sorted(role.title for role in filterset.qs), filterset


def test_no_filters_lists_every_published_role(roles):
    assert titles({})[0] == ["Founder", "Machine learning engineer", "Professor"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"degree": "phd"}, ["Founder", "Professor"]),
        ({"degree": "masters"}, ["Founder", "Machine learning engineer"]),
        ({"sector": "industry"}, ["Founder", "Machine learning engineer"]),
        ({"sector": "academia"}, ["Professor"]),
        ({"skill": "python"}, ["Founder", "Machine learning engineer"]),
        ({"skill": "grant-writing"}, ["Professor"]),
        ({"q": "engineer"}, ["Machine learning engineer"]),
        ({"q": "ENGINEER"}, ["Machine learning engineer"]),
        ({"q": "tesla"}, ["Machine learning engineer"]),  # employer
        ({"q": "grant"}, ["Professor"]),  # skill
        ({"q": "climate"}, ["Founder"]),  # application field
        ({"q": "company"}, ["Founder"]),  # summary
        ({"q": "python founder"}, ["Founder"]),  # every word must match
        ({"q": "hidden"}, []),
        ({"q": "   "}, ["Founder", "Machine learning engineer", "Professor"]),
    ],
)
def test_each_filter(roles, data, expected):
    found, filterset = titles(data)
    assert filterset.is_valid()
    assert found == expected


def test_filters_combine(roles):
    found, _ = titles({"degree": "phd", "sector": "industry", "skill": "python"})
    assert found == ["Founder"]
    found, _ = titles({"degree": "masters", "sector": "academia"})
    assert found == []


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"degree": "xyz"}, "degree"),
        ({"degree": "either"}, "degree"),
        ({"sector": "nope"}, "sector"),
        ({"skill": "' OR 1=1 --"}, "skill"),
        ({"q": "x" * 201}, "q"),  # one search everywhere: 200 characters at most
        ({"q": "nul\x00byte"}, "q"),
    ],
)
def test_invalid_values_are_form_errors(roles, data, field):
    _, filterset = titles(data)
    assert not filterset.is_valid()
    assert field in filterset.errors


def test_invalid_filter_is_ignored_and_valid_ones_still_apply(roles):
    found, filterset = titles({"degree": "phd", "sector": "nope"})
    assert "sector" in filterset.errors
    assert found == ["Founder", "Professor"]


def test_odd_characters_in_search_are_just_text(roles):
    for query in ["%", "_", "'; DROP TABLE careers_careerpath; --", "<script>", "ü€😀"]:
        found, filterset = titles({"q": query})
        assert filterset.is_valid()
        assert found == []
    assert CareerPath.objects.count() == 4


def test_skill_choices_follow_the_category_order_not_the_alphabet():
    make_skill(name="Mentoring", category="soft")
    make_skill(name="Python", category="programming")
    make_skill(name="Calculus", category="mathematics")
    make_skill(name="Business strategy", category="business")
    choices = [skill.name for skill in CareerPathFilter().form.fields["skill"].queryset]
    assert choices == ["Python", "Calculus", "Mentoring", "Business strategy"]


def test_each_word_may_match_another_skill_of_the_same_role():
    both = make_career(
        title="Scientist", skills=[make_skill(name="Keras"), make_skill(name="Calculus")]
    )
    make_career(title="Engineer", skills=[make_skill(name="Kubernetes")])
    found = CareerPathFilter(data={"q": "keras calculus"}, queryset=CareerPath.objects.all()).qs
    assert list(found) == [both]
