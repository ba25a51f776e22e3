"""Stale content: facts not checked for STALE_AFTER_DAYS are marked for readers and
listed, oldest first, for editors."""

import datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.models import is_stale, stale_before

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def test_the_rule_follows_the_setting():
    assert not is_stale(days_ago(364)) and is_stale(days_ago(366)) and is_stale(None)
    with override_settings(STALE_AFTER_DAYS=30):
        assert is_stale(days_ago(31)) and stale_before() == days_ago(30)


def test_the_public_note_says_over_a_year_ago_only_when_true():
    template = Template('{% include "includes/last_verified.html" with date=date %}')
    old = template.render(Context({"date": days_ago(400)}))
    assert "over a year ago" in old
    assert "over a year ago" not in template.render(Context({"date": days_ago(10)}))


def test_editors_see_stale_items_oldest_first_with_links(admin_client, site_content):
    from programs.models import Program, ProgramFact

    old, older = Program.objects.order_by("pk")[:2]
    Program.objects.filter(pk=old.pk).update(last_verified=days_ago(500))
    Program.objects.filter(pk=older.pk).update(last_verified=days_ago(900))
    ProgramFact.objects.update(last_verified=days_ago(10))
    index = admin_client.get(reverse("admin:index")).text
    assert "not verified for over a year" in index
    page = admin_client.get(reverse("admin-stale-content"))
    assert page.status_code == 200
    text = page.text
    assert text.index(str(older)) < text.index(str(old))
    assert reverse("admin:programs_program_change", args=[older.pk]) in text
    assert "Program facts: 0" in text
    # A table nobody has recorded checking is listed first, as never checked.
    from programs.models import Ranking

    unchecked = Ranking.objects.filter(last_verified__isnull=True).first()
    assert unchecked is not None and "never recorded" in text
    assert text.index(escape(str(unchecked))) < text.index(escape(str(older)))
    public = admin_client.get(older.get_absolute_url()).text
    assert "over a year ago" in public


@pytest.mark.parametrize("stale_programs", [2, 20])
def test_the_stale_list_reads_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries, stale_programs
):
    from programs.tests.factories import make_program

    for _ in range(stale_programs):
        make_program(last_verified=days_ago(400))
    # The editor's session and user, then a count and a read per kind of content (seven).
    with django_assert_max_num_queries(16):
        assert admin_client.get(reverse("admin-stale-content")).status_code == 200


def test_the_stale_list_is_for_staff_only(client):
    response = client.get(reverse("admin-stale-content"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
