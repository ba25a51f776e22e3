"""The admin base every content model's admin shares: history (who changed what, when,
each version and what changed from the one before, revert) and bulk import and export
(see core.imports). Not registered here: each app registers its own models."""

from import_export.admin import ImportExportMixin, ImportMixin
from simple_history.admin import SimpleHistoryAdmin


class ImportPreviewMixin(ImportMixin):
    """Import with a preview that counts what will be created, changed and left alone,
    and that writes nothing unless every row is valid."""

    import_template_name = "admin/content_import.html"

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # The preview already refused invalid files; this keeps the confirmed import
        # all-or-nothing too, should the data have changed in between.
        return {**kwargs, "rollback_on_validation_errors": True}


class ContentAdmin(ImportPreviewMixin, ImportExportMixin, SimpleHistoryAdmin):
    """History, revert, import and export, for a content model's admin."""
