from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Programs and rankings"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # connects the ShownRank rebuilds

        post_migrate.connect(signals.rebuild_after_migrate, sender=self)
