"""Addresses of other sites are http(s) on every way in (full_clean, the admin, loaddata,
save() and update()), and anything else is never a link on the way out (pages, API)."""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, models, transaction
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from simple_history.models import HistoricalChanges

from api.serializers import ExternalURLField, ModelSerializer, SourceSerializer
from careers.models import Employer
from careers.tests.factories import make_employer
from core.validators import http_url_constraint, validate_http_url
from programs.models import Attribute, Program, ProgramAttribute, Source, University
from programs.tests.factories import make_attribute, make_program, make_source, make_university

PAYLOADS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
]
CONTENT_APPS = {"programs", "careers", "faqs"}


def url_fields():
    """(model, field name) for every address field of every content model."""
    return [
        (model, field.name)
        for model in apps.get_models()
        if model._meta.app_label in CONTENT_APPS and not issubclass(model, HistoricalChanges)
        for field in model._meta.fields
        if isinstance(field, models.URLField)
    ]


FIELDS = {
    (Source, "url"): make_source,
    (University, "website"): make_university,
    (Program, "official_url"): make_program,
    (ProgramAttribute, "url"): lambda: make_attribute(make_program(), Attribute.ADMISSIONS_PAGE),
    (Employer, "website"): make_employer,
}
CASES = [
    pytest.param(model, name, payload, id=f"{model._meta.model_name}.{name}-{i}")
    for model, name in FIELDS
    for i, payload in enumerate(PAYLOADS)
]


def test_every_address_field_is_covered_here():
    assert set(url_fields()) == set(FIELDS)


@pytest.mark.parametrize("model, name", url_fields(), ids=lambda v: getattr(v, "__name__", v))
def test_every_address_field_has_the_validator_and_the_constraint(model, name):
    assert validate_http_url in model._meta.get_field(name).validators
    assert any(
        constraint == http_url_constraint(name, constraint.name)
        for constraint in model._meta.constraints
    ), f"{model.__name__}.{name} needs http_url_constraint in Meta.constraints"


@pytest.mark.django_db
@pytest.mark.parametrize("model, name, payload", CASES)
def test_full_clean_refuses(model, name, payload):
    obj = FIELDS[model, name]()
    setattr(obj, name, payload)
    with pytest.raises(ValidationError) as error:
        obj.full_clean()
    assert name in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("model, name, payload", CASES)
def test_the_database_refuses_save_and_update(model, name, payload):
    obj = FIELDS[model, name]()
    setattr(obj, name, payload)
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=obj.pk).update(**{name: payload})


@pytest.mark.django_db
@pytest.mark.parametrize("model, name", list(FIELDS))
def test_the_scheme_is_case_insensitive_on_every_path(model, name):
    """The validator and the constraint agree on an upper-case scheme (PostgreSQL's LIKE
    is case-sensitive; the constraint must not be)."""
    obj = FIELDS[model, name]()
    setattr(obj, name, "HTTPS://EXAMPLE.ORG/")
    obj.full_clean()
    obj.save()


@pytest.mark.django_db
@pytest.mark.parametrize("model, name, payload", CASES)
def test_the_admin_form_refuses(rf, admin_user, model, name, payload):
    obj = FIELDS[model, name]()
    request = rf.get("/")
    request.user = admin_user
    form_class = admin.site._registry[model].get_form(request, obj)
    data = {key: value for key, value in model_to_dict(obj).items() if value is not None}
    data = {k: [v.pk for v in vs] if isinstance(vs, list) else vs for k, vs in data.items()}
    form = form_class(data={**data, name: payload}, instance=obj)
    assert not form.is_valid()
    assert name in form.errors


@pytest.mark.django_db
@pytest.mark.parametrize("model, name, payload", CASES)
def test_loaddata_refuses_and_changes_nothing(tmp_path, model, name, payload):
    obj = FIELDS[model, name]()
    before = getattr(model.objects.get(pk=obj.pk), name)
    [row] = json.loads(
        serializers.serialize(
            "json", [obj], use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
    )
    row.pop("pk", None)
    row["fields"][name] = payload
    fixture = Path(tmp_path) / "bad.json"
    fixture.write_text(json.dumps([row]))
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(fixture), verbosity=0)
    assert getattr(model.objects.get(pk=obj.pk), name) == before


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_api_outputs_no_unsafe_address(payload):
    assert SourceSerializer(Source(slug="s", title="S", url=payload)).data["url"] == ""
    assert SourceSerializer(Source(slug="s", title="S", url="https://x.org/")).data["url"]


def test_every_api_address_field_is_checked_on_output():
    import api.serializers

    for serializer in vars(api.serializers).values():
        if not (isinstance(serializer, type) and issubclass(serializer, ModelSerializer)):
            continue
        if not hasattr(serializer, "Meta"):
            continue
        for name, field in serializer().fields.items():
            if isinstance(getattr(field, "child", field), ExternalURLField):
                continue
            model_field = getattr(serializer.Meta.model, name, None)
            is_address = isinstance(getattr(model_field, "field", None), models.URLField)
            assert not is_address, f"{serializer.__name__}.{name}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_pages_show_an_unsafe_address_as_text(payload):
    source = Source(slug="s", title="The source", url=payload)
    html = render_to_string("includes/source.html", {"source": source})
    assert "href" not in html and "The source" in html
    row = ProgramAttribute(attribute=Attribute.ADMISSIONS_PAGE, url=payload, source=source)
    html = render_to_string("programs/includes/attribute_value.html", {"row": row})
    assert "href" not in html and "The source" in html


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# An href straight from a model's address field, not through |external_link.
RAW_ADDRESS_HREF = re.compile(r"href=\"\{\{\s*[\w.]*\.(?:url|website|official_url)\s*\}\}")


def test_no_template_links_an_address_field_directly():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if RAW_ADDRESS_HREF.search(path.read_text())
    ]
    assert offenders == []
