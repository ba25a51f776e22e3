from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Read-only API"

    def ready(self):
        # Registers the OpenAPI extension before any schema is generated.
        from . import schema  # noqa: F401
