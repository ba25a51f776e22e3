"""Corrections from readers: the form on every content page, the checks on what a
reader sends, and the editors' queue."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from core.models import Correction

pytestmark = pytest.mark.django_db


def pages(site_content):
    from careers.models import CareerPath
    from faqs.models import Question
    from programs.models import Program, Ranking

    return [
        model.objects.published().order_by("pk").first()
        for model in (Program, Ranking, CareerPath, Question)
    ]


def send(client, about, **fields):
    from core.corrections import subject_key

    client.get(about.get_absolute_url())
    data = {
        "subject": subject_key(about),
        "page": about.get_absolute_url(),
        "fact": "The deadline",
        "message": "The deadline is 15 December, not 1 December.",
        "source_url": "https://example.edu/admissions",
        **fields,
    }
    # From our own page, as a browser says (core.security.same_origin_posts_only).
    return client.post(reverse("correction"), data, headers={"Sec-Fetch-Site": "same-origin"})


def test_every_content_page_has_the_form_and_a_correction_lands_in_the_queue(site_content):
    for subject in pages(site_content):
        client = Client(enforce_csrf_checks=True)
        page = client.get(subject.get_absolute_url()).text
        assert "Suggest a correction" in page and 'name="website"' in page
        response = send(client, subject)
        assert response.status_code == 302 and response["Location"] == subject.get_absolute_url()
        assert "an editor will check" in client.get(response["Location"]).text
    assert Correction.objects.count() == 4
    correction = Correction.objects.first()
    assert correction.status == "new" and correction.subject is not None
    assert len(correction.address_hash) == 64 and "127.0.0.1" not in correction.address_hash


@override_settings(CORRECTION_RATE_LIMIT=2)
def test_an_address_is_rate_limited(site_content):
    subject = pages(site_content)[0]
    client = Client(enforce_csrf_checks=True)
    assert [send(client, subject).status_code for _ in range(3)] == [302, 302, 429]
    assert Correction.objects.count() == 2
    other = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.9.8.7")
    assert send(other, subject).status_code == 302


def test_the_honeypot_keeps_nothing_and_looks_like_success(site_content):
    subject = pages(site_content)[0]
    response = send(Client(enforce_csrf_checks=True), subject, website="http://spam.example")
    assert response.status_code == 302
    assert Correction.objects.count() == 0


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"subject": "auth.user:1"}, "find what this correction is about"),
        ({"subject": "programs.program:999999"}, "find what this correction is about"),
        ({"subject": "programs.program:²"}, "find what this correction is about"),
        ({"subject": "programs.program:" + "9" * 40}, "find what this correction is about"),
        ({"page": "https://evil.example/"}, "not one of ours"),
        ({"page": "//evil.example/"}, "not one of ours"),
        ({"message": ""}, "This field is required"),
        ({"message": "x" * 2001}, "at most 2000 characters"),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"email": "not-an-email"}, "valid email"),
    ],
)
def test_bad_or_forged_input_is_refused_clearly(site_content, fields, error):
    subject = pages(site_content)[0]
    response = send(Client(enforce_csrf_checks=True), subject, **fields)
    assert response.status_code == 400
    assert error in response.text
    assert 'href="https://evil' not in response.text and 'href="//evil' not in response.text
    assert Correction.objects.count() == 0


def test_a_post_from_another_site_is_refused(site_content):
    client = Client(enforce_csrf_checks=True)
    forged = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
    response = client.post(reverse("correction"), {"message": "x"}, headers=forged)
    assert response.status_code == 403
    assert Correction.objects.count() == 0


def test_editors_see_the_count_and_the_readers_words_escaped(site_content, admin_client):
    subject = pages(site_content)[0]
    send(Client(enforce_csrf_checks=True), subject, message="<script>alert(1)</script> wrong")
    index = admin_client.get(reverse("admin:index")).text
    assert "1 new correction from readers" in index
    changelist = admin_client.get(reverse("admin:core_correction_changelist")).text
    assert "<script>alert(1)</script>" not in changelist
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in changelist
    correction = Correction.objects.get()
    url = reverse("admin:core_correction_change", args=[correction.pk])
    response = admin_client.post(url, {"status": "accepted", "editor_note": "Fixed."})
    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == "accepted" and correction.reviewed_by.username == "admin"
    assert "0 new corrections" in admin_client.get(reverse("admin:index")).text
