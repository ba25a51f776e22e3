from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared bottom layer: choices, abstract bases, search, Markdown, formatting.

    It imports no other app of ours; every app may import it.
    """

    name = "core"
    verbose_name = "Shared core"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
        from django.urls import register_converter

        from . import pagecache
        from .exports import ExportFormat

        # Every download URL ends in export.<export:format>.
        register_converter(ExportFormat, "export")
        # Any content change, from anywhere, retires every cached page (see pagecache).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(pagecache.bump_on_commit, dispatch_uid=f"pagecache-{signal!r}")
        post_migrate.connect(
            lambda **kwargs: pagecache.bump(), weak=False, dispatch_uid="pagecache-migrate"
        )
