"""Load the site's content: every fixture in FIXTURE_DIRS, in file-name order."""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from programs.models import Program


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
            help="Only load when the database has no programs yet (keeps admin edits).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Program.objects.exists():
            self.stdout.write(
                "Content already loaded; leaving it as it is (use loadcontent to reload)."
            )
            return
        files = sorted(
            str(path) for folder in settings.FIXTURE_DIRS for path in Path(folder).glob("*.json")
        )
        if not files:
            raise CommandError(
                f"No fixtures found in {', '.join(map(str, settings.FIXTURE_DIRS))}."
            )
        call_command("loaddata", *files, verbosity=options["verbosity"])
