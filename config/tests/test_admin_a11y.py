"""The admin's accessibility fixes that can be pinned without a browser (the browser tests
run axe on admin pages): every list_editable and tabular inline input is named for its
column and its row, and every admin page loads our stylesheet and script."""

import re
from html import unescape

import pytest
from django.contrib import admin
from django.templatetags.static import static
from django.urls import reverse

from core.admin import RowLabelsFormSet
from faqs.models import Category
from programs.models import Program, Ranking

pytestmark = pytest.mark.django_db


def _admins():
    return list(admin.site._registry.values())


def test_every_list_editable_row_is_named(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    editable = [model_admin for model_admin in _admins() if model_admin.list_editable]
    assert editable
    for model_admin in editable:
        formset = model_admin.get_changelist_formset(request)
        assert issubclass(formset, RowLabelsFormSet), type(model_admin).__name__


def test_every_tabular_inline_row_is_named(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    inlines = [
        inline
        for model_admin in _admins()
        for inline in model_admin.get_inline_instances(request)
        if isinstance(inline, admin.TabularInline)
    ]
    assert inlines
    for inline in inlines:
        assert issubclass(inline.get_formset(request), RowLabelsFormSet), type(inline).__name__


def _aria_labels(response, name_ending):
    """{input name: aria-label} for the inputs whose name ends in name_ending."""
    html = response.content.decode()
    found = {}
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", html):
        name = re.search(r'\bname="([^"]*)"', tag)
        if name and name.group(1).endswith(name_ending):
            label = re.search(r'\baria-label="([^"]*)"', tag)
            found[name.group(1)] = label and unescape(label.group(1))
    return found


def test_list_editable_inputs_name_their_column_and_row(site_content, admin_client):
    response = admin_client.get(reverse("admin:programs_program_changelist"))
    labels = _aria_labels(response, "-is_published")
    programs = response.context["cl"].result_list
    assert len(labels) == len(programs) > 1
    for index, program in enumerate(programs):
        assert labels[f"form-{index}-is_published"] == f"Published: {program}"


def test_inline_inputs_name_their_column_and_own_row(site_content, admin_client):
    # The relation column (a wrapped widget whose attrs Django shares between rows) too.
    ranking = Ranking.objects.get(slug="towards-ai-phd-ml-2021")
    response = admin_client.get(reverse("admin:programs_ranking_change", args=[ranking.pk]))
    entries = list(response.context["inline_admin_formsets"][0].formset.queryset)
    criteria = _aria_labels(response, "-criterion")
    ranks = _aria_labels(response, "-rank")
    assert len(entries) > 1
    for index, entry in enumerate(entries):
        assert criteria[f"entries-{index}-criterion"] == f"Criterion: {entry}"
        assert ranks[f"entries-{index}-rank"] == f"Rank: {entry}"
    assert criteria["entries-__prefix__-criterion"] == "Criterion: new ranking entry"


def test_inline_delete_box_is_named(site_content, admin_client):
    program = Program.objects.get(slug="cmu-phd-machine-learning")
    response = admin_client.get(reverse("admin:programs_program_change", args=[program.pk]))
    fact = program.facts.order_by("order", "pk").first()
    assert _aria_labels(response, "facts-0-DELETE") == {"facts-0-DELETE": f"Delete: {fact}"}


def test_inline_table_has_no_empty_heading(site_content, admin_client):
    # A category's questions: no delete column, so an empty cell heads it, not a <th>.
    category = Category.objects.first()
    response = admin_client.get(reverse("admin:faqs_category_change", args=[category.pk]))
    html = response.content.decode()
    assert '<th class="original"><span class="visually-hidden">Question</span></th>' in html
    assert not re.search(r"<th\b[^>]*>\s*</th>", html)


@pytest.mark.parametrize(
    "url",
    ["admin:index", "admin:programs_program_changelist", "admin:programs_program_add"],
)
def test_admin_pages_load_our_stylesheet_and_script(admin_client, url):
    html = admin_client.get(reverse(url)).content.decode()
    assert f'<link rel="stylesheet" href="{static("editors/admin.css")}">' in html
    assert f'<script src="{static("editors/admin.js")}" defer></script>' in html


def test_export_select_all_box_is_labelled(admin_client):
    html = admin_client.get(reverse("admin:programs_program_export")).content.decode()
    assert re.search(
        r'<label class="select-toggle-label"><input type="checkbox" class="select-toggle"', html
    )
