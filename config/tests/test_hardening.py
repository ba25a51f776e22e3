"""Security headers on every kind of response, production cookies, security.txt, and
which proxies gunicorn believes."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from .test_settings import STRONG_KEY, run_django

ROOT = Path(__file__).resolve().parents[2]

EXPECTED_CSP = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def csp_directives(response):
    header = response["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


def assert_hardened(response):
    assert csp_directives(response) == EXPECTED_CSP
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/programs/",
        "/api/v1/programs/",
        "/programs/export.csv",
        "/faqs/glossary/export.json",
        "/changes.atom",
        "/robots.txt",
        "/sitemap.xml",
        "/.well-known/security.txt",
        "/no-such-page/",
    ],
)
def test_every_response_carries_the_security_headers(client, url):
    assert_hardened(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/admin/", "/admin/programs/program/", "/admin/programs/program/export/", "/admin/stale/"],
)
def test_the_admin_carries_them_too(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200
    assert_hardened(response)


@pytest.mark.django_db
def test_hsts_over_https(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_static_files_carry_the_resource_policy(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)|<style|\son\w+=|\sstyle="
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/programs/program/",
        "/admin/programs/program/add/",
        "/admin/programs/program/import/",
        "/admin/programs/program/export/",
        "/admin/stale/",
    ],
)
def test_admin_pages_need_no_inline_code(admin_client, url):
    # The CSP would block these: every script and style must be a file (or a data block).
    html = admin_client.get(url).content.decode()
    assert not INLINE_CODE.search(html), INLINE_CODE.search(html).group(0)


@pytest.mark.django_db
def test_public_pages_need_no_inline_code(client, site_content):
    for url in ["/", "/programs/", "/faqs/", "/faqs/glossary/", "/data/", "/rankings/"]:
        html = client.get(url).content.decode()
        assert not INLINE_CODE.search(html), (url, INLINE_CODE.search(html).group(0))


def test_the_inline_code_check_catches_what_it_claims_to():
    for bad in ['<p style="x">', "<script>alert(1)</script>", '<a onclick="x">', "<style>"]:
        assert INLINE_CODE.search(bad)
    for good in ['<script src="/static/a.js">', '<script type="application/ld+json">']:
        assert not INLINE_CODE.search(good)


def settings_in(**env):
    code = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_NAME, "
        "s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE)"
    )
    result = run_django("shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_production_cookies_are_host_only_and_end_with_the_browser():
    assert settings_in(SECRET_KEY=STRONG_KEY) == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
    ]


def test_development_keeps_plain_cookie_names():
    # Browsers refuse __Host- cookies that are not Secure, as on http://127.0.0.1.
    assert settings_in(DEBUG="1") == ["sessionid", "csrftoken", "False", "True"]


@pytest.mark.django_db
def test_security_txt(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@example.org"
    response = client.get(reverse("security-txt"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@example.org"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    assert fields["Preferred-Languages"] == "en"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = datetime.now(UTC)
    assert now + timedelta(days=300) < expires <= now + timedelta(days=365)


GUNICORN_PROBE = """
from gunicorn.app.base import Application
from gunicorn.config import Config

class Probe(Application):
    def __init__(self):
        self.cfg = Config()
    def load(self):
        pass

probe = Probe()
probe.load_config_from_file("config/gunicorn.conf.py")
print(",".join(probe.cfg.forwarded_allow_ips) or "-")
"""


def gunicorn_trusts(**env):
    """The addresses gunicorn believes X-Forwarded-* headers from, as it loads our config."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TRUST_X_FORWARDED_PROTO", "FORWARDED_ALLOW_IPS"}
    }
    result = subprocess.run(
        [sys.executable, "-c", GUNICORN_PROBE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_gunicorn_trusts_no_forwarded_headers_by_default():
    # gunicorn's own default is 127.0.0.1,::1: a client on the same machine could
    # claim HTTPS. Our config overrides it, even when FORWARDED_ALLOW_IPS (which gunicorn
    # reads itself) is set.
    assert gunicorn_trusts() == "-"
    assert gunicorn_trusts(FORWARDED_ALLOW_IPS="*") == "-"


def test_gunicorn_trusts_the_proxy_only_when_told():
    assert gunicorn_trusts(TRUST_X_FORWARDED_PROTO="1") == "127.0.0.1,::1"
    assert gunicorn_trusts(TRUST_X_FORWARDED_PROTO="1", FORWARDED_ALLOW_IPS="10.0.0.5") == (
        "10.0.0.5"
    )


def test_gunicorn_workers_move_the_loaded_app_out_of_the_garbage_collectors_way():
    probe = GUNICORN_PROBE.replace(
        'print(",".join(probe.cfg.forwarded_allow_ips) or "-")',
        "import gc; probe.cfg.post_worker_init(None); print(gc.get_freeze_count() > 0)",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "True", result.stderr


@pytest.mark.django_db
def test_an_admin_history_list_needs_no_inline_code(admin_client):
    from programs.tests.factories import make_program

    program = make_program()
    program.name = "Renamed"
    program.save()  # a second history row: the list and its paginator render
    html = admin_client.get(f"/admin/programs/program/{program.pk}/history/").content.decode()
    assert "Renamed" in html
    assert not INLINE_CODE.search(html), INLINE_CODE.search(html).group(0)


# The public forms: no CSRF token, the browser's word on where a POST comes from.

FROM_OUR_PAGES = [
    {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    {"Sec-Fetch-Site": "none"},  # the visitor's own doing (a bookmark, the address bar)
    {"Origin": "http://testserver"},  # a browser from before Sec-Fetch-Site
    # Neither header: not a browser, or one from before 2020 (Go's net/http allows it too).
    {},
]
FORGED = [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://evil.testserver"},
    {"Origin": "https://evil.example"},
    {"Origin": "null"},  # a sandboxed frame
]


def post_public_form(form, site_content, headers):
    from django.test import Client

    from core.corrections import subject_key
    from programs.models import Program

    program = Program.objects.published().order_by("pk").first()
    client = Client(enforce_csrf_checks=True)
    if form == "shortlist":
        data = {"add": program.slug}
        url = reverse("programs:shortlist-change")
    else:
        url = reverse("correction")
        data = {
            "subject": subject_key(program),
            "page": program.get_absolute_url(),
            "fact": "The deadline",
            "message": "The deadline is 15 December, not 1 December.",
        }
    return client, client.post(url, data, headers=headers)


def changed(form, client):
    from core.models import Correction

    if form == "shortlist":
        return bool(client.session.get("shortlist"))
    return Correction.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["shortlist", "correction"])
@pytest.mark.parametrize(
    ("headers", "ours"), [(h, True) for h in FROM_OUR_PAGES] + [(h, False) for h in FORGED]
)
def test_public_forms_take_posts_from_our_pages_only(form, site_content, headers, ours):
    client, response = post_public_form(form, site_content, headers)
    if ours:
        assert response.status_code == 302
        assert changed(form, client)
    else:
        assert response.status_code == 403
        assert b"CSRF verification failed" in response.content
        assert not changed(form, client)
        assert not response.cookies  # no session started for the forger
