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


def test_loadcontent_with_no_fixtures_says_so(settings, tmp_path):
    from django.core.management.base import CommandError

    settings.FIXTURE_DIRS = [tmp_path]
    with pytest.raises(CommandError, match="No fixtures found"):
        call_command("loadcontent", verbosity=0)
