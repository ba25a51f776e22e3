"""Editors' bulk import and export (django-import-export), one way for every app.

Every import through ContentResource:
- matches rows to objects by natural key (the slug), so importing a file again updates
  what it made instead of duplicating it;
- skips rows that change nothing, so the preview says what is new, changed or left alone;
- runs full_clean() on each object, so the model's validators and clean() apply as in
  the admin form;
- is one transaction (settings.IMPORT_EXPORT_USE_TRANSACTIONS; the admin also rolls back
  on validation errors, see core.admin): one bad row and nothing is written;
- saves each object with save(), so its history row names the editor, with the file
  as the change reason.

Related objects are named by slug, several separated by ";" (as the site's downloads
write lists). An unknown slug is an error naming the column and the slug.
"""

from django.core.exceptions import ValidationError
from import_export import resources, widgets

SEPARATOR = ";"


class SlugWidget(widgets.ForeignKeyWidget):
    """A related object named by its slug."""

    def __init__(self, model, **kwargs):
        kwargs.pop("use_natural_foreign_keys", None)
        super().__init__(model, field="slug", **kwargs)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"no {self.model._meta.verbose_name} has the slug “{value}”."
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Several related objects, their slugs separated by ";"."""

    def __init__(self, model, **kwargs):
        super().__init__(model, separator=SEPARATOR, field="slug")

    def clean(self, value, row=None, **kwargs):
        wanted = [slug.strip() for slug in str(value or "").split(SEPARATOR) if slug.strip()]
        found = self.model.objects.filter(slug__in=wanted)
        missing = sorted(set(wanted) - {obj.slug for obj in found})
        if missing:
            names = ", ".join(f"“{slug}”" for slug in missing)
            raise ValueError(f"no {self.model._meta.verbose_name} has the slug {names}.")
        return found

    def render(self, value, obj=None, **kwargs):
        return f"{SEPARATOR} ".join(item.slug for item in value.all()) if value is not None else ""


def history_note(instance, user=None, file_name=None):
    """Mark the next save of `instance` as the editor's import, for its history row."""
    if user is not None and user.is_authenticated:
        instance._history_user = user
    instance._change_reason = f"Imported from {file_name}" if file_name else "Imported"


class ContentResource(resources.ModelResource):
    """The base of every content import (see the module docstring)."""

    class Meta:
        import_id_fields = ["slug"]
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        # Relations are set as objects (found by slug), not as raw ids.
        use_natural_foreign_keys = True

    @classmethod
    def get_fk_widget(cls, field):
        return lambda **kwargs: SlugWidget(field.related_model, **kwargs)

    @classmethod
    def get_m2m_widget(cls, field):
        return lambda **kwargs: SlugsWidget(field.related_model, **kwargs)

    def get_instance(self, instance_loader, row):
        """An unknown slug in a key column (a value's program, say) is that column's error."""
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    raise ValidationError({field.attribute: str(error)}) from None
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        """Also check many-to-many columns now (the library only reads them after saving),
        so an unknown slug there is a row error like any other."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        history_note(instance, kwargs.get("user"), kwargs.get("file_name"))
