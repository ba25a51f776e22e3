"""What careers adds to other apps' pages (registered in CareersConfig.ready())."""

from programs.compare import CompareRow

from .models import CareerPath


def program_careers(program):
    """'Where this degree leads' on a program page: at most three queries."""
    return {
        "program": program,
        "careers": list(CareerPath.objects.for_program(program).with_headline()),
    }


def compare_careers(programs):
    """The compare page's "Careers it leads to" row, in one query."""
    careers = list(CareerPath.objects.for_programs(programs).only("title", "slug"))
    cells = [
        [career for career in careers if getattr(career, f"for_program_{i}")]
        for i in range(len(programs))
    ]
    keys = [tuple(career.pk for career in careers) for careers in cells]
    return {
        "row": CompareRow("Careers it leads to", "careers/includes/compare_cell.html", cells, keys)
    }
