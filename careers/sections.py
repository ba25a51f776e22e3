"""What careers adds to other apps' pages (registered in CareersConfig.ready())."""

from .models import CareerPath


def program_careers(program):
    """'Where this degree leads' on a program page: at most three queries."""
    return {
        "program": program,
        "careers": list(CareerPath.objects.for_program(program).with_headline()),
    }
