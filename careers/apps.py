from django.apps import AppConfig


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = "Career paths"

    def ready(self):
        # Program pages show where the degree leads, and programs never import careers.
        from core import sections

        from .sections import compare_careers, program_careers

        sections.register(
            "program-detail", "careers/includes/program_careers.html", program_careers
        )
        # The compare page adds data["row"]; that template shows each of its cells.
        sections.register("program-compare", "careers/includes/compare_cell.html", compare_careers)
