"""Whole pages for anonymous visitors, from a shared cache, right after every content change.

How it stays right:
- Every entry is stored with the *content version* that was current when the request
  began. Any change to content (a save, a delete or a many-to-many edit of a model in
  PAGE_CACHE_APPS, by the admin, a fixture load, an import or the ORM) sets a new
  version once its transaction commits, so every older entry stops matching at once,
  in every worker process and on every app server that shares the cache. A page
  rendered from the old data while the change committed is stored under the old
  version, which nobody reads again: no race leaves a stale page behind.
- The version and the page are read together (one round trip to Redis); each worker also
  keeps its last PAGE_CACHE_LOCAL_ENTRIES pages, so a hit on one of those reads only the
  version, which is what makes every worker agree.
- Downloads stream (core/exports.py). Those of a whole dataset (no query string: a few
  addresses, the ones most people take) are gathered as they go out and stored once
  the body has been read to its end, so the next copy of a whole-catalogue export
  costs what a page hit does. A body not read to its end, or one finished after the
  content changed, is not stored. Filtered downloads are made afresh: any query string
  makes a new address, and each could hold megabytes for a day.
- Nothing larger than PAGE_CACHE_MAX_BYTES is stored, and storing is best effort: a
  cache that fails to store costs the next visitor a fresh page, never this one's.
- Only requests that carry no session and no pending messages are served or stored:
  a visitor with a shortlist (kept in the session) or a signed-in editor always gets
  a freshly rendered page, since the header shows their own shortlist.

Nothing in a stored page belongs to one visitor: the public forms carry no CSRF token
(core.security.same_origin_posts_only checks where a POST comes from instead), and a
response that sets a cookie is never stored. So an entry is stored once, already
compressed in each encoding the compression middleware offers (negotiated the same way),
and a hit sends those bytes as they are: it costs about what a static file does.

Fragments: a page rendered afresh, for a visitor with a session or on a miss, takes the
pieces that cost most to render and are the same for everyone from caches in each
worker's own memory: program cards but for their shortlist buttons and universities'
rows ("fragments", core/fragments.py, which also spares the view what kept ones would
read), and the lists' filter forms, one per set of filters ("forms"; one has a select
of every university). A GET carries the version read as it began
(request.content_version, before the view reads any content), and every fragment's key
holds it (a form's {% cache ... content_version ... using="forms" %} has it from the
`content_version` context processor). So a content change retires every fragment at
once, in every worker, by the same rule as pages: a fragment rendered from rows read
before the change is stored under the old version.

Conditional GET: the ETag is made from the stored bytes and the version, weak since the
encodings of one page share it; Last-Modified is when the content last changed.
ConditionalGetMiddleware answers If-None-Match and If-Modified-Since with 304 from those.
"""

import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict

from compression_middleware.middleware import MIN_IMPROVEMENT, MIN_LEN, compressor, compressors
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
# Part of every page's key: a deploy that changes what an entry holds starts afresh
# instead of reading the old release's entries from a shared cache.
ENTRY_FORMAT = 2
# Headers a response gets again on the way out (cookies, session) are not stored.
_NOT_STORED = {"set-cookie", "content-length", "etag", "last-modified"}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _new_version():
    """(a token no other version has, when it started)."""
    return (uuid.uuid4().hex, time.time())


def bump():
    """Start a new content version: every cached page is out of date from now on."""
    _cache().set(VERSION_KEY, _new_version(), timeout=None)


def bump_on_commit(sender, using=None, **kwargs):
    """Signal receiver (post_save, post_delete, m2m_changed): a new version once the
    change is committed, not before, or a request could store the old rows under the
    new version. A many-to-many link table has the app label of the model declaring it."""
    if sender._meta.app_label in settings.PAGE_CACHE_APPS:
        transaction.on_commit(bump, using=using)


def _key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{ENTRY_FORMAT}:" + hashlib.sha256(url.encode()).hexdigest()


def _current_version(found):
    version = found.get(VERSION_KEY)
    if version is None:
        # A new or flushed cache: start a version (add() so that concurrent starters agree).
        _cache().add(VERSION_KEY, _new_version(), timeout=None)
        version = _cache().get(VERSION_KEY)
    return version


def _version_alone():
    return _current_version({VERSION_KEY: _cache().get(VERSION_KEY)})


def _lookup(key):
    """(the current version, the entry `key` holds if it is of that version, else None),
    in one round trip."""
    found = _cache().get_many([VERSION_KEY, key])
    version = _current_version(found)
    entry = found.get(key)
    return version, entry if entry is not None and entry[0] == version[0] else None


def content_version(request):
    """Context processor: the content version the request began under, for the keys of
    cached fragments (the module: Fragments). A request that read none (a POST, the
    admin) gets a token of its own, so nothing it keeps is ever read again."""
    return {"content_version": getattr(request, "content_version", None) or uuid.uuid4().hex}


