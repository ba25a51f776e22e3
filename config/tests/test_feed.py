"""The changes feed: what editors change shows up; shipped content is the baseline."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from programs.models import Program, ProgramAttribute
from programs.tests.factories import make_attribute, make_program, make_ranking

pytestmark = pytest.mark.django_db


def feed(client):
    response = client.get(reverse("changes-feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content.decode()


def test_new_programs_deadlines_and_editions_appear_newest_first(client):
    program = make_program(name="MS in Feeds")
    deadline = make_attribute(program, "deadline")
    deadline.date = datetime.date(2026, 1, 5)
    deadline.save()
    make_ranking(title="Feed Table", publisher="Pub", edition_year=2026)
    body = feed(client)
    assert "New program: MS in Feeds" in body
    assert "New application deadline: MS in Feeds" in body
    assert "Changed application deadline: MS in Feeds" in body and "5 January 2026" in body
    assert "New ranking edition: Feed Table (Pub, 2026)" in body
    assert body.index("New ranking edition:") < body.index("New program:")  # newest first
    assert f"/programs/{program.slug}/" in body


def test_hidden_content_stays_out(client):
    make_program(name="Secret MS", is_published=False)
    hidden_later = make_program(name="Withdrawn MS")
    make_attribute(hidden_later, "deadline")
    hidden_later.university.is_published = False
    hidden_later.university.save()
    body = feed(client)
    assert "Secret MS" not in body and "Withdrawn MS" not in body


def test_fixtures_are_the_baseline_not_changes(client):
    call_command("loadcontent", verbosity=0)
    assert Program.objects.exists() and ProgramAttribute.objects.exists()
    assert Program.history.count() == 0
    assert "<entry>" not in feed(client)
    body = client.get(reverse("data")).content.decode()
    assert "No changes yet since the current content was loaded" in body


def test_every_page_points_to_the_feed(client):
    body = client.get(reverse("home")).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in body


@pytest.mark.parametrize("size", [5, 50])
def test_feed_query_count_is_constant(client, django_assert_max_num_queries, size):
    for _ in range(size):
        make_attribute(make_program(), "deadline")
    with django_assert_max_num_queries(3):
        feed(client)
