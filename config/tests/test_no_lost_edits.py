"""No lost edits: two editors open the same form; the second to save is refused, told
what changed, and nothing of the first editor's save is overwritten."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bench.cluster import form_fields
from programs.models import Program, ResearchArea
from programs.tests.factories import make_attribute, make_program

pytestmark = pytest.mark.django_db


def editor(name):
    user = get_user_model().objects.create_superuser(name, f"{name}@example.com", "long-pass-1")
    client = Client()
    client.force_login(user)
    return client


def open_form(client, url, form_id):
    return form_fields(client.get(url).text, form_id)


def post(client, url, pairs):
    data = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return client.post(url, data)


def submit(client, url, fields, **changes):
    pairs = [(name, changes.pop(name) if name in changes else value) for name, value in fields]
    return post(client, url, pairs + list(changes.items()))


def test_the_second_stale_save_is_refused_and_nothing_is_lost():
    area = ResearchArea.objects.create(name="Robotics", slug="robotics", summary="Robots.")
    url = reverse("admin:programs_researcharea_change", args=[area.pk])
    alice, bob = editor("alice"), editor("bob")
    alices, bobs = (
        open_form(alice, url, "researcharea_form"),
        open_form(bob, url, "researcharea_form"),
    )
    assert submit(alice, url, alices, name="Robot learning").status_code == 302
    refused = submit(bob, url, bobs, summary="Machines that move.")
    assert refused.status_code == 302 and refused["Location"] == url
    text = bob.get(url).text
    assert "someone else saved this while you were editing" in text
    assert "name: “Robotics” → “Robot learning”" in text
    area.refresh_from_db()
    assert (area.name, area.summary) == ("Robot learning", "Robots.")
    # The form now starts from Alice's version; saving again is a knowing choice.
    again = form_fields(text, "researcharea_form")
    assert submit(bob, url, again, summary="Machines that move.").status_code == 302
    area.refresh_from_db()
    assert (area.name, area.summary) == ("Robot learning", "Machines that move.")


def test_an_inline_change_counts_too():
    program = make_program(name="PhD in ML")
    url = reverse("admin:programs_program_change", args=[program.pk])
    bob = editor("bob")
    bobs = open_form(bob, url, "program_form")
    make_attribute(program, "gre")  # as if Alice had added a value inline meanwhile
    submit(bob, url, bobs, name="PhD in Machine Learning")
    assert "someone else saved this" in bob.get(url).text
    assert Program.objects.get(pk=program.pk).name == "PhD in ML"


def test_a_missing_or_forged_starting_point_is_refused():
    area = ResearchArea.objects.create(name="Vision", slug="vision")
    url = reverse("admin:programs_researcharea_change", args=[area.pk])
    alice = editor("alice")
    fields = [f for f in open_form(alice, url, "researcharea_form") if f[0] != "_loaded_state"]
    for token in ([], [("_loaded_state", "forged")]):
        pairs = [(n, "Changed" if n == "name" else v) for n, v in fields]
        post(alice, url, pairs + token)
        assert "starting point is missing or was altered" in alice.get(url).text
    assert ResearchArea.objects.get(pk=area.pk).name == "Vision"
