"""FAQ models: rendering on save, invariants, querysets and the checklist."""

import datetime

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import Degree
from faqs.models import Category, GlossaryTerm, Question, Requirement
from faqs.tests.factories import make_category, make_question, make_requirement, make_term
from programs.tests.factories import make_program, make_source

pytestmark = pytest.mark.django_db


def test_category_str_url_and_published_counts():
    category = make_category(name="Applying", slug="applying", order=5)
    make_question(category=category)
    make_question(category=category, is_published=False)
    empty = make_category()
    make_question(category=empty, is_published=False)
    assert str(category) == "Applying"
    assert category.get_absolute_url() == "/faqs/?category=applying"
    first = make_category(name="Zebra first", order=0)
    make_question(category=first)
    listed = list(Category.objects.with_published_questions())
    assert listed == [first, category]
    assert listed[1].question_count == 1


def test_question_renders_markdown_and_text_on_save():
    question = make_question(
        question="Why?", answer="**Bold** & <script>x</script>[a](javascript:b)"
    )
    question.refresh_from_db()
    assert str(question) == "Why?"
    assert question.get_absolute_url() == f"/faqs/{question.slug}/"
    assert (
        question.answer_html
        == '<p><strong>Bold</strong> &amp; <a rel="noopener noreferrer">a</a></p>'
    )
    assert question.answer_text == "Bold & a"
    question.answer = "Changed"
    question.save()
    question.refresh_from_db()
    assert question.answer_html == "<p>Changed</p>"


def test_raw_saves_from_fixtures_render_too():
    question = make_question(answer="Original *answer*")
    data = serializers.serialize("json", [question], use_natural_foreign_keys=True)
    Question.objects.filter(pk=question.pk).update(answer_html="", answer_text="")
    for obj in serializers.deserialize("json", data):
        obj.save()  # raw save, as loaddata does: Model.save() is not called
    question.refresh_from_db()
    assert question.answer_html == "<p>Original <em>answer</em></p>"
    assert question.answer_text == "Original answer"


def test_summary_prefers_the_short_answer():
    long_answer = "word " * 100
    assert make_question(short_answer="Yes.").summary == "Yes."
    summary = make_question(answer=long_answer).summary
    assert summary.endswith("…") and len(summary) <= 160


def test_question_wording_is_unique_ignoring_case():
    make_question(question="Do I need a GRE?")
    with pytest.raises(IntegrityError, match="faq_question_text_unique"), transaction.atomic():
        make_question(question="do i need a gre?")


def test_question_validation_messages():
    question = make_question(question="Do I need a GRE?")
    duplicate = Question(
        category=question.category, question="DO I NEED A GRE?", slug="requirements", answer="x"
    )
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    messages = error.value.message_dict
    assert "There is already a question with this wording." in messages["__all__"]
    assert "is the address of another FAQ page" in messages["slug"][0]


def test_a_question_always_has_a_slug():
    """An empty slug has no address: get_absolute_url, and every page listing it, would fail."""
    with pytest.raises(IntegrityError, match="faq_question_slug_not_empty"), transaction.atomic():
        make_question(slug="")
    question = make_question(slug="has-one")
    with pytest.raises(IntegrityError, match="faq_question_slug_not_empty"), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(slug="")
    # The constraint's message, for forms that leave the slug out.
    question.slug = ""
    with pytest.raises(ValidationError) as error:
        question.validate_constraints()
    assert error.value.messages == ["Give the question a slug: its address, /faqs/<slug>/."]
    question.refresh_from_db()
    assert question.get_absolute_url() == "/faqs/has-one/"
    assert question.anchor == "q-has-one"


def test_level_must_be_a_known_value():
    with pytest.raises(IntegrityError, match="faq_question_level_valid"), transaction.atomic():
        make_question(level="postdoc")


def test_queryset_published_level_and_search():
    phd = make_question(level=Degree.PHD, question="Funding for a PhD?", answer="A stipend.")
    masters = make_question(level=Degree.MASTERS, answer="Tuition is self-funded.")
    general = make_question(level=Degree.ANY, short_answer="A stipend, sometimes.")
    hidden = make_question(is_published=False, answer="stipend")
    published = Question.objects.published()
    assert hidden not in published
    assert set(published.for_level(Degree.PHD)) == {phd, general}
    assert set(published.for_level(Degree.MASTERS)) == {masters, general}
    assert set(published.search(["stipend"])) == {phd, general}
    assert set(published.search(["stipend", "phd"])) == {phd}
    assert set(published.search(["funded"])) == {masters}
    assert not published.search(["%"]).exists()
    assert not published.search(["_"]).exists()


def test_schema_entity():
    question = make_question(question="Q?", answer="A **b**")
    assert question.schema_entity() == {
        "@type": "Question",
        "name": "Q?",
        "acceptedAnswer": {"@type": "Answer", "text": "<p>A <strong>b</strong></p>"},
    }


def test_glossary_term_model():
    term = make_term(
        term="PhD",
        slug="phd",
        aliases="Doctor of Philosophy\n\n  Ph.D.  \n",
        definition="*Top* degree",
    )
    term.refresh_from_db()
    assert str(term) == "PhD"
    assert term.get_absolute_url() == "/faqs/glossary/#term-phd"
    assert term.anchor == "term-phd"
    assert term.alias_list == ["Doctor of Philosophy", "Ph.D."]
    assert term.phrases == ["PhD", "Doctor of Philosophy", "Ph.D."]
    assert term.definition_html == "<p><em>Top</em> degree</p>"
    assert term.initial == "P"
    assert make_term(term="3D printing").initial == "#"


