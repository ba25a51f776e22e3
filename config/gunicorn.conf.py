"""gunicorn settings: `gunicorn config.wsgi -c config/gunicorn.conf.py`.

Everything comes from the environment, as in config/settings.py.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two per core is a good start for these short, database-bound requests.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
# Forwarded headers (X-Forwarded-Proto, X-Forwarded-For) are believed only when a proxy
# we run sets them and strips clients' own: the same switch Django reads.
if os.environ.get("TRUST_X_FORWARDED_PROTO", "").strip().lower() in {"1", "true", "yes", "on"}:
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
else:
    forwarded_allow_ips = ""
accesslog = os.environ.get("ACCESS_LOG") or None
