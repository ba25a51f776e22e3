"""Load the site's content: every fixture in FIXTURE_DIRS, in file-name order.

Object by object, matched by natural key (the slug): by default only objects the
database lacks are added, so edits made in the admin survive every `make run`;
`--overwrite` puts every object back as the fixtures have it. Every object is checked
with full_clean() first, and the whole run is one transaction: a bad file changes
nothing and is reported in one line (file, object, field, message).
"""

import argparse
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.core.serializers import base, python
from django.db import DatabaseError, connection, transaction


class BadContent(Exception):
    """One line about one object of one file."""


def fixture_files():
    """Every fixture, in file-name order whichever folder it is in: later files refer to
    earlier ones (10_programs before 30_careers)."""
    paths = (path for folder in settings.FIXTURE_DIRS for path in Path(folder).glob("*.json"))
    return [str(path) for path in sorted(paths, key=lambda path: (path.name, str(path)))]


def read(path):
    """The file's objects, as the JSON says them."""
    try:
        with open(path, encoding="utf-8") as fixture:
            objects = json.load(fixture)
    except OSError as error:
        raise BadContent(f"can't read it: {error.strerror}") from error
    except ValueError as error:
        raise BadContent(f"not valid JSON: {error}") from error
    if not isinstance(objects, list) or not all(
        isinstance(obj, dict) and isinstance(obj.get("fields", {}), dict) for obj in objects
    ):
        raise BadContent('not a fixture: expected a list of {"model": ..., "fields": {...}}')
    return objects


def describe(raw, index, instance=None):
    """'programs.program "cmu-phd-machine-learning"': the model and natural key."""
    label = raw.get("model", "?")
    key = None
    if instance is not None and hasattr(instance, "natural_key"):
        try:
            key = "/".join(str(part) for part in instance.natural_key())
        except ObjectDoesNotExist:  # a relation of the key is missing
            key = None
    key = key or raw.get("fields", {}).get("slug") or raw.get("pk")
    return f'{label} "{key}"' if key else f"{label} (object {index + 1} in the file)"


def build(raw, index):
    """The object the fixture describes, its pk set if the database already has it."""
    try:
        model = apps.get_model(raw.get("model", ""))
    except (LookupError, ValueError) as error:
        raise BadContent(f"{describe(raw, index)}: unknown model") from error
    for name in raw.get("fields", {}):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise BadContent(f"{describe(raw, index)}, field {name}: no such field") from error
    try:
        [deserialized] = python.Deserializer([raw], handle_forward_references=True)
    except (base.DeserializationError, ObjectDoesNotExist, ValidationError) as error:
        raise BadContent(f"{describe(raw, index)}: {error}") from error
    return deserialized


def check(deserialized, raw, index):
    obj = deserialized.object
    deferred = [field.name for field in deserialized.deferred_fields or {}]
    try:
        obj.full_clean(exclude=deferred)
    except ValidationError as error:
        problems = "; ".join(
            f"{'field ' + name if name != '__all__' else 'object'}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
        raise BadContent(f"{describe(raw, index, obj)}, {problems}") from error


class Command(BaseCommand):
    help = (
        "Load the fixtures (fixtures/*.json, in name order), object by object, matched by "
        "natural key: add what the database lacks and leave the rest as it is (admin edits "
        "survive). --overwrite puts every object back as the fixtures have it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help=(
                "Also put objects the database already has back as the fixtures have them, "
                "overwriting edits made in the admin. Never deletes."
            ),
        )
        # The default since loading went object by object; accepted so deploy scripts
        # written for the old README keep working.
        parser.add_argument("--if-empty", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, overwrite=False, **options):
        self.given_keys = set()
        files = fixture_files()
        if not files:
            raise CommandError(
                f"No fixtures found in {', '.join(map(str, settings.FIXTURE_DIRS))}."
            )
        try:
            with transaction.atomic():
                report = [self.load(path, overwrite) for path in files]
                self.reset_sequences()
        except BadContent as problem:
            raise CommandError(f"{problem}. Nothing was changed.") from problem
        if options["verbosity"]:
            for line in report:
                self.stdout.write(line)

    def load(self, path, overwrite):
        name = Path(path).name
        added = kept = updated = 0
        deferred = []
        try:
            for index, raw in enumerate(read(path)):
                deserialized = build(raw, index)
                if "pk" in raw:
                    self.given_keys.add(type(deserialized.object))
                exists = (
                    deserialized.object.pk is not None
                    and (
                        type(deserialized.object)._base_manager.filter(pk=deserialized.object.pk)
                    ).exists()
                )
                if exists and not overwrite:
                    kept += 1
                    continue
                deserialized.object._state.adding = not exists  # for full_clean's unique checks
                check(deserialized, raw, index)
                try:
                    deserialized.save()
                except DatabaseError as error:
                    raise BadContent(
                        f"{describe(raw, index, deserialized.object)}: {error}"
                    ) from error
                if deserialized.deferred_fields:
                    deferred.append((deserialized, raw, index))
                updated, added = (updated + 1, added) if exists else (updated, added + 1)
            for deserialized, raw, index in deferred:
                try:
                    deserialized.save_deferred_fields()
                except (base.DeserializationError, ObjectDoesNotExist) as error:
                    raise BadContent(
                        f"{describe(raw, index, deserialized.object)}: {error}"
                    ) from error
        except BadContent as problem:
            raise BadContent(f"{path}: {str(problem).rstrip('.')}") from problem
        if overwrite:
            return f"{name}: {added} added, {updated} put back as the file has them."
        return f"{name}: {added} added, {kept} already there (left as they are)."

    def reset_sequences(self):
        """A fixture that gives primary keys must not leave PostgreSQL's counters behind
        (as loaddata does; the shipped fixtures give none)."""
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(self.given_keys)):
                cursor.execute(sql)
