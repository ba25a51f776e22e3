from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared bottom layer: choices, abstract bases, search, Markdown, formatting.

    It imports no other app of ours; every app may import it.
    """

    name = "core"
    verbose_name = "Shared core"
