"""Addresses of other sites: http and https only, on every way in and out.

Three halves of one rule, all here so they can't drift apart:

- `validate_http_url` on every model field that holds an address, so the admin and
  `full_clean()` (and so `loadcontent`) refuse `javascript:`, `data:`, `vbscript:`...;
- `http_url_constraint` in the model's Meta, so the database refuses them too, on paths
  that skip validation (`loaddata`, `save()`, `update()`);
- `is_http_url`, which pages (the `external_link` filter) and the API ask before showing
  an address, so a value that got in some other way is shown as text, never as a link.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.http import url_has_allowed_host_and_scheme

SCHEMES = ("http", "https")
MESSAGE = "Only web addresses starting with http:// or https:// are allowed."
# What a browser drops from either end of an href before reading its scheme.
_STRIPPED = "".join(chr(code) for code in range(0x21))


def is_http_url(value):
    """Whether a browser would read `value` as an http(s) address: the scheme in any
    case, after the spaces and control characters browsers ignore around it."""
    if not isinstance(value, str):
        return False
    scheme, colon, rest = value.strip(_STRIPPED).partition(":")
    return bool(colon) and scheme.lower() in SCHEMES and rest.startswith("//")


def is_site_path(value):
    """True for a path on this site ("/programs/x/"): never another host, "//host" or a scheme."""
    return (
        isinstance(value, str)
        and value.startswith("/")
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    )


def validate_http_url(value):
    """Empty, or an http(s) address."""
    if value and not is_http_url(value):
        raise ValidationError(MESSAGE, code="scheme")


def http_url_constraint(field, name):
    """The database's half: `field` is empty or starts with http:// or https://.

    Case-insensitive on both databases (`istartswith` is LIKE on SQLite, which ignores
    ASCII case, and UPPER() LIKE UPPER() on PostgreSQL), like `is_http_url`. Surrounding
    spaces are refused here rather than stripped: the URL validator refuses them too.
    """
    return models.CheckConstraint(
        condition=Q(**{field: ""})
        | Q(**{f"{field}__istartswith": "http://"})
        | Q(**{f"{field}__istartswith": "https://"}),
        name=name,
        violation_error_message=MESSAGE,
    )
