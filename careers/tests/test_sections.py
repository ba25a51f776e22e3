"""Careers' section on program pages and row on the compare page, added through core.sections (programs imports nothing
of careers)."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from careers.sections import program_careers
from core.models import Degree
from core.sections import sections_for
from programs.tests.factories import make_area, make_program

from .factories import make_career, make_figure, make_sector

pytestmark = pytest.mark.django_db


def render(program):
    """Careers' sections on the program page, rendered as the page renders them."""
    return "".join(
        render_to_string(section.template_name, {"data": section.data})
        for section in sections_for("program-detail", program)
        if section.template_name.startswith("careers/")
    )


def test_program_page_section_lists_matching_roles_with_sector_and_headline_figure():
    ml = make_area()
    program = make_program(degree=Degree.PHD, areas=[ml])
    role = make_career(
        title="Research scientist", degree="phd", areas=[ml], sectors=[make_sector(name="Labs")]
    )
    make_figure(career=role, label="Median pay", value=136620, period="May 2022", is_headline=True)
    make_figure(career=role, label="Not the headline", kind="growth", unit="percent", value=23)
    make_career(title="Data scientist", degree="masters", areas=[ml])
    make_career(title="Unrelated", degree="phd", areas=[make_area()])

    html = render(program)
    assert '<section class="program-careers' in html
    assert "Where this degree leads</h2>" in html
    assert f'href="{role.get_absolute_url()}"' in html
    assert "Research scientist" in html and "Labs" in html
    assert "$136,620" in html and "Median pay" in html and "May 2022" in html
    assert "Not the headline" not in html
    assert "Data scientist" not in html
    assert "Unrelated" not in html


def test_program_page_section_without_roles_says_so():
    html = render(make_program())
    assert "No career paths are linked to this program yet." in html
    assert 'href="/careers/"' in html


@pytest.mark.parametrize("roles", [3, 30])
def test_program_page_section_runs_three_queries(django_assert_num_queries, roles):
    ml = make_area()
    program = make_program(degree=Degree.PHD, areas=[ml])
    sector = make_sector()
    for _ in range(roles):
        role = make_career(degree="phd", areas=[ml], sectors=[sector])
        make_figure(career=role, is_headline=True)
    with django_assert_num_queries(3):
        data = program_careers(program)
    html = render_to_string("careers/includes/program_careers.html", {"data": data})
    assert html.count('class="list-group-item"') == roles


def test_the_section_is_on_the_program_page(client):
    ml = make_area()
    program = make_program(degree=Degree.PHD, areas=[ml])
    make_career(title="Research scientist", degree="phd", areas=[ml])
    body = client.get(program.get_absolute_url()).content.decode()
    assert "Where this degree leads" in body and "Research scientist" in body


def test_compare_lists_careers_each_program_leads_to(client):
    phd, masters = make_program(degree=Degree.PHD), make_program(degree=Degree.MASTERS)
    make_career(title="Research scientist", degree=Degree.PHD)
    make_career(title="ML engineer", degree=Degree.ANY)
    response = client.get(reverse("programs:compare"), {"p": [phd.slug, masters.slug]})
    row = next(row for row in response.context["rows"] if row.label == "Careers it leads to")
    assert [sorted(c.title for c in cell) for cell in row.cells] == [
        ["ML engineer", "Research scientist"],
        ["ML engineer"],
    ]
    assert row.differs
    assert "Research scientist</a>" in response.content.decode()
