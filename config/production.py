"""What production mode needs before it serves a single request."""

import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

REQUIRED = {
    "SECRET_KEY": "a long random SECRET_KEY (50+ characters)",
    "DATABASE_URL": "an explicit database, e.g. postgres://user@host:5432/gradient",
}


def refuse_to_serve_unconfigured():
    """Called by the WSGI and ASGI entry points: no guessing in production."""
    if settings.DEBUG:
        return
    missing = [f"{name} ({need})" for name, need in REQUIRED.items() if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(
            "Production mode (DEBUG off) will not serve without: "
            + "; ".join(missing)
            + ". For local development set DEBUG=1."
        )
