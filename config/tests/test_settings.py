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
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_django("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_guess_a_database():
    result = run_django(
        "check", SECRET_KEY="k7#Qm2vX9pL4tR8wZ1cF6hJ3nB5dG0sY-aE7uI2oP9qW4xK8zM1", DATABASE_URL=""
    )
    assert result.returncode != 0
    assert "DATABASE_URL is not set" in result.stderr


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
        SECRET_KEY="k7#Qm2vX9pL4tR8wZ1cF6hJ3nB5dG0sY-aE7uI2oP9qW4xK8zM1",
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
    assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html)
    assert assets, "expected the page to load its stylesheets"
    assert all(url.startswith("/static/") for url in assets), assets
