"""Load the site's content: every fixture in FIXTURE_DIRS, in file-name order."""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


def models_in(path):
    """The models a fixture file holds objects of."""
    try:
        with open(path, encoding="utf-8") as fixture:
            labels = {obj["model"] for obj in json.load(fixture)}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CommandError(f"Can't read fixture {path}: {error}") from error
    return [apps.get_model(label) for label in sorted(labels)]


class Command(BaseCommand):
    help = (
        "Load every fixture (fixtures/*.json, in name order). Reloading updates each object "
        "by its natural key, so it never duplicates content, but it does overwrite edits made "
        "in the admin to objects the fixtures also define."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=(
                "Only load fixture files whose models have no rows yet: a first run, or a "
                "newly added file. Keeps admin edits to content already loaded."
            ),
        )

    def handle(self, *args, if_empty=False, **options):
        files = sorted(
            str(path) for folder in settings.FIXTURE_DIRS for path in Path(folder).glob("*.json")
        )
        if not files:
            raise CommandError(
                f"No fixtures found in {', '.join(map(str, settings.FIXTURE_DIRS))}."
            )
        if if_empty:
            loaded = [
                path for path in files if any(model.objects.exists() for model in models_in(path))
            ]
            for path in loaded:
                self.stdout.write(
                    f"{Path(path).name}: content already loaded; leaving it as it is."
                )
            files = [path for path in files if path not in loaded]
        if files:
            call_command("loaddata", *files, verbosity=options["verbosity"])
