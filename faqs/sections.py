"""What faqs adds to other apps' pages (registered in FaqsConfig.ready())."""

from .models import Requirement


def program_rules(program):
    """The program's own admission rules on its page: one query."""
    return {"rules": list(Requirement.objects.of_program(program))}
