"""Careers on other apps' pages, so those apps never import careers."""

from django import template

from careers.models import CareerPath

register = template.Library()


@register.inclusion_tag("careers/includes/program_careers.html")
def careers_for_program(program):
    """'Where this degree leads' for a program page: at most three queries."""
    return {
        "program": program,
        "careers": list(CareerPath.objects.for_program(program).with_headline()),
    }
