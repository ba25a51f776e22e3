from django.apps import AppConfig


class FaqsConfig(AppConfig):
    name = "faqs"
    verbose_name = "Application FAQs"

    def ready(self):
        # Program pages show the program's own admission rules; programs never imports faqs.
        from core import sections

        from .sections import program_rules

        sections.register("program-detail", "faqs/includes/program_rules.html", program_rules)
