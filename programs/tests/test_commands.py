import pytest
from django.core.management import call_command

from programs.models import Program

pytestmark = pytest.mark.django_db


def test_loadcontent_loads_everything_and_reloads_without_duplicates():
    call_command("loadcontent", verbosity=0)
    count = Program.objects.count()
    assert count == 30
    call_command("loadcontent", verbosity=0)
    assert Program.objects.count() == count


def test_loadcontent_if_empty_keeps_admin_edits(capsys):
    call_command("loadcontent", verbosity=0)
    Program.objects.filter(slug="cmu-phd-machine-learning").update(name="Edited in the admin")
    call_command("loadcontent", "--if-empty", verbosity=0)
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "Edited in the admin"
    assert "leaving it as it is" in capsys.readouterr().out
    call_command("loadcontent", verbosity=0)
    assert Program.objects.get(slug="cmu-phd-machine-learning").name == "PhD in Machine Learning"


def test_loadcontent_if_empty_loads_a_file_whose_content_is_missing():
    from careers.models import CareerPath
    from conftest import FIXTURES
    from programs.management.commands.loadcontent import models_in

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
