"""Every edit is kept with its editor; the history page says what changed; a version
can be restored, and the restore is itself recorded with who did it."""

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalChanges

from careers.models import CareerPath, Figure
from faqs.models import GlossaryTerm, Question, Requirement
from programs.models import (
    Program,
    ProgramAttribute,
    ProgramFact,
    Ranking,
    RankingEntry,
    University,
)
from programs.tests.factories import make_program

pytestmark = pytest.mark.django_db

# Every model an editor edits in the content apps: a new one without history fails here.
CONTENT = [
    model
    for model in django_apps.get_models()
    if model._meta.app_label in {"programs", "careers", "faqs"}
    and model in admin.site._registry
    and not issubclass(model, HistoricalChanges)
]
assert {University, Program, ProgramAttribute, ProgramFact, Ranking, RankingEntry, CareerPath,
        Figure, Question, GlossaryTerm, Requirement} <= set(CONTENT)  # fmt: skip


@pytest.mark.parametrize("model", CONTENT, ids=lambda m: m._meta.model_name)
def test_content_keeps_its_history_in_the_admin(model):
    assert hasattr(model, "history")
    assert isinstance(admin.site._registry[model], SimpleHistoryAdmin)


def renamed_program(editor):
    program = make_program(name="MS in ML", slug="ms-in-ml", degree="masters")
    program.name = "MS in Machine Learning"
    program._history_user = editor
    program.save()
    return program


def test_the_history_page_shows_what_changed(admin_client, admin_user):
    program = renamed_program(admin_user)
    page = admin_client.get(reverse("admin:programs_program_history", args=[program.pk]))
    (change,) = [record for record in page.context["page_obj"] if record.history_type == "~"]
    assert [(c["field"], c["old"], c["new"]) for c in change.history_delta_changes] == [
        ("Name", "MS in ML", "MS in Machine Learning")
    ]
    text = page.content.decode()
    assert "MS in ML" in text and "MS in Machine Learning" in text


def _posted(form):
    """What a browser sends back for an admin form as shown."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif value is None or value is False:
            continue
        else:
            data[name] = "on" if value is True else str(value)
    return data


# simple-history's submit_line.html reads an `onclick_attrib` no view sets (a library quirk).
@pytest.mark.ignore_template_errors
def test_reverting_restores_the_old_value_and_records_who_reverted(client, admin_user):
    program = renamed_program(admin_user)
    first = program.history.earliest()
    reverter = User.objects.create_superuser("reverter", password="x")
    client.force_login(reverter)
    url = reverse("admin:programs_program_simple_history", args=[program.pk, first.pk])
    shown = client.get(url)
    assert shown.status_code == 200 and "Revert" in shown.content.decode()

    response = client.post(url, _posted(shown.context["adminform"].form))
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.name == "MS in ML"
    latest = program.history.latest()
    assert (latest.history_type, latest.history_user, latest.name) == ("~", reverter, "MS in ML")
    assert program.history.count() == 3  # made, renamed, reverted
