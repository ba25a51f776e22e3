"""The core layer's rules, checked across every app that builds on it: one Degree,
one published rule, one search."""

import pytest
from django.apps import apps
from django.db.models import Q

from core.models import Degree, Publishable, published_q
from core.search import SearchQuerySet, parse_terms


def test_one_spelling_of_any_degree_in_every_app():
    """Every degree field takes core.Degree's values, or just its levels, nothing else."""
    fields = [
        field
        for model in apps.get_models()
        if model._meta.app_label in {"programs", "careers", "faqs"}
        for field in model._meta.get_fields()
        if field.name in {"degree", "level"} and getattr(field, "choices", None)
    ]
    assert len(fields) >= 6
    for field in fields:
        values = {value for value, _ in field.choices}
        assert values in ({"phd", "masters"}, set(Degree.values)), field


def publish_ruled_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Publishable) or getattr(model, "published_through", ())
    ]


def test_every_model_with_a_published_rule_can_be_asked_for_it():
    models = publish_ruled_models()
    names = {model.__name__ for model in models}
    assert {"University", "Program", "Ranking", "CareerPath", "Question", "GlossaryTerm"} <= names
    assert {"RankingEntry", "ProgramFact", "Figure", "Requirement"} <= names
    for model in models:
        assert hasattr(model.objects, "published"), model


def test_published_q_follows_parents_and_allows_empty_optional_ones():
    from careers.models import Figure
    from programs.models import RankingEntry

    entry_rule = published_q(RankingEntry)
    assert entry_rule == (
        Q(ranking__is_published=True)
        & (Q(program__is_published=True) & Q(program__university__is_published=True))
    )
    figure_rule = published_q(Figure)
    assert figure_rule == Q(career__isnull=True) | Q(career__is_published=True)


@pytest.mark.django_db
def test_the_same_words_find_the_same_things_on_every_list():
    """Programs, careers and FAQs share one search: acronyms and plurals work everywhere."""
    from careers.models import CareerPath
    from careers.tests.factories import make_career
    from faqs.models import Question
    from faqs.tests.factories import make_question
    from programs.models import Program
    from programs.tests.factories import make_program

    make_program(name="PhD in Natural Language Processing")
    make_career(title="Natural language processing engineer")
    make_question(question="Is natural language processing a good field?")
    for model in (Program, CareerPath, Question):
        assert isinstance(model.objects.all(), SearchQuerySet), model
        for query in ("NLP", "natural languages", '"language processing"'):
            assert model.objects.search(parse_terms(query)).count() == 1, (model, query)
        assert model.objects.search(["nl"]).count() == 0, model
