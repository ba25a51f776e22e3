"""An application field can be named by several sources: source (FK) becomes sources (M2M)."""

from django.db import migrations, models


def copy_source_to_sources(apps, schema_editor):
    ApplicationField = apps.get_model("careers", "ApplicationField")
    for field in ApplicationField.objects.all():
        field.sources.add(field.source_id)


def copy_first_source_back(apps, schema_editor):
    ApplicationField = apps.get_model("careers", "ApplicationField")
    for field in ApplicationField.objects.all():
        first = field.sources.order_by("pk").first()
        if first is None:
            raise RuntimeError(f"Application field {field.name!r} has no source to keep.")
        field.source = first
        field.save(update_fields=["source"])


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("programs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicationfield",
            name="sources",
            field=models.ManyToManyField(
                help_text="Every source that names this field: roles from different sources "
                "share it.",
                related_name="application_fields",
                to="programs.source",
            ),
        ),
        migrations.AlterField(
            model_name="applicationfield",
            name="source",
            field=models.ForeignKey(
                help_text="The source that names this field.",
                null=True,
                on_delete=models.PROTECT,
                related_name="+",
                to="programs.source",
            ),
        ),
        migrations.RunPython(copy_source_to_sources, copy_first_source_back),
        migrations.RemoveField(model_name="applicationfield", name="source"),
    ]
