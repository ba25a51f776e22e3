import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("faqs", "0001_initial")]
AFTER = [("faqs", "0002_question_slug_not_empty_term_anchor")]


@pytest.mark.django_db(transaction=True)
def test_empty_slugs_left_by_the_old_inline_are_repaired_before_the_constraint():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    category = old.get_model("faqs", "Category").objects.create(name="Applying", slug="applying")
    Question = old.get_model("faqs", "Question")
    Question.objects.create(category=category, question="Why apply?", slug="why-apply", answer="a")
    Question.objects.create(category=category, question="Why apply?!", slug="", answer="b")

    executor = MigrationExecutor(connection)  # reload the graph, as `migrate` would
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("faqs", "Question")
    repaired = new.objects.get(answer="b")
    assert repaired.slug == "why-apply-2"
    assert repaired.is_published is False
    assert not new.objects.filter(slug="").exists()

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
