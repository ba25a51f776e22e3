"""Test-only overrides, in one place."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-3fG9kQ2xVb7LmN4pR8sT1wY6zA0cD5eH2jK9uP3qW7rX")
# SQLite in memory unless DATABASE_URL points elsewhere (CI also runs on PostgreSQL).
os.environ.setdefault("DATABASE_URL", "sqlite://:memory:")

from .settings import *  # noqa: E402,F403

# No manifest in tests: collectstatic is not run before them.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
# Tests that cache say so (core/tests/test_page_cache.py); the rest render every time.
PAGE_CACHE_ENABLED = False
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "forms": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
# Sign-in lockout off, so tests that log in don't record attempts; its own tests turn it on.
AXES_ENABLED = False
