"""Search documents for programs (core.models.Searchable), with a full-text index on
PostgreSQL. Existing rows get their documents from the post-migrate rebuild
(programs.signals.rebuild_after_migrate), which runs after every `migrate`."""

from django.db import migrations, models

# The expression core.search._full_text() filters on, as Django compiles
# SearchVector("search_words", config="simple"): the planner uses the index only
# for that same expression. A GIN index is PostgreSQL's; SQLite narrows with
# icontains and needs none, so the index is not in the model's Meta.
INDEX = "program_search_words_gin"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON programs_program USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE(search_words, '')))"
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0011_history_for_content"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="search_document",
            field=models.TextField(
                default="", editable=False, help_text="Worked out from the searched fields."
            ),
        ),
        migrations.AddField(
            model_name="program",
            name="search_words",
            field=models.TextField(
                default="",
                editable=False,
                help_text="The document's words, for the full-text index.",
            ),
        ),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
