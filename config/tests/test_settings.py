"""Settings behave safely in production and the site works offline."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]


def run_django(*args, **env):
    # DJANGO_ALLOW_ASYNC_UNSAFE: set in this process while a browser test's Playwright
    # runs on the same xdist worker; a deployment never has it (check --deploy refuses it).
    leave_out = {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in leave_out}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


STRONG_KEY = "k7#Qm2vX9pL4tR8wZ1cF6hJ3nB5dG0sY-aE7uI2oP9qW4xK8zM1"


def serve(**env):
    """Import the WSGI application as a production server would."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_serve_without_a_secret_key():
    result = serve(DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert result.returncode != 0
    assert "will not serve without: SECRET_KEY" in result.stderr


def test_production_refuses_to_guess_a_database():
    result = serve(SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_serves_when_configured():
    result = serve(SECRET_KEY=STRONG_KEY, DATABASE_URL="sqlite:////tmp/x.sqlite3")
    assert result.returncode == 0, result.stderr


def test_development_serves_with_no_configuration():
    assert serve(DEBUG="1").returncode == 0


def test_bare_management_commands_run_but_the_deploy_check_fails_without_a_key():
    assert run_django("check").returncode == 0
    result = run_django("check", "--deploy", "--fail-level", "WARNING", ALLOWED_HOSTS="x.example")
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_production_refuses_a_weak_secret_key():
    result = run_django("check", SECRET_KEY="django-insecure-abc")
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_production_settings_pass_the_deploy_check():
    result = run_django(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="gradient.example",
        DATABASE_URL="sqlite:////tmp/gradient-deploy-check.sqlite3",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_mode_needs_no_secret():
    result = run_django("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_bootstrap_comes_from_an_installed_package():
    assert finders.find("bootstrap/css/bootstrap.min.css")
    assert finders.find("css/site.css")


@pytest.mark.django_db
def test_pages_load_nothing_from_other_hosts(client):
    html = client.get("/").content.decode()
    # What the browser fetches: scripts, images, and links that aren't mere alternates.
    tags = re.findall(r"<(?:script|link|img)[^>]+>", html)
    # Alternates and the canonical address name pages; an inline data block loads nothing.
    fetched = [
        tag
        for tag in tags
        if not re.search(r'rel="(alternate|canonical)"|type="application/ld\+json"', tag)
    ]
    assets = [re.search(r'(?:src|href)="([^"]+)"', tag)[1] for tag in fetched]
    assert assets, "expected the page to load its stylesheets"
    assert all(url.startswith("/static/") or url == "/favicon.ico" for url in assets), assets
