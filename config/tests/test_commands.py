import pytest
from django.core.management import call_command

from conftest import content_counts
from programs.models import Program

pytestmark = pytest.mark.django_db


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


def test_loadcontent_if_empty_keeps_admin_edits(site_content, capsys):
    Program.objects.filter(slug="cmu-phd-machine-learning").update(name="Edited in the admin")
    call_command("loadcontent", "--if-empty", verbosity=0)
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "Edited in the admin"
    assert "leaving it as it is" in capsys.readouterr().out
    call_command("loadcontent", verbosity=0)
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "PhD in Machine Learning"


def test_loadcontent_if_empty_loads_a_file_whose_content_is_missing():
    from careers.models import CareerPath
    from conftest import FIXTURES
    from core.management.commands.loadcontent import models_in

    call_command("loadcontent", verbosity=0)
    Program.objects.filter(slug="cmu-phd-machine-learning").update(name="Edited in the admin")
    careers_file = next(path for path in FIXTURES if path.endswith("30_careers.json"))
    for model in models_in(careers_file):  # as if 30_careers.json had just been added
        model.objects.all().delete()
    call_command("loadcontent", "--if-empty", verbosity=0)
    assert CareerPath.objects.count() == 10
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "Edited in the admin"


def test_loadcontent_names_an_unreadable_fixture(settings, tmp_path):
    from django.core.management.base import CommandError

    (tmp_path / "10_broken.json").write_text("[{")
    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(CommandError, match="Can't read fixture .*10_broken.json"):
        call_command("loadcontent", "--if-empty", verbosity=0)


def test_loadcontent_with_no_fixtures_says_so(settings, tmp_path):
    from django.core.management.base import CommandError

    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(CommandError, match="No fixtures found"):
        call_command("loadcontent", verbosity=0)