class PageCacheMiddleware:
    """Serve and store whole GET pages for visitors without a session (see the module).

    Sits below CompressionMiddleware and ConditionalGetMiddleware (so it stores whole,
    uncompressed pages, and they answer a hit as they do any page) and above everything
    else, which a hit skips.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # This worker's copies of recent entries: a hit then reads only the small version
        # key from the shared cache, not the whole page (the file cache unzips every read).
        # At most PAGE_CACHE_LOCAL_ENTRIES of them, PAGE_CACHE_LOCAL_BYTES in all.
        self.local = OrderedDict()  # key → (entry, its size)
        self.local_bytes = 0
        self.local_lock = threading.Lock()

    def __call__(self, request):
        if not self.cacheable_request(request):
            if request.method in ("GET", "HEAD") and not self.skipped(request):
                # Read before the view reads any content, as for a page (the module:
                # Fragments).
                request.content_version = _version_alone()[0]
            return self.get_response(request)
        key = _key(request)
        entry, _ = self.local.get(key, (None, 0))
        if entry is not None:
            version = _version_alone()
            if entry[0] == version[0]:
                return self.replay(request, entry)
        version, entry = _lookup(key)
        request.content_version = version[0]
        if entry is not None:
            self.keep(key, entry)
            return self.replay(request, entry)
        response = self.get_response(request)
        if not self.cacheable_response(request, response):
            return response
        if response.streaming:
            headers = list(response.items())  # before the middleware above adds its own
            response.streaming_content = self.store_once_read(
                key, version, headers, response.streaming_content
            )
        elif len(response.content) <= settings.PAGE_CACHE_MAX_BYTES:
            entry = self.entry(version, response.content, response.items())
            self.store(key, entry)
            self.mark(response, entry)
        return response

    def store(self, key, entry):
        try:
            _cache().set(key, entry, settings.PAGE_CACHE_SECONDS)
        except Exception:  # a full disk or Redis: the response itself is fine
            logger.warning("page cache: could not store %s", key, exc_info=True)
            return
        self.keep(key, entry)

    def store_once_read(self, key, version, headers, chunks):
        """Pass a streamed body through, and store it once it has been read to its end,
        if the content has not changed meanwhile."""
        read, size = [], 0
        for chunk in chunks:
            yield chunk
            if read is not None:
                size += len(chunk)
                if size > settings.PAGE_CACHE_MAX_BYTES:
                    read = None  # too large to keep: it streams on, stored nowhere
                else:
                    read.append(chunk)
        if read is None:
            return
        # A slow download begun before a change would replace a newer entry by a dead one.
        if _cache().get(VERSION_KEY, (None,))[0] == version[0]:
            self.store(key, self.entry(version, b"".join(read), headers))

    def keep(self, key, entry):
        size = sum(len(body) for body in entry[1].values())
        with self.local_lock:  # threads of one worker share it
            previous = self.local.pop(key, None)
            if previous is not None:
                self.local_bytes -= previous[1]
            if size > settings.PAGE_CACHE_LOCAL_BYTES:
                return  # read from the shared cache each time
            self.local[key] = (entry, size)
            self.local_bytes += size
            while (
                len(self.local) > settings.PAGE_CACHE_LOCAL_ENTRIES
                or self.local_bytes > settings.PAGE_CACHE_LOCAL_BYTES
            ):
                self.local_bytes -= self.local.popitem(last=False)[1][1]

    @staticmethod
    def skipped(request):
        return request.path.startswith(settings.PAGE_CACHE_SKIP_PREFIXES)

    def cacheable_request(self, request):
        if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
            return False
        cookies = request.COOKIES
        if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
            return False
        return not self.skipped(request)

    @staticmethod
    def cacheable_response(request, response):
        if response.status_code != 200 or response.cookies:
            return False  # a cookie is one visitor's (and a page that sets one is theirs)
        if response.streaming and (request.META.get("QUERY_STRING") or response.is_async):
            return False  # a filtered download (see the module), or one we can't tee
        if "no-store" in response.get("Cache-Control", ""):
            return False  # never_cache (the admin), or a view that knows better
        return not response.has_header("Content-Encoding")

    @staticmethod
    def entry(version, body, headers):
        """(version, {encoding: body}, headers, ETag, Last-Modified); the body under None
        is the page itself, the others what CompressionMiddleware would send."""
        bodies = {None: body}
        if len(body) >= MIN_LEN:
            for encoding, compress, _ in compressors:
                compressed = compress(body)
                if len(compressed) < len(body) - MIN_IMPROVEMENT:
                    bodies[encoding] = compressed
        stored = HttpResponse()  # only to edit the headers as Django does
        for name, value in headers:
            if name.lower() not in _NOT_STORED:
                stored[name] = value
        if len(bodies) > 1:
            # What CompressionMiddleware would add; here, so a hit need not patch it.
            patch_vary_headers(stored, ("Accept-Encoding",))
        etag = 'W/"' + hashlib.sha256(version[0].encode() + body).hexdigest()[:32] + '"'
        return (version[0], bodies, list(stored.items()), etag, http_date(version[1]))

    @staticmethod
    def mark(response, entry):
        _, _, _, etag, modified = entry
        response["ETag"] = etag
        response["Last-Modified"] = modified

    def replay(self, request, entry):
        _, bodies, headers, _, _ = entry
        encoding = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))[0]
        if encoding not in bodies:
            encoding = None
        body = bodies[encoding]
        response = HttpResponse(body)
        for name, value in headers:
            response[name] = value
        if encoding:
            # CompressionMiddleware leaves a response that has one alone.
            response["Content-Encoding"] = encoding
        # CommonMiddleware, below, would have set it.
        response["Content-Length"] = str(len(body))
        self.mark(response, entry)
        return response


class CacheHeadersMiddleware:
    """Cache-Control for what browsers and proxies may keep.

    Pages that vary by cookie show the visitor's own shortlist, so only their browser may
    keep them, and must ask again each time (a cheap 304 thanks to the ETag). Responses
    the same for everyone (API, feed, downloads) may be kept by shared caches briefly.
    Views that set Cache-Control themselves (the admin's never_cache) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control") or request.method not in ("GET", "HEAD"):
            return response
        if response.status_code not in (200, 304):
            return response
        if "cookie" in response.get("Vary", "").lower() or response.cookies:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_MAX_AGE)
        return response