def test_glossary_terms_are_unique_ignoring_case_and_ordered_alphabetically():
    make_term(term="beta")
    make_term(term="Alpha")
    assert [t.term for t in GlossaryTerm.objects.all()] == ["Alpha", "beta"]
    with pytest.raises(IntegrityError, match="faq_glossary_term_unique"), transaction.atomic():
        make_term(term="ALPHA")


def test_linker_uses_terms_that_link_in_answers(django_assert_num_queries):
    make_term(term="Deep learning", slug="deep-learning")
    make_term(term="Stipend", slug="stipend", link_in_answers=False)
    with django_assert_num_queries(1):
        linker = GlossaryTerm.objects.linker()
    html = linker.link("<p>Deep learning needs a stipend.</p>")
    assert 'href="/faqs/glossary/#term-deep-learning"' in html
    assert "#term-stipend" not in html


def test_requirement_str_url_and_render():
    program = make_program(degree=Degree.PHD, name="PhD in ML")
    general = make_requirement(
        title="A GPA above 3.5", slug="gpa", level=Degree.ANY, detail="*Common*"
    )
    rule = make_requirement(title="GRE", slug="gre", program=program, level=Degree.PHD)
    assert str(general) == "A GPA above 3.5"
    assert str(rule) == f"GRE ({program})"
    # A program's own rule lives on the program's page.
    assert rule.get_absolute_url() == f"{program.get_absolute_url()}#phd-gre"
    assert general.get_absolute_url() == "/faqs/requirements/#phd-gpa"
    assert general.anchor == "phd-gpa"
    masters = make_requirement(slug="m", level=Degree.MASTERS)
    assert masters.get_absolute_url() == "/faqs/requirements/#masters-m"
    # Items for any level are on both checklists, each copy at its own anchor.
    on_masters = general.on_checklist(Degree.MASTERS.value)
    assert on_masters == general and on_masters is not general
    assert on_masters.get_absolute_url() == "/faqs/requirements/#masters-gpa"
    assert general.anchor == "phd-gpa" and general.on_checklist("phd") is general
    general.refresh_from_db()
    assert general.detail_display == "<p><em>Common</em></p>"


def test_requirement_level_must_match_its_program():
    program = make_program(degree=Degree.MASTERS)
    requirement = Requirement(
        title="GRE",
        slug="gre",
        kind=Requirement.Kind.TESTS,
        importance=Requirement.Importance.NOT_REQUIRED,
        level=Degree.PHD,
        program=program,
        source=make_source(),
        last_verified=datetime.date(2026, 11, 22),
    )
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "Master's program" in error.value.message_dict["level"][0]
    requirement.level = Degree.MASTERS
    requirement.full_clean()


def test_not_accepted_needs_a_program():
    not_accepted = "faq_requirement_not_accepted_has_program"
    with pytest.raises(IntegrityError, match=not_accepted), transaction.atomic():
        make_requirement(importance=Requirement.Importance.NOT_ACCEPTED)
    requirement = Requirement(
        title="GRE",
        slug="gre",
        kind=Requirement.Kind.TESTS,
        importance=Requirement.Importance.NOT_ACCEPTED,
        level=Degree.ANY,
        source=make_source(),
    )
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "Say which program does not accept it." in error.value.messages


def test_checklists_group_by_level_and_kind(django_assert_num_queries):
    Kind = Requirement.Kind
    skills = make_requirement(slug="skills", kind=Kind.SKILLS, level=Degree.ANY)
    # Explicit orders: the factory's default is a counter that grows with every test the
    # process ran before, so an order of 999 was "later" only in a short run.
    degree = make_requirement(slug="degree", kind=Kind.QUALIFICATIONS, level=Degree.PHD, order=1)
    gpa = make_requirement(slug="gpa", kind=Kind.GRADES, level=Degree.PHD)
    later = make_requirement(slug="later", kind=Kind.QUALIFICATIONS, level=Degree.PHD, order=2)
    phd_program = make_program(degree=Degree.PHD)
    hidden_program = make_program(degree=Degree.MASTERS, is_published=False)
    rule = make_requirement(slug="rule", kind=Kind.TESTS, program=phd_program, level=Degree.PHD)
    make_requirement(slug="hidden", kind=Kind.TESTS, program=hidden_program, level=Degree.MASTERS)

    # General items, then every level's first program rules with their counts.
    with django_assert_num_queries(2):
        phd, masters = Requirement.objects.checklists()
        assert phd.program_rules[0].program.university.name  # no extra query
    assert phd.program_rule_count == 1 and masters.program_rule_count == 0

    assert (phd.level, phd.label, phd.anchor) == ("phd", "PhD", "checklist-phd")
    assert [(g.kind, g.items) for g in phd.groups] == [
        ("qualifications", [degree, later]),
        ("grades", [gpa]),
        ("skills", [skills]),
    ]
    assert phd.program_rules == [rule]
    assert [(g.kind, g.items) for g in masters.groups] == [("skills", [skills])]
    assert masters.program_rules == []
    # The same item for any level, once per checklist, each at an anchor of its own.
    assert phd.groups[-1].items[0].anchor == "phd-skills"
    assert masters.groups[0].items[0].anchor == "masters-skills"
    assert [i.anchor for i in phd.groups[0].items] == ["phd-degree", "phd-later"]


@pytest.mark.parametrize("make", [make_question, make_requirement])
def test_every_sourced_item_needs_a_verified_date(make):
    # A source shown without a date reads as checked when it wasn't.
    item = make()
    with pytest.raises(IntegrityError, match="last_verified"), transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(last_verified=None)
