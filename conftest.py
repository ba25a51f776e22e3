"""Project-wide pytest fixtures."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

FIXTURES = sorted(str(path) for path in (Path(__file__).parent / "fixtures").glob("*.json"))
CONTENT_APPS = {"programs", "careers", "faqs"}


def content_counts():
    """Rows per content table, many-to-many link tables included (they can duplicate too)."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS
    }


@pytest.fixture
def site_content(db):
    """Every fixture the site ships, loaded as `make run` loads it."""
    call_command("loaddata", *FIXTURES, verbosity=0)
