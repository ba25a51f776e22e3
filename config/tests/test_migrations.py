"""The data migrations, run on old data: nothing lost, nothing invented.

One test walks the history once (each step back and forth costs seconds): FAQ slugs
repaired (faqs 0002), the old spellings of "either degree" (careers 0003), and
dates only where an audit gave them (faqs 0003), and free-text durations, formats and
funding moved into typed values with their sources (programs 0004).
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("faqs", "0001_initial"), ("careers", "0002_applicationfield_sources")]
SLUGS_REPAIRED = [("faqs", "0002_question_slug_not_empty_term_anchor")]
ANY_DEGREE = [("careers", "0003_one_any_degree")]
DATED = [("faqs", "0003_core_bases_required_last_verified")]
BEFORE_TYPED = [("programs", "0003_program_attributes")]
TYPED = [("programs", "0005_remove_free_text_details")]


def migrate(targets):
    executor = MigrationExecutor(connection)  # a fresh graph, as `migrate` would load
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_data_migrations_keep_content_and_invent_nothing():
    old = migrate(OLD)
    category = old.get_model("faqs", "Category").objects.create(name="Applying", slug="applying")
    Question = old.get_model("faqs", "Question")
    Question.objects.create(category=category, question="Why apply?", slug="why-apply", answer="a")
    Question.objects.create(category=category, question="Why apply?!", slug="", answer="b")
    source = old.get_model("programs", "Source").objects.create(slug="s", title="S")
    old.get_model("careers", "CareerPath").objects.create(
        title="Founder",
        slug="founder",
        summary="s",
        work="w",
        degree="either",
        degree_source=source,
    )
    old.get_model("careers", "Figure").objects.create(
        slug="everyone",
        label="Everyone",
        kind="count",
        value=1,
        unit="number",
        year=2024,
        degree="",
        source=source,
        last_verified=datetime.date(2026, 11, 22),
    )

    # The old inline's empty slugs are repaired before the constraint, and hidden.
    questions = migrate(SLUGS_REPAIRED).get_model("faqs", "Question")
    repaired = questions.objects.get(answer="b")
    assert (repaired.slug, repaired.is_published) == ("why-apply-2", False)

    # "either" on roles and "" on figures become core.Degree.ANY.
    careers = migrate(ANY_DEGREE)
    assert careers.get_model("careers", "CareerPath").objects.get().degree == "any"
    assert careers.get_model("careers", "Figure").objects.get().degree == "any"

    # The audited shipped answer gets the audit's date; any other undated one stops the
    # migration with its name, until an editor dates it.
    questions.objects.create(
        category_id=category.pk, question="Why a PhD?", slug="why-a-phd", answer="c"
    )
    with pytest.raises(RuntimeError, match="question why-apply, question why-apply-2"):
        migrate(DATED)
    questions.objects.filter(slug__startswith="why-apply").update(
        last_verified=datetime.date(2026, 12, 1)
    )
    dated = migrate(DATED).get_model("faqs", "Question")
    assert dict(dated.objects.values_list("slug", "last_verified")) == {
        "why-apply": datetime.date(2026, 12, 1),
        "why-apply-2": datetime.date(2026, 12, 1),
        "why-a-phd": datetime.date(2026, 11, 22),
    }

    # Free-text details become typed values, each with the source it came from.
    before = migrate(BEFORE_TYPED)
    Program, Fact = (
        before.get_model("programs", "Program"),
        before.get_model("programs", "ProgramFact"),
    )
    university = before.get_model("programs", "University").objects.create(
        name="U", short_name="U", slug="u", city="C", state="PA", region="east-coast"
    )
    details = before.get_model("programs", "Source").objects.create(slug="details", title="D")
    checked = datetime.date(2026, 11, 22)

    def program(slug, **fields):
        return Program.objects.create(
            university=university, name=slug, slug=slug, degree="masters", kind="cs-ml",
            source_id=source.pk, last_verified=checked, **fields,
        )  # fmt: skip

    program(
        "listed",
        duration_min_months=60,
        duration_max_months=84,
        format="full-or-part-time",
        funding="Fully funded",
        details_source=details,
    )
    odd = program("odd", funding="Depends on the lab")
    for key, statement in [
        ("standard", "The standard MS takes three semesters (16 months)."),
        ("advanced", "The advanced version takes four semesters (20 months)."),
        ("vague", "Most students finish in six quarters."),
        ("limit", "Students must finish within 7 years."),
    ]:
        Fact.objects.create(
            program=odd, key=key, topic="duration", statement=statement,
            source=details, last_verified=checked,
        )  # fmt: skip
    Fact.objects.create(
        program=odd, key="none", topic="funding", statement="CMU offers no financial support.",
        source_id=source.pk, last_verified=checked,
    )  # fmt: skip
    Fact.objects.create(
        program=odd, key="maybe", topic="funding", statement="Funding is not guaranteed.",
        source=details, last_verified=checked,
    )  # fmt: skip
    program("seed", duration_min_months=9, duration_max_months=24)
    Fact.objects.create(
        program=Program.objects.get(slug="seed"), key="own", topic="duration",
        statement="It takes 16 months.", source=details, last_verified=checked,
    )  # fmt: skip

    typed = migrate(TYPED)
    rows = typed.get_model("programs", "ProgramAttribute").objects.order_by(
        "program__slug", "attribute"
    )
    assert [
        (r.program.slug, r.attribute, r.source.slug, r.duration_min, r.duration_max,
         r.duration_unit, r.pace, r.funding, r.disputed)
        for r in rows.order_by("program__slug", "attribute", "source__slug")
    ] == [
        ("listed", "duration", "details", 5, 7, "years", "", "", False),
        ("listed", "format", "details", None, None, "", "either", "", False),
        ("listed", "funding", "details", None, None, "", "", "guaranteed", False),
        ("odd", "duration", "details", 16, 20, "months", "", "", False),
        ("odd", "funding", "s", None, None, "", "", "self", False),
        # Two sources, two lengths: both kept, both marked.
        ("seed", "duration", "details", 16, None, "months", "", "", True),
        ("seed", "duration", "s", 9, 24, "months", "", "", True),
    ]  # fmt: skip
    assert "(16 months)" in rows.get(program__slug="odd", attribute="duration").note
    # Every fact stays, the ones read and the ones no value fits ("within", "not").
    facts = typed.get_model("programs", "ProgramFact").objects
    assert set(facts.values_list("key", flat=True)) == {
        "standard", "advanced", "vague", "limit", "none", "maybe", "own", "funding-as-listed"
    }  # fmt: skip

    # Back again: the programs' own fields return from their sources' values.
    back = migrate(BEFORE_TYPED).get_model("programs", "Program").objects
    assert back.filter(slug="listed").values_list(
        "duration_min_months", "duration_max_months", "format", "funding"
    ).get() == (60, 84, "full-or-part-time", "Fully funded")
    assert back.filter(slug="seed").values_list(
        "duration_min_months", "duration_max_months"
    ).get() == (9, 24)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
