import pytest
from django.urls import reverse

from careers.models import CareerPath, Figure
from programs.tests.factories import make_source

from .factories import (
    make_career,
    make_demand,
    make_employer,
    make_field,
    make_figure,
    make_sector,
    make_skill,
)

pytestmark = pytest.mark.django_db

MODELS = ["careerpath", "figure", "sector", "employer", "skill", "applicationfield", "degreedemand"]


@pytest.fixture
def content():
    role = make_career(
        title="Research scientist",
        sectors=[make_sector(name="Research labs")],
        skills=[make_skill(name="Python")],
        employers=[make_employer(name="OpenAI")],
        fields=[make_field(name="Healthcare")],
    )
    make_figure(career=role, label="Median pay")
    make_demand(title="Resilience")
    return role


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("query", ["", "research", "python", "%", "résumé"])
def test_changelist_with_search(admin_client, content, model, query):
    response = admin_client.get(reverse(f"admin:careers_{model}_changelist"), {"q": query})
    assert response.status_code == 200


def test_changelist_search_finds_through_relations(admin_client, content):
    url = reverse("admin:careers_careerpath_changelist")
    assert "Research scientist" in admin_client.get(url, {"q": "openai"}).content.decode()
    assert "Research scientist" not in admin_client.get(url, {"q": "zzz"}).content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_add_and_change_pages_render(admin_client, content, model):
    assert admin_client.get(reverse(f"admin:careers_{model}_add")).status_code == 200


def test_role_change_page_has_figure_inline_and_autocomplete(admin_client, content):
    response = admin_client.get(reverse("admin:careers_careerpath_change", args=[content.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "figures-TOTAL_FORMS" in html
    assert "Median pay" in html
    assert "data-autocomplete-light" in html or "admin-autocomplete" in html


def figure_data(source, **overrides):
    return {
        "label": "Median pay",
        "slug": "median-pay",
        "career": "",
        "degree": "any",
        "kind": "salary",
        "value": "100000",
        "unit": "usd",
        "qualifier": "",
        "scope": "",
        "note": "",
        "year": "2022",
        "year_basis": "data",
        "period": "",
        "source": source.pk,
        "order": "0",
        "last_verified": "2026-11-22",
        **overrides,
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"value": "-5"}, "A salary must be more than zero."),
        ({"kind": "share", "unit": "percent", "value": "150"}, "between 0 and 100"),
        ({"year": "1850"}, "greater than or equal to 1900"),
        ({"year": "2150"}, "less than or equal to 2100"),
        ({"kind": "growth", "unit": "usd", "value": "23"}, "in percent"),
        ({"value": "abc"}, "Enter a number."),
    ],
)
def test_figure_add_form_explains_bad_input(admin_client, overrides, message):
    url = reverse("admin:careers_figure_add")
    response = admin_client.post(url, figure_data(make_source(), **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Figure.objects.exists()


def test_figure_add_form_accepts_good_input(admin_client):
    response = admin_client.post(reverse("admin:careers_figure_add"), figure_data(make_source()))
    assert response.status_code == 302
    assert Figure.objects.get().display_value == "$100,000"


def test_role_add_form_requires_a_source(admin_client, content):
    response = admin_client.post(
        reverse("admin:careers_careerpath_add"),
        {
            "title": "New role",
            "slug": "new-role",
            "summary": "S",
            "work": "W",
            "degree": "phd",
            "degree_source": content.degree_source.pk,
            "order": "0",
            "is_published": "on",
            "figures-TOTAL_FORMS": "0",
            "figures-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not CareerPath.objects.filter(slug="new-role").exists()


def test_figure_inline_errors_are_shown_on_the_role_form(admin_client, content):
    source = make_source()
    data = {
        "title": content.title,
        "slug": content.slug,
        "summary": content.summary,
        "work": content.work,
        "degree": content.degree,
        "degree_source": content.degree_source.pk,
        "sources": [content.degree_source.pk],
        "order": "0",
        "is_published": "on",
        "figures-TOTAL_FORMS": "1",
        "figures-INITIAL_FORMS": "0",
        **{f"figures-0-{name}": value for name, value in figure_data(source).items()},
        "figures-0-kind": "share",
        "figures-0-unit": "percent",
        "figures-0-value": "120",
        "figures-0-career": content.pk,
    }
    response = admin_client.post(
        reverse("admin:careers_careerpath_change", args=[content.pk]), data
    )
    assert response.status_code == 200
    assert "between 0 and 100" in response.content.decode()
    assert content.figures.count() == 1


@pytest.mark.parametrize(
    ("field", "term", "expected"),
    [
        ("employers", "open", "OpenAI"),
        ("skills", "pyth", "Python"),
        ("sectors", "labs", "Research labs"),
        ("application_fields", "health", "Healthcare"),
    ],
)
def test_role_autocomplete_finds_related_rows(admin_client, content, field, term, expected):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "careers", "model_name": "careerpath", "field_name": field, "term": term},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == [expected]


def test_two_headline_figures_in_one_save_get_a_message_not_a_500(admin_client):
    from careers.models import Figure

    career = make_career()
    source = career.degree_source
    url = reverse("admin:careers_careerpath_change", args=[career.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data = {
        key: (
            [v.pk for v in value]
            if hasattr(value, "__iter__") and not isinstance(value, str)
            else value
        )
        for key, value in data.items()
    }
    prefix = "figures"
    data.update({f"{prefix}-TOTAL_FORMS": "2", f"{prefix}-INITIAL_FORMS": "0"})
    for i in range(2):
        data.update(
            {
                f"{prefix}-{i}-label": f"Figure {i}",
                f"{prefix}-{i}-slug": f"figure-{i}",
                f"{prefix}-{i}-kind": "count",
                f"{prefix}-{i}-value": "10",
                f"{prefix}-{i}-unit": "number",
                f"{prefix}-{i}-year": "2024",
                f"{prefix}-{i}-source": source.pk,
                f"{prefix}-{i}-is_headline": "on",
                f"{prefix}-{i}-order": "0",
                f"{prefix}-{i}-last_verified": "2026-11-22",
            }
        )
    for name, value in list(data.items()):
        if isinstance(value, list):
            data[name] = [str(v) for v in value]
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "Only one figure per role can be the headline figure." in response.content.decode()
    assert not Figure.objects.filter(slug__startswith="figure-").exists()


def test_moving_the_headline_up_the_list_saves(admin_client):
    from careers.models import Figure

    career = make_career()
    figures = [make_figure(career=career, slug=f"move-{i}", order=i) for i in range(3)]
    Figure.objects.filter(pk=figures[2].pk).update(is_headline=True)
    url = reverse("admin:careers_careerpath_change", args=[career.pk])
    response = admin_client.get(url)
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = str(fs.total_form_count())
        data[f"{fs.prefix}-INITIAL_FORMS"] = str(fs.initial_form_count())
        for form in fs.forms:
            for name in form.fields:
                value = form[name].value()
                if value is None or value is False:
                    continue
                key = form.add_prefix(name)
                data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    headline_first = "figures-0-is_headline"
    data.pop("figures-2-is_headline", None)
    data[headline_first] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and [
        f.errors for f in response.context["inline_admin_formsets"][0].formset.forms
    ]
    assert list(
        Figure.objects.filter(career=career, is_headline=True).values_list("slug", flat=True)
    ) == [figures[0].slug]
