"""Project-wide pytest fixtures."""

from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = sorted(str(path) for path in (Path(__file__).parent / "fixtures").glob("*.json"))


@pytest.fixture
def site_content(db):
    """Every fixture the site ships, loaded as `make run` loads it."""
    call_command("loaddata", *FIXTURES, verbosity=0)
