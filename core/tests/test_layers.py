"""The floors of the project, checked: each app imports only from the floors below it.

    config   site-wide pages (home, About our data, errors), settings, URLs
    faqs     answers, checklist, glossary       (may use careers, programs, core)
    careers  where each degree leads           (may use programs, core)
    programs programs, universities, rankings  (may use core)
    core     shared bases, search, Markdown    (uses no app of ours)

Templates follow the same floors: templates/<app>/ may load tag libraries and
include templates of its own floor or below; templates/includes/ and the root
templates (base.html, 404.html, 500.html) belong to core's floor.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = {"core": 0, "programs": 1, "careers": 2, "faqs": 3, "config": 4, "site": 4, "api": 4}
TEMPLATE_TAGS = re.compile(
    r"{%\s*(?:load\s+(?P<libs>[^%]+)%}|(?:include|extends)\s+[\"'](?P<path>[^\"']+)[\"'])"
)
LIBRARY_APPS = {"core_tags": "core", "programs_tags": "programs"}


def imported_apps(source):
    """The apps of ours a Python module imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & FLOORS.keys()
    return found


def template_floor(path):
    """The floor of a template path like 'careers/includes/x.html' ('includes/…' is core's)."""
    first = path.split("/")[0]
    return FLOORS.get(first, 0)


def referenced_floors(source):
    """(what, floor) for each tag library loaded and each template included or extended."""
    for match in TEMPLATE_TAGS.finditer(source):
        if match["libs"]:
            for library in match["libs"].split():
                if library in LIBRARY_APPS:
                    yield library, FLOORS[LIBRARY_APPS[library]]
        elif match["path"]:
            yield match["path"], template_floor(match["path"])


def python_violations():
    for app, floor in FLOORS.items():
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []:
            for other in imported_apps(path.read_text(encoding="utf-8")):
                if FLOORS[other] > floor:
                    yield f"{path.relative_to(ROOT)} imports {other}"


def template_violations():
    for path in sorted((ROOT / "templates").rglob("*.html")):
        relative = path.relative_to(ROOT / "templates").as_posix()
        floor = template_floor(relative) if "/" in relative else 0
        for what, other in referenced_floors(path.read_text(encoding="utf-8")):
            if other > floor:
                yield f"templates/{relative} uses {what}"


def test_no_app_imports_one_above_it():
    assert list(python_violations()) == []


def test_no_template_reaches_above_its_floor():
    assert list(template_violations()) == []


def test_every_app_of_ours_has_a_floor():
    from django.conf import settings

    ours = {app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()}
    assert ours <= FLOORS.keys()


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import careers.models", {"careers"}),
        ("from careers.models import CareerPath", {"careers"}),
        ("from .models import X\nfrom django.db import models", set()),
        ("def f():\n    from faqs import views", {"faqs"}),
    ],
)
def test_the_import_check_sees_every_form_of_import(source, found):
    assert imported_apps(source) == found


def test_the_template_check_sees_loads_and_includes():
    source = (
        '{% load crispy_forms_tags programs_tags %}{% include "careers/includes/x.html" with a=b %}'
    )
    assert list(referenced_floors(source)) == [
        ("programs_tags", 1),
        ("careers/includes/x.html", 2),
    ]
