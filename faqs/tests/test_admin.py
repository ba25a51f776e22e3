"""The FAQ admin: every changelist searchable, answers previewed safely, questions reorderable."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from core.models import Degree
from faqs.models import Category, Question
from faqs.tests.factories import make_category, make_question, make_requirement, make_term
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
    make_requirement(title="GRE scores", program=program, level=Degree.PHD)
    return question


def test_every_faqs_model_is_registered_and_passes_admin_checks():
    from simple_history.models import HistoricalChanges

    # History tables are read through their model's admin ("History" button).
    models = apps.get_app_config("faqs").get_models()
    assert {m for m in models if not issubclass(m, HistoricalChanges)} == set(FAQS_ADMINS)
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
        '<a href="/faqs/glossary/#term-deep-learning" class="glossary-link">Deep learning</a>'
        in preview
    )
    assert "<script>alert(1)" not in html
    assert "javascript:alert(2)" not in preview


def test_add_form_explains_the_preview(admin_client):
    html = admin_client.get(url(Question, "add")).content.decode()
    assert "Save and continue editing to see the preview." in html


def question_form(**fields):
    """What the admin's add-question form posts, with `fields` changed."""
    return {
        "category": make_category().pk,
        "question": "Is it *safe*?",
        "slug": "is-it-safe",
        "level": Degree.ANY,
        "order": 1,
        "is_published": "on",
        "answer": "An answer.",
        "sources": [make_source().pk],
        "last_verified": "2026-11-22",
        **fields,
    }


def test_question_added_in_the_admin_is_rendered(admin_client):
    source = make_source()
    response = admin_client.post(
        url(Question, "add"),
        question_form(answer="Yes <img src=x onerror=alert(1)>", sources=[source.pk]),
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
            "level": Degree.ANY,
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


def test_category_page_lists_its_questions_to_reorder_not_to_add(admin_client, content):
    response = admin_client.get(url(Category, "change", content.category.pk))
    html = response.content.decode()
    assert "Why do a PhD?" in html
    assert 'name="questions-0-order"' in html
    assert f'href="{url(Question, "change", content.pk)}"' in html
    # Only the order is a form field; questions are added and edited on their own page.
    assert 'name="questions-0-question"' not in html
    assert 'name="questions-0-DELETE"' not in html
    # No blank row to add one from (the admin's script clones it).
    assert 'name="questions-MAX_NUM_FORMS" value="0"' in html
    assert "questions-__prefix__" not in html


def _category_form(category, questions, extra_rows=()):
    """The category change form as the browser posts it, with rows for `questions`
    and `extra_rows` (dicts of field values) as if added to the inline."""
    rows = [
        {"id": question.pk, "category": category.pk, "order": question.order}
        for question in questions
    ] + [{"category": category.pk, **row} for row in extra_rows]
    data = {
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
        "order": category.order,
        "questions-TOTAL_FORMS": len(rows),
        "questions-INITIAL_FORMS": len(questions),
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 0,
        "_save": "Save",
    }
    for n, row in enumerate(rows):
        data |= {f"questions-{n}-{name}": value for name, value in row.items()}
    return data


def test_category_inline_reorders_questions(admin_client):
    category = make_category()
    first = make_question(category=category, order=1)
    second = make_question(category=category, order=2)
    first.order, second.order = 20, 10
    response = admin_client.post(
        url(Category, "change", category.pk), _category_form(category, [first, second])
    )
    assert response.status_code == 302
    assert list(category.questions.all()) == [second, first]


def test_category_inline_cannot_create_broken_questions(admin_client, client, content):
    """Rows added to the inline used to save published questions with no slug, answer or
    source (and two at once a 500), after which every FAQ list and search was a 500."""
    category = content.category
    before = set(Question.objects.values_list("pk", flat=True))
    added = [
        {
            "question": "Added from the category page?",
            "level": Degree.ANY,
            "order": 5,
            "is_published": "on",
            "slug": "",
            "answer": "",
        },
        {"question": "And another one?", "level": Degree.PHD, "order": 6, "is_published": "on"},
    ]
    # A row added to the inline, two rows at once, and an existing question's text,
    # level, publication and slug changed from it: none of it reaches the database.
    edited = {"question": "Changed here?", "slug": "", "is_published": "", "level": Degree.PHD}
    for extra_rows in [added[:1], added]:
        data = _category_form(category, [content], extra_rows)
        data |= {f"questions-0-{name}": value for name, value in edited.items()}
        response = admin_client.post(url(Category, "change", category.pk), data)
        assert response.status_code in (200, 302)
        assert set(Question.objects.values_list("pk", flat=True)) == before
        assert not Question.objects.filter(slug="").exists()
        content.refresh_from_db()
        assert (content.question, content.is_published) == ("Why do a PhD?", True)
        assert content.slug and content.level == Degree.ANY
    for page in [reverse("faqs:list"), reverse("faqs:list") + "?q=added"]:
        assert client.get(page).status_code == 200


def test_category_filter_by_published_questions(admin_client, content):
    empty = make_category(name="Empty category")
    make_question(category=empty, is_published=False)
    changelist = url(content.category.__class__, "changelist")

    def names(value):
        response = admin_client.get(changelist, {"has_questions": value})
        return [category.name for category in response.context["cl"].result_list]

    assert names("yes") == ["PhD or master's"]
    assert names("no") == ["Empty category"]


def test_a_question_without_a_verified_date_is_refused_with_a_message(admin_client):
    form = question_form(slug="undated")
    del form["last_verified"]
    response = admin_client.post(url(Question, "add"), form)
    assert response.status_code == 200
    assert "last_verified" in response.context["adminform"].form.errors
    assert not Question.objects.filter(slug="undated").exists()


def test_question_import_names_an_unknown_source_and_writes_nothing(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    make_category(slug="applying")
    make_source(slug="known")
    text = (
        "slug,category,question,answer,sources,last_verified\n"
        "why,applying,Why apply?,Because.,known; missing,2026-11-22\n"
    )
    formats = admin.site._registry[Question].get_import_formats()
    response = admin_client.post(
        url(Question, "import"),
        {
            "import_file": SimpleUploadedFile("faqs.csv", text.encode()),
            "format": next(i for i, f in enumerate(formats) if f().get_title() == "csv"),
        },
    )
    (row,) = response.context["result"].invalid_rows
    assert (row.number, row.field_specific_errors) == (
        1,
        {"sources": ["no source has the slug “missing”."]},
    )
    assert not Question.objects.exists()
