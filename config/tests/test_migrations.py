"""The data migrations, run on old data: nothing lost, nothing invented.

One test walks the history once (each step back and forth costs seconds): FAQ slugs
repaired (faqs 0002), the old spellings of "either degree" (careers 0003), and
dates only where an audit gave them (faqs 0003).
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

OLD = [("faqs", "0001_initial"), ("careers", "0002_applicationfield_sources")]
SLUGS_REPAIRED = [("faqs", "0002_question_slug_not_empty_term_anchor")]
ANY_DEGREE = [("careers", "0003_one_any_degree")]
DATED = [("faqs", "0003_core_bases_required_last_verified")]


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

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
