"""The program's words as a stored tsvector (core.models.Searchable.search_vector), with
the GIN index moved onto it from the expression over `search_words` (0012).

PostgreSQL only, as in 0012: elsewhere the column stays empty and needs no index. The
vectors are written by the rebuild that runs after every `migrate`
(programs.signals.rebuild_after_migrate), which fills rows that have none.
"""

import django.contrib.postgres.search
from django.db import migrations

OLD_INDEX = "program_search_words_gin"
OLD_CREATE = (
    f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON programs_program USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE(search_words, '')))"
)
INDEX = "program_search_vector_gin"


def move_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON programs_program USING gin (search_vector)"
        )


def move_index_back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(OLD_CREATE)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0016_program_listing_position"),
    ]

    operations = [
        migrations.AddField(
            model_name="program",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(move_index, move_index_back),
    ]
