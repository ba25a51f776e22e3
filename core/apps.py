from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared bottom layer: choices, abstract bases, search, Markdown, formatting.

    It imports no other app of ours; every app may import it.
    """

    name = "core"
    verbose_name = "Shared core"

    def ready(self):
        from django.urls import register_converter

        from .exports import ExportFormat

        # Every download URL ends in export.<export:format>.
        register_converter(ExportFormat, "export")
