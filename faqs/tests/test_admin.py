"""The FAQ admin: every changelist searchable, answers previewed safely, questions reorderable."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from faqs.models import Level, Question
from faqs.tests.factories import make_category, make_question, make_requirement, make_term
from programs.models import Degree
from programs.tests.factories import make_program, make_source

pytestmark = pytest.mark.django_db

FAQS_ADMINS = [model for model in admin.site._registry if model._meta.app_label == "faqs"]


def url(model, view, *args):
    return reverse(f"admin:faqs_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def content():
    category = make_category(name="PhD or master's", slug="phd-or-masters")
    question = make_question(
        category=category, question="Why do a PhD?", answer="To become a **pioneer**."
    )
    make_term(term="Deep learning", slug="deep-learning", aliases="DL")
    program = make_program(name="PhD in EECS", degree=Degree.PHD)
    make_requirement(title="GRE scores", program=program, level=Level.PHD)
    return question


def test_every_faqs_model_is_registered_and_passes_admin_checks():
    assert set(apps.get_app_config("faqs").get_models()) == set(FAQS_ADMINS)
    for model in FAQS_ADMINS:
        assert admin.site._registry[model].check() == []


@pytest.mark.parametrize("model", FAQS_ADMINS, ids=lambda m: m._meta.model_name)
def test_changelist_search_and_add_form(admin_client, content, model):
    changelist = url(model, "changelist")
    assert admin_client.get(changelist).status_code == 200
    for query in ["phd", "<script>%_", "x" * 500]:
        assert admin_client.get(changelist, {"q": query}).status_code == 200
    assert admin_client.get(url(model, "add")).status_code == 200


@pytest.mark.parametrize(
    ("model_name", "query", "expected"),
    [
        ("question", "pioneer", ["Why do a PhD?"]),
        ("category", "master", ["PhD or master's"]),
        ("glossaryterm", "DL", ["Deep learning"]),
        ("requirement", "EECS", ["GRE scores"]),
    ],
)
def test_search_finds_by_text(admin_client, content, model_name, query, expected):
    response = admin_client.get(reverse(f"admin:faqs_{model_name}_changelist"), {"q": query})
    assert [str(obj).split(" (")[0] for obj in response.context["cl"].result_list] == expected


def test_change_form_previews_the_sanitized_answer_with_glossary_links(admin_client, content):
    content.answer = "Deep learning <script>alert(1)</script>[x](javascript:alert(2))"
    content.save()
    html = admin_client.get(url(Question, "change", content.pk)).content.decode()
    preview = html.split("Rendered answer")[1].split("</fieldset>")[0]
    assert (
        '<a href="/faqs/glossary/#deep-learning" class="glossary-link">Deep learning</a>' in preview
    )
    assert "<script>alert(1)" not in html
    assert "javascript:alert(2)" not in preview


def test_add_form_explains_the_preview(admin_client):
    html = admin_client.get(url(Question, "add")).content.decode()
    assert "Save and continue editing to see the preview." in html


def test_question_added_in_the_admin_is_rendered(admin_client):
    category = make_category()
    source = make_source()
    response = admin_client.post(
        url(Question, "add"),
        {
            "category": category.pk,
            "question": "Is it *safe*?",
            "slug": "is-it-safe",
            "level": Level.ANY,
            "order": 1,
            "is_published": "on",
            "answer": "Yes <img src=x onerror=alert(1)>",
            "sources": [source.pk],
        },
    )
    assert response.status_code == 302
    question = Question.objects.get(slug="is-it-safe")
    assert question.answer_html == "<p>Yes </p>"
    assert list(question.sources.all()) == [source]


def test_admin_form_rejects_reserved_slug_and_missing_source(admin_client):
    response = admin_client.post(
        url(Question, "add"),
        {
            "category": make_category().pk,
            "question": "Clash?",
            "slug": "glossary",
            "level": Level.ANY,
            "order": 1,
            "answer": "x",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "is the address of another FAQ page" in errors["slug"][0]
    assert "sources" in errors


def test_questions_can_be_reordered_from_the_changelist(admin_client):
    category = make_category()
    first = make_question(category=category, order=1)
    second = make_question(category=category, order=2)
    response = admin_client.post(
        url(Question, "changelist"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-order": "20",
            "form-0-is_published": "on",
            "form-1-id": second.pk,
            "form-1-order": "10",
            "form-1-is_published": "on",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert list(Question.objects.filter(category=category)) == [second, first]


def test_category_page_lists_its_questions_inline(admin_client, content):
    html = admin_client.get(url(content.category.__class__, "change", content.category.pk))
    html = html.content.decode()
    assert 'value="Why do a PhD?"' in html
    assert "questions-0-order" in html


def test_category_filter_by_published_questions(admin_client, content):
    empty = make_category(name="Empty category")
    make_question(category=empty, is_published=False)
    changelist = url(content.category.__class__, "changelist")

    def names(value):
        response = admin_client.get(changelist, {"has_questions": value})
        return [category.name for category in response.context["cl"].result_list]

    assert names("yes") == ["PhD or master's"]
    assert names("no") == ["Empty category"]
