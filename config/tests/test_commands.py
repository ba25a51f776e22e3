import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conftest import content_counts
from programs.models import Program

pytestmark = pytest.mark.django_db
FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"


def test_loadcontent_loads_everything_and_reloads_without_duplicates():
    """The one full load of every fixture, twice: every table, link tables included."""
    call_command("loadcontent", verbosity=0)
    first = content_counts()
    assert all(first.values()), [label for label, count in first.items() if not count]
    assert first["programs.Program"] == 30
    assert first["programs.University"] == 11
    assert first["programs.Ranking"] == 2
    assert first["programs.RankingEntry"] == 44
    assert first["faqs.Category"] == 5
    assert first["faqs.Question"] >= 20 and first["faqs.GlossaryTerm"] >= 20
    call_command("loadcontent", verbosity=0)
    assert content_counts() == first
    call_command("loadcontent", "--overwrite", verbosity=0)
    assert content_counts() == first


def test_loadcontent_keeps_admin_edits_and_overwrite_puts_them_back(site_content, capsys):
    Program.objects.filter(slug="cmu-phd-machine-learning").update(name="Edited in the admin")
    call_command("loadcontent")  # what `make setup` and `make run` call
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "Edited in the admin"
    assert "0 added" in capsys.readouterr().out
    call_command("loadcontent", "--overwrite", verbosity=0)  # `make fixtures`
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "PhD in Machine Learning"


def shipped_program(slug="cmu-phd-machine-learning"):
    programs = json.loads((FIXTURES_DIR / "10_programs.json").read_text())
    return next(obj for obj in programs if obj["fields"].get("slug") == slug)


def with_file(settings, tmp_path, name, objects):
    """The shipped fixtures plus one more file, as if it had just been added."""
    (tmp_path / name).write_text(objects if isinstance(objects, str) else json.dumps(objects))
    settings.FIXTURE_DIRS = [FIXTURES_DIR, tmp_path]


def test_loadcontent_adds_a_new_file_object_by_object(site_content, settings, tmp_path):
    """make run on a database with content: the new program of a new file is added, an
    admin edit to a program the fixtures also define is kept."""
    Program.objects.filter(slug="cmu-phd-machine-learning").update(name="Edited in the admin")
    new = shipped_program()
    new["fields"] |= {"slug": "cmu-new-program", "name": "A new program"}
    with_file(settings, tmp_path, "50_new_program.json", [shipped_program(), new])
    counts = content_counts()
    call_command("loadcontent", verbosity=0)
    assert Program.objects.get(slug="cmu-new-program").university.slug == "carnegie-mellon"
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "Edited in the admin"
    assert content_counts()["programs.Program"] == counts["programs.Program"] + 1
    assert content_counts()["programs.Program_focus_areas"] > counts["programs.Program_focus_areas"]


def bad_source(**fields):
    return {"model": "programs.source", "fields": {"slug": "bad-source", "title": "Bad", **fields}}


GOOD_FIRST = {"model": "programs.source", "fields": {"slug": "good-source", "title": "Good"}}


@pytest.mark.parametrize(
    "content, expected",
    [
        ("[{", "50_bad.json: not valid JSON: Expecting property name"),
        (
            [GOOD_FIRST, bad_source(bogus=1)],
            '50_bad.json: programs.source "bad-source", field bogus: no such field',
        ),
        (
            [GOOD_FIRST, bad_source(url="javascript:alert(1)")],
            '50_bad.json: programs.source "bad-source", field url: Enter a valid URL. Only web addresses',
        ),
        (
            [GOOD_FIRST, bad_source(url=" JaVaScRiPt:alert(1)")],
            '50_bad.json: programs.source "bad-source", field url: Enter a valid URL. Only web addresses',
        ),
        (
            [
                GOOD_FIRST,
                {
                    **shipped_program(),
                    "fields": {
                        **shipped_program()["fields"],
                        "slug": "x",
                        "official_url": "data:text/html,x",
                    },
                },
            ],
            '50_bad.json: programs.program "x", field official_url: Enter a valid URL. Only web addresses',
        ),
    ],
    ids=["bad-json", "unknown-field", "javascript-url", "mixed-case-url", "data-url"],
)
def test_a_bad_file_is_one_line_and_changes_nothing(
    site_content, settings, tmp_path, content, expected
):
    with_file(settings, tmp_path, "50_bad.json", content)
    counts = content_counts()
    with pytest.raises(CommandError) as error:
        call_command("loadcontent", verbosity=0)
    message = str(error.value)
    assert expected in message and "\n" not in message
    assert message.endswith("Nothing was changed.")
    assert content_counts() == counts


def test_the_makefile_loads_without_overwriting_except_make_fixtures():
    makefile = (FIXTURES_DIR.parent / "Makefile").read_text()
    recipes = dict(re.findall(r"^([a-z-]+):.*\n((?:\t.*\n)+)", makefile, re.MULTILINE))
    assert "manage.py loadcontent\n" in recipes["setup"]  # run depends on setup
    assert "manage.py loadcontent --overwrite" in recipes["fixtures"]


def test_loadcontent_with_no_fixtures_says_so(settings, tmp_path):
    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(CommandError, match="No fixtures found"):
        call_command("loadcontent", verbosity=0)
