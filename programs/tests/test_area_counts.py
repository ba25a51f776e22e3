"""ResearchArea.program_count: stored, shown beside every area in the programs filter, and
kept right by every change that can move it (programs.signals)."""

from django.core.management import call_command
from django.urls import reverse

from programs.filters import ProgramFilter
from programs.models import ResearchArea
from programs.tests.factories import make_area, make_program


def count(area):
    return ResearchArea.objects.get(pk=area.pk).program_count


def test_count_follows_links_publishing_and_deletes(db):
    area, other = make_area(), make_area()
    program = make_program(areas=[area])
    make_program(areas=[area, other])
    assert (count(area), count(other)) == (2, 1)

    program.focus_areas.remove(area)
    assert count(area) == 1
    program.focus_areas.add(area)
    assert count(area) == 2

    program.is_published = False
    program.save()
    assert count(area) == 1
    program.is_published = True
    program.save()
    assert count(area) == 2

    program.university.is_published = False
    program.university.save()
    assert count(area) == 1

    other.programs.clear()
    assert count(other) == 0
    program.university.is_published = True
    program.university.save()
    assert count(area) == 2
    program.delete()  # its links go with it, with no m2m_changed
    assert count(area) == 1


def test_a_fixture_load_leaves_counts_right(db, tmp_path):
    area = make_area(slug="loaded-area")
    make_program(areas=[area])
    path = tmp_path / "areas.json"
    call_command("dumpdata", "programs.researcharea", "--natural-primary", output=str(path))
    ResearchArea.objects.filter(pk=area.pk).update(program_count=7)  # out of date
    call_command("loaddata", str(path), verbosity=0)
    assert count(area) == 1


def test_the_filter_shows_the_stored_count(client, db):
    area = make_area(name="Robotics")
    make_program(areas=[area])
    assert [label for _, label in ProgramFilter().form.fields["area"].choices][1:] == [
        "Robotics (1)"
    ]
    ResearchArea.objects.filter(pk=area.pk).update(program_count=5)
    # Read from the column, not counted afresh: the page shows what is stored.
    assert "Robotics (5)" in client.get(reverse("programs:list")).content.decode()
