from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Career paths"

    def ready(self):
        # Program pages show where the degree leads, and programs never import careers.
        from core import sections

        from .sections import program_careers

        sections.register(
            "program-detail", "careers/includes/program_careers.html", program_careers
        )
