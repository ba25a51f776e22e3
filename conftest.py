"""Project-wide pytest fixtures."""

import html
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import Client
from simple_history.models import HistoricalChanges

from core import batching

FIXTURES = sorted(str(path) for path in (Path(__file__).parent / "fixtures").glob("*.json"))
CONTENT_APPS = {"programs", "careers", "faqs"}

# Tests run in transactions that never commit: derived rows are rebuilt at each change
# instead of on commit (core.batching), except where a test turns this off.
batching.AT_ONCE = True


def content_models():
    """Every content table, many-to-many link tables included (they can duplicate too);
    not the editors' history tables, which fixtures never fill."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in CONTENT_APPS and not issubclass(model, HistoricalChanges)
    ]


def content_counts():
    """Rows per content table."""
    return {model._meta.label: model.objects.count() for model in content_models()}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with Django's one-off probes of it already made. Django asks
    SQLite whether it has JSON (a savepoint and a SELECT) the first time a query uses
    JSON; made inside a query budget, that probe counted against whichever test came
    first in its process."""
    with django_db_blocker.unblock():
        connection.features.supports_json_field  # noqa: B018 (a cached property: the probe)


@pytest.fixture(scope="session")
def shipped_rows(django_db_setup, django_db_blocker):
    """Every row the shipped fixtures make, read once per test process.

    Loading the fixtures is slow (natural keys, Markdown rendering, one save per
    object), so it happens once, in a transaction that is then rolled back;
    site_content copies the rows back in with one INSERT per table.
    """
    rows = {}
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", *FIXTURES, verbosity=0)
        for model in content_models():
            names = [field.attname for field in model._meta.concrete_fields]
            rows[model] = (names, list(model.objects.order_by("pk").values_list(*names)))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def site_content(db, shipped_rows):
    """Every fixture the site ships, as `make run` loads it (rolled back after the test; a
    transactional test, such as a browser test, has its tables emptied instead)."""
    # One transaction: tables are filled in no particular order, so foreign keys may only
    # be checked at its end (a transactional test would otherwise commit table by table).
    with transaction.atomic():
        for model, (names, values) in shipped_rows.items():
            model.objects.bulk_create(
                [model(**dict(zip(names, row, strict=True))) for row in values]
            )
    # PostgreSQL: objects a test creates next must not take the copied primary keys.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(shipped_rows)):
            cursor.execute(sql)


_LOADED_STATE = re.compile(r'name="_loaded_state" value="([^"]+)"')
_CHANGE_FORM = re.compile(r"^/admin/\w+/\w+/\d+/change/$")


class EditorClient(Client):
    """The admin client, submitting change forms as a browser does: from the version it
    loaded (core.admin.NoLostEditsMixin's token), unless the test passes its own."""

    def post(self, path, data=None, *args, **kwargs):
        if isinstance(data, dict) and "_loaded_state" not in data and _CHANGE_FORM.match(path):
            found = _LOADED_STATE.search(self.get(path).content.decode())
            if found:
                data = {**data, "_loaded_state": html.unescape(found.group(1))}
        return super().post(path, data, *args, **kwargs)


@pytest.fixture
def admin_client(db, admin_user):
    client = EditorClient()
    client.force_login(admin_user)
    return client
