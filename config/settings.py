"""Gradient settings, read from the environment.

Defaults suit local development with DEBUG=1. With DEBUG off (the default) the
site is in production mode: the WSGI/ASGI entry points refuse to serve without a
real SECRET_KEY and DATABASE_URL (config/production.py), and `check --deploy`
flags a missing key. Management commands still run, so `manage.py check` works
on a bare checkout.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Only ever used with DEBUG on.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Without DEBUG: a throwaway key so management commands run; it is marked insecure
    # (check --deploy fails on it) and the web entry points refuse to serve with it.
    SECRET_KEY = DEVELOPMENT_SECRET_KEY if DEBUG else "django-insecure-" + get_random_secret_key()
elif not DEBUG and (
    SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "SECRET_KEY is too weak for production: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Lets whitenoise serve static files under runserver too, as in production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap 5 dist files
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",  # admin sign-in lockout (see AXES_* below)
    "import_export",
    "csp",  # Content-Security-Policy header (CONTENT_SECURITY_POLICY below)
    "django.contrib.sitemaps",
    # Ours, bottom floor first: core, then the domain apps (each may import those above it
    # in this list, never below). Site-wide pages live in config/.
    "core",
    "programs",
    "careers",
    "faqs",
    # Top floor, beside config: the read-only API over every app.
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy and Cross-Origin-Resource-Policy; above whitenoise so static
    # files carry them too.
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Brotli, zstd or gzip, as the client accepts (responses only: it runs last).
    # BREACH needs a secret that repeats in a compressed body beside text an attacker
    # chooses. Public pages hold no secret (their forms carry no CSRF token, see
    # core.security.same_origin_posts_only); the admin's token is masked afresh in every
    # response by Django, so it never repeats; session ids travel only in cookie headers,
    # which are not compressed.
    "compression_middleware.middleware.CompressionMiddleware",
    # ETag/Last-Modified → 304 (the page cache supplies stable ones for cached pages).
    "django.middleware.http.ConditionalGetMiddleware",
    # Whole pages for visitors without a session (core/pagecache.py says how it stays
    # right). A hit returns from here, so only what is above runs for it: everything
    # below adds the same headers to every copy of a page, and they are stored with it.
    "core.pagecache.PageCacheMiddleware",
    # django-csp's, with the headers built once (core/security.py says why).
    "core.security.CSPMiddleware",
    "core.pagecache.CacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records which editor made each change (simple_history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programs.context_processors.shortlist",
                "core.pagecache.content_version",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in to /admin/: after AXES_FAILURE_LIMIT wrong passwords for one user name from one
# address, that pair is locked out for AXES_COOLOFF_MINUTES (django-axes); a correct
# password clears the count. Staff unlock early by deleting the "Access attempt" in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out pairs
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "site/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Caches. With REDIS_URL (redis://host:6379/0) every worker and app server shares one
# Redis: pages, the content version that invalidates them, and sessions (written through
# to the database, read from Redis). Without it, the embedded default is a folder that
# every worker process on this machine shares (no extra service to run).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gradient"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# The page cache (core/pagecache.py): off while developing, so template edits show at once.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", not DEBUG)
# Fragments of pages, the same for every visitor, that cost most to render: in each
# worker's memory, keyed by the content version (core/pagecache.py says why that is
# enough across workers and servers). Off with the page cache. Program cards are about
# 3 KB each; a list's filter form up to 90 KB (a select of a thousand universities), one
# per query string, so forms have a budget of their own.
_FRAGMENTS = (
    "django.core.cache.backends.locmem.LocMemCache"
    if PAGE_CACHE_ENABLED
    else "django.core.cache.backends.dummy.DummyCache"
)
CACHES["fragments"] = {
    "BACKEND": _FRAGMENTS,
    "LOCATION": "fragments",
    "TIMEOUT": 24 * 3600,  # a new version retires them; this only frees space
    "OPTIONS": {"MAX_ENTRIES": 5000},
}
CACHES["forms"] = {"BACKEND": _FRAGMENTS, "LOCATION": "forms", "OPTIONS": {"MAX_ENTRIES": 100}}
PAGE_CACHE_ALIAS = "default"
# Entries never go stale (a content change retires them all); this only frees space.
PAGE_CACHE_SECONDS = 24 * 3600
# A save, delete or many-to-many edit of these apps' models starts a new content version.
PAGE_CACHE_APPS = ("programs", "careers", "faqs")
PAGE_CACHE_SKIP_PREFIXES = ("/admin/",)
# Pages each worker also keeps in its own memory (checked against the shared version).
PAGE_CACHE_LOCAL_ENTRIES = int(os.environ.get("PAGE_CACHE_LOCAL_ENTRIES", "200"))
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(64 * 2**20)))
# The largest body stored (a download of the whole catalogue is ~7 MB at 10,000 programs).
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(32 * 2**20)))
# How long shared caches may keep what is the same for everyone (API, feed, downloads).
PUBLIC_MAX_AGE = int(os.environ.get("PUBLIC_MAX_AGE", "60"))

# Facts last checked longer ago than this are flagged to readers and listed for editors.
STALE_AFTER_DAYS = int(os.environ.get("STALE_AFTER_DAYS", "365"))

# Readers' corrections: what they may be about, and how many one address may send an hour.
CORRECTION_SUBJECTS = [
    "programs.program",
    "programs.ranking",
    "careers.careerpath",
    "faqs.question",
]
CORRECTION_RATE_LIMIT = int(os.environ.get("CORRECTION_RATE_LIMIT", "5"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The site and its admin are in English only. Off, Django skips the translation
# machinery: every {% url %}, get_absolute_url() and formatted number asked it for the
# active language (a thread-local lookup), a seventh of a card's rendering time.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed files with content-hashed names, cached forever by browsers.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Files served at the site's root as they are (/favicon.ico, for browsers that ask there).
WHITENOISE_ROOT = BASE_DIR / "webroot"

# Fixtures live at the top level, shared by every app (loaded by name or path).
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production hardening: on whenever DEBUG is off.
# Trust X-Forwarded-Proto only when a proxy we run sets it (and strips clients' copies).
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG and env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
# On by default so `check --deploy` passes; turn off if sibling subdomains can't do HTTPS.
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG and env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = not DEBUG and env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# __Host- cookies are refused by browsers unless Secure, Path=/ and without Domain, so
# only in production (over HTTPS); development over plain HTTP keeps the plain names.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
if CSRF_COOKIE_SECURE:
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# The session (and with it the shortlist) ends when the browser closes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp): nothing inline, nothing from another host. No
# nonces: the page cache shares one copy of a page between visitors, so every script and
# style is a static file. default-src 'none' means each kind of resource is allowed by
# name; the admin (Django's, import-export's, simple-history's, axes') runs under it too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for Bootstrap's inline SVG icons (form controls, the navbar toggler).
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Powerful browser features the site never uses, switched off (core/security.py).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# /.well-known/security.txt (RFC 9116): where to report a vulnerability.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:security@gradient.example")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own loggers print through the root handler only, not twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}

# Editors' bulk import and export (django-import-export; core/imports.py, core/admin.py).
# Importing needs the model's "add" permission, exporting its "view" permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Every import is one transaction: a row that fails leaves the database as it was.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
