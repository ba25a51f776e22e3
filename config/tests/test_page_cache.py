"""The page cache (core/pagecache.py): what it serves, to whom, and that every kind of
content change retires it, on each backend: locmem, the embedded file cache (the
default with no REDIS_URL), and Redis (CI sets REDIS_URL; skipped here without it).
Cached fragments of pages too, which each worker keeps under the same version."""

import contextlib
import datetime
import gzip
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path
from unittest.mock import patch

import brotli
import pytest
import zstandard
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagecache
from core.models import Degree
from programs.models import Attribute, Program
from programs.tests.factories import (
    make_area,
    make_attribute,
    make_entry,
    make_program,
    make_ranking,
    make_university,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")


def backends(tmp_dir):
    prefix = f"test-{uuid.uuid4().hex}"
    yield "locmem", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    yield (
        "file",
        {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_dir),
        },
    )
    yield (
        "redis",
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    )


FRAGMENTS = ("fragments", "forms")
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
DUMMY = "django.core.cache.backends.dummy.DummyCache"


@contextlib.contextmanager
def caching(config):
    """The page cache on `config`, and fragments kept as production keeps them."""
    kept = {alias: {"BACKEND": LOCMEM, "LOCATION": f"test-{alias}"} for alias in FRAGMENTS}
    with override_settings(CACHES={"default": config, **kept}, PAGE_CACHE_ENABLED=True):
        try:
            yield
        finally:
            for alias in FRAGMENTS:
                caches[alias].clear()


@pytest.fixture(params=["locmem", "file", "redis"])
def cache_backend(request, tmp_path):
    if request.param == "redis" and not REDIS_URL:
        pytest.skip("REDIS_URL is not set: the Redis cache tests run in CI (.ci/run starts Redis)")
    config = dict(backends(tmp_path / "cache"))[request.param]
    with caching(config):
        yield request.param, config
        forget(config)


def forget(config):
    """Empty this test's cache. Not clear() on Redis: that flushes the whole database,
    under a test that another worker (pytest-xdist) is running at the same moment."""
    cache = caches["default"]
    if "KEY_PREFIX" not in config:
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(match=f"{config['KEY_PREFIX']}:*"):
        client.delete(key)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its on-commit hooks, as a real request's transaction would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


def program_list(client=None, **headers):
    return (client or Client()).get(reverse("programs:list"), headers=headers)


def test_a_second_anonymous_visit_is_served_from_the_cache(
    cache_backend, commit, django_assert_num_queries
):
    commit(make_program, name="Cached Program")
    first = program_list()
    assert first.status_code == 200 and "Cached Program" in first.text
    with django_assert_num_queries(0):
        second = program_list()
    assert second.status_code == 200 and "Cached Program" in second.text
    assert second["ETag"] == first["ETag"] and second["Last-Modified"]


def change_name(program, name):
    program.name = name
    program.save()


CHANGES = {
    "orm save": lambda program: change_name(program, "Renamed Program"),
    "delete": lambda program: program.delete(),
    "many-to-many edit": lambda program: program.focus_areas.add(make_area(name="Quantum Art")),
}


@pytest.mark.parametrize("kind", CHANGES)
def test_every_kind_of_change_retires_cached_pages(cache_backend, commit, kind):
    program = commit(make_program, name="Old Program")
    page = program_list()
    assert "Old Program" in page.text
    detail = Client().get(program.get_absolute_url())
    commit(CHANGES[kind], program)
    after = program_list()
    assert after["ETag"] != page["ETag"]
    if kind == "orm save":
        assert "Renamed Program" in after.text
    if kind == "delete":
        assert "Old Program" not in after.text
        assert Client().get(detail.wsgi_request.path).status_code == 404
    if kind == "many-to-many edit":
        assert "Quantum Art" in Client().get(program.get_absolute_url()).text


def test_a_change_that_rolls_back_keeps_the_cache(cache_backend):
    program = make_program(name="Steady Program")
    pagecache.bump()
    page = program_list()
    change_name(program, "Never Committed")  # inside the test's transaction: no commit
    assert program_list()["ETag"] == page["ETag"]


def test_fixture_loads_retire_cached_pages(cache_backend, commit, tmp_path):
    program = commit(make_program, name="Fixture Program", slug="fixture-program")
    assert "Fixture Program" in program_list().text
    path = tmp_path / "programs.json"
    call_command(
        "dumpdata", "programs.program", "--natural-foreign", "--natural-primary", output=str(path)
    )
    path.write_text(path.read_text().replace("Fixture Program", "Loaded Program"))
    commit(call_command, "loaddata", str(path), verbosity=0)
    assert Program.objects.get(pk=program.pk).name == "Loaded Program"
    assert "Loaded Program" in program_list().text


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser("editor", "e@example.com", "x-long-pass-9")
    client = Client()
    client.force_login(user)
    return client


def test_admin_save_and_delete_retire_cached_pages(cache_backend, commit, editor):
    program = commit(make_program, name="Admin Program")
    assert "Admin Program" in program_list().text
    url = reverse("admin:programs_program_delete", args=[program.pk])
    response = commit(editor.post, url, {"post": "yes"})
    assert response.status_code == 302, response.content[:500]
    page = program_list()
    assert "Admin Program" not in page.text
    url = reverse("admin:programs_researcharea_add")
    response = commit(editor.post, url, {"name": "Admin Area", "slug": "admin-area"})
    assert response.status_code == 302
    assert program_list()["ETag"] != page["ETag"]
    # The admin itself is never cached or kept by browsers.
    assert "no-cache" in editor.get(reverse("admin:index"))["Cache-Control"]


@pytest.mark.parametrize("backend", ["file", "redis"])
def test_a_change_in_another_process_retires_this_ones_pages(backend, commit, tmp_path):
    """Several workers or app servers: the version lives in the shared cache."""
    if backend == "redis" and not REDIS_URL:
        pytest.skip("REDIS_URL is not set: the Redis cache tests run in CI (.ci/run starts Redis)")
    config = dict(backends(tmp_path / "cache"))[backend]
    with caching(config):
        commit(make_program, name="Shared Program")
        visitor = Client()  # one worker: it also keeps its own copy of the page
        before = program_list(visitor)
        assert program_list(visitor)["ETag"] == before["ETag"]
        other = {
            "CACHE_DIR": config.get("LOCATION", ""),
            "REDIS_URL": REDIS_URL if backend == "redis" else "",
            "CACHE_KEY_PREFIX": config.get("KEY_PREFIX", ""),
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); "
             "from core import pagecache; pagecache.bump()"],
            cwd=ROOT, env={**os.environ, **other}, check=True, timeout=60,
        )  # fmt: skip
        assert program_list(visitor)["ETag"] != before["ETag"]
        forget(config)


def test_visitors_with_a_session_or_messages_get_fresh_pages(
    cache_backend, commit, django_assert_max_num_queries
):
    commit(make_program)
    program_list()
    for cookie in (settings.SESSION_COOKIE_NAME, "messages"):
        client = Client()
        client.cookies[cookie] = "something"
        with django_assert_max_num_queries(30) as captured:
            client.get(reverse("programs:list"))
        assert len(captured) > 0, cookie


def with_a_session():
    """A visitor the page cache never serves: each page is rendered, from fragments."""
    visitor = Client()
    visitor.cookies[settings.SESSION_COOKIE_NAME] = "something"
    return visitor


def university_options(page):
    """(value, " selected" or "", label) of each choice in the university filter."""
    select = page.text.split('name="university"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)


def test_a_filter_form_is_rendered_once_per_version_and_query(cache_backend, commit):
    first = commit(make_program, university=make_university(name="First U", slug="first-u"))
    visitor = with_a_session()
    page = program_list(visitor)
    assert ("first-u", "", "First U") in university_options(page)
    kept = list(caches["forms"]._cache)
    assert len(kept) == 1
    assert program_list(visitor).text == page.text
    assert list(caches["forms"]._cache) == kept  # read, not rendered again
    # The same form on another page of the list, or as a table.
    visitor.get(reverse("programs:list"), {"page": "2", "view": "table"})
    assert list(caches["forms"]._cache) == kept
    # Another query is another form: its own choice selected.
    chosen = visitor.get(reverse("programs:list"), {"university": "first-u"})
    assert ("first-u", " selected", "First U") in university_options(chosen)
    # A content change retires every fragment: the new university is a choice at once.
    commit(make_program, university=make_university(name="Second U", slug="second-u"))
    assert ("second-u", "", "Second U") in university_options(program_list(visitor))
    universities = reverse("programs:university-list")
    assert ">First U</a>" in visitor.get(universities).text
    commit(change_name, first.university, "First University")
    assert ">First University</a>" in visitor.get(universities).text  # its row too
    renamed = program_list(visitor)
    assert ("first-u", "", "First University") in university_options(renamed)
    assert ">First University</a> ·" in renamed.text  # and its program's card


KEPT_PAGES = {
    # A page of kept fragments: what it reads only for fragments not kept.
    "programs:list": ("programs_programattribute", "programs_shownrank", "programs_researcharea"),
    "programs:university-list": ("programs_shownrank", '"programs_program"."university_id" IN'),
}


@pytest.mark.parametrize("page", KEPT_PAGES)
def test_a_page_whose_fragments_are_kept_reads_nothing_for_them(cache_backend, commit, page):
    """The view finds the fragments the template keeps, by the same names and keys."""
    for _ in range(3):
        commit(lambda: make_attribute(make_program(areas=[make_area()]), Attribute.GRE))
    visitor = with_a_session()

    def fragment_queries():
        with CaptureQueriesContext(connection) as captured:
            response = visitor.get(reverse(page))
        read = [q["sql"] for q in captured if any(t in q["sql"] for t in KEPT_PAGES[page])]
        return response, read

    first, read_first = fragment_queries()
    again, read_again = fragment_queries()
    assert again.text == first.text
    assert len(read_first) >= 2 and read_again == []


def test_each_visitor_sees_their_own_shortlist_on_kept_cards(cache_backend, commit):
    program = commit(make_program, name="Kept Card")
    add = f'name="add" value="{program.slug}"'
    remove = f'name="remove" value="{program.slug}"'
    keeper = Client()
    keeper.post(reverse("programs:shortlist-change"), {"add": program.slug})
    assert remove in program_list(keeper).text and add not in program_list(keeper).text
    for visitor in (with_a_session(), Client()):
        page = program_list(visitor)
        assert add in page.text and remove not in page.text


def test_fragments_render_what_the_page_would_without_them(cache_backend, commit):
    """Filter forms, program cards and university rows, kept and shared between pages
    and queries: each page is what it would be rendered afresh."""

    def ranked_program():
        program = make_program(areas=[make_area(name="Fragment Area")])
        make_attribute(program, Attribute.DEADLINE, date=datetime.date(2026, 12, 1))
        # Its rank differs between the latest editions (best: 3) and one table (7).
        make_entry(make_ranking(slug="first-table", publisher="One"), program, 3)
        make_entry(make_ranking(slug="second-table", publisher="Two"), program, 7)
        return program

    program = commit(ranked_program)
    other = commit(make_program, university=program.university, degree=Degree.MASTERS)
    programs, careers = reverse("programs:list"), reverse("careers:list")
    shortlist = f"{reverse('programs:shortlist-shared')}?p={program.slug}&p={other.slug}"
    urls = [
        f"{programs}?degree=masters",  # keeps one card: the next page has one kept, one not
        programs,
        f"{programs}?ranking=second-table",
        f"{programs}?ranking=first-table&sort=deadline",
        f"{programs}?degree=phd&sort=cost",
        f"{programs}?university={program.university.slug}&state=IL",
        f"{programs}?area=fragment-area&top=5",
        f"{programs}?degree=nonsense&cost_max=-1&deadline_from=soon&sort=%00",
        program.university.get_absolute_url(),
        shortlist,
        reverse("programs:university-list"),
        f"{reverse('programs:university-list')}?region=midwest",
        careers,
        f"{careers}?degree=masters&sector=nowhere",
    ]
    kept = []
    for url in urls:
        kept.append([with_a_session().get(url).text for _ in range(2)])
    assert "#3" in kept[1][0] and "#7" in kept[2][0]
    none_kept = {alias: {"BACKEND": DUMMY} for alias in FRAGMENTS}
    with override_settings(CACHES={**settings.CACHES, **none_kept}):
        for url, (first, again) in zip(urls, kept, strict=True):
            assert with_a_session().get(url).text == first == again, url


def test_only_whole_successful_pages_are_stored(cache_backend, commit):
    commit(make_program)
    assert Client().get("/programs/no-such-program/").status_code == 404
    assert not _stored_pages(cache_backend)
    export = Client().get(reverse("programs:export", kwargs={"format": "csv"}))
    next(iter(export.streaming_content))  # a download cut short after its first row
    export.close()
    assert not _stored_pages(cache_backend)


def _stored_pages(cache_backend):
    return [k for k in _stored_keys(cache_backend) if k.startswith("page:")]


def export(fmt="csv", **headers):
    return Client().get(reverse("programs:export", kwargs={"format": fmt}), headers=headers)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_download_is_stored_once_sent_and_retired_by_a_change(
    cache_backend, commit, django_assert_num_queries, fmt
):
    program = commit(make_program, name="Exported Program")
    first = export(fmt)
    assert first.streaming
    body = b"".join(first.streaming_content)  # sent in full: now it is stored
    with django_assert_num_queries(0):
        hit = export(fmt)
    assert not hit.streaming and hit.content == body and b"Exported Program" in body
    assert hit["Content-Disposition"] == first["Content-Disposition"]
    assert hit["Content-Type"] == first["Content-Type"]
    assert hit["Content-Length"] == str(len(body)) and hit["ETag"]
    brotli_hit = export(fmt, **{"Accept-Encoding": "br"})
    assert brotli.decompress(brotli_hit.content) == body
    commit(change_name, program, "Renamed Program")
    fresh = export(fmt)
    assert fresh.streaming and b"Renamed Program" in b"".join(fresh.streaming_content)


def test_a_download_larger_than_the_limit_streams_and_is_not_stored(cache_backend, commit):
    commit(make_program)
    with override_settings(PAGE_CACHE_MAX_BYTES=100):
        b"".join(export().streaming_content)
        assert export().streaming  # rendered afresh
        program_list()
        assert program_list().context is not None  # pages too
    if cache_backend[0] == "locmem":
        assert not _stored_pages(cache_backend)


def test_filtered_downloads_are_made_afresh_each_time(cache_backend, commit):
    """Any query string is a new address: storing each could fill the cache."""
    commit(make_program)
    url = reverse("programs:export", kwargs={"format": "csv"})
    b"".join(Client().get(url, {"degree": "phd"}).streaming_content)
    assert Client().get(url, {"degree": "phd"}).streaming


def test_a_download_finished_after_a_change_is_not_stored(cache_backend, commit):
    program = commit(make_program, name="Before")
    slow = iter(export().streaming_content)
    next(slow)  # the header row has gone out when the change commits
    commit(change_name, program, "After")
    fresh = export()  # a quicker visitor's, stored under the new version
    assert b"After" in b"".join(fresh.streaming_content)
    b"".join(slow)  # the slow download ends: its old rows must not replace the new entry
    hit = export()
    assert not hit.streaming and b"After" in hit.content


def test_a_cache_that_fails_to_store_still_sends_the_whole_download(cache_backend, commit):
    commit(make_program, name="Still Sent")
    with patch.object(caches["default"], "set", side_effect=OSError("disk full")):
        body = b"".join(export().streaming_content)
        assert b"Still Sent" in body
        assert "Still Sent" in program_list().text


def _stored_keys(cache_backend):
    name, _ = cache_backend
    if name != "locmem":
        pytest.skip("key listing is only easy on locmem")
    cache = caches["default"]
    return [key.split(":", 2)[-1] for key in cache._cache]


@pytest.fixture
def own_locmem():
    config = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "own"}
    with caching(config):
        yield
        caches["default"].clear()


def test_each_worker_keeps_recent_pages_within_its_byte_budget(own_locmem):
    pages = {f"/page-{n}/": HttpResponse(b"x" * 1000) for n in range(5)}
    middleware = pagecache.PageCacheMiddleware(lambda request: pages[request.path])
    with override_settings(PAGE_CACHE_LOCAL_ENTRIES=10, PAGE_CACHE_LOCAL_BYTES=2500):
        for path in pages:
            middleware(RequestFactory().get(path))
        # Each page is stored in several encodings (~1 KB plain plus its compressions).
        assert middleware.local_bytes <= 2500
        assert len(middleware.local) == 2
        newest = pagecache._key(RequestFactory().get("/page-4/"))
        assert newest in middleware.local
        assert middleware.local_bytes == sum(size for _, size in middleware.local.values())


def test_a_worker_counts_a_replaced_copy_once(own_locmem):
    middleware = pagecache.PageCacheMiddleware(lambda request: HttpResponse(b"x" * 1000))
    key = pagecache._key(RequestFactory().get("/page/"))
    middleware(RequestFactory().get("/page/"))
    size = middleware.local_bytes
    version = (uuid.uuid4().hex, 0.0)  # the same page again, under a newer version
    middleware.keep(key, middleware.entry(version, b"y" * 1000, []))
    assert middleware.local_bytes == size and len(middleware.local) == 1
    with override_settings(PAGE_CACHE_LOCAL_BYTES=10):  # now too large to keep here
        middleware.keep(key, middleware.entry(version, b"z" * 1000, []))
    assert middleware.local_bytes == 0 and not middleware.local


def test_a_cached_page_is_one_copy_for_everyone_with_no_cookie_or_token(cache_backend, commit):
    commit(make_program)
    first, second = program_list(), program_list()
    assert second.content == first.content
    assert not first.cookies and not second.cookies
    # The public forms go by the browser's Sec-Fetch-Site and Origin (core.security).
    assert "csrfmiddlewaretoken" not in second.text


def test_a_page_that_sets_a_cookie_is_not_stored(cache_backend, commit):
    """A cookie is one visitor's: a page that hands one out (as {% csrf_token %} would)
    is rendered afresh for every visitor, never shared."""
    commit(make_program)
    with patch("programs.views.ProgramListView.get_context_data", with_a_csrf_token):
        first, second = program_list(), program_list()
    assert (
        settings.CSRF_COOKIE_NAME in first.cookies and settings.CSRF_COOKIE_NAME in second.cookies
    )
    assert first.context is not None and second.context is not None  # both rendered


def with_a_csrf_token(view, **kwargs):
    from django.middleware.csrf import get_token

    from programs.views import ProgramListView

    get_token(view.request)
    return super(ProgramListView, view).get_context_data(**kwargs)


@pytest.mark.parametrize(
    ("accept", "encoding", "decompress"),
    [
        (
            "gzip, deflate, br, zstd",
            "zstd",
            lambda body: zstandard.ZstdDecompressor().decompress(body),
        ),
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("identity", None, bytes),
    ],
)
def test_cached_pages_are_sent_compressed_as_stored(
    cache_backend, commit, django_assert_num_queries, accept, encoding, decompress
):
    commit(make_program)
    plain = program_list()  # stored, compressed once in every encoding
    with django_assert_num_queries(0):
        hit = program_list(**{"Accept-Encoding": accept})
    assert hit.get("Content-Encoding") == encoding
    assert decompress(hit.content) == plain.content
    assert hit["Content-Length"] == str(len(hit.content))
    assert "Accept-Encoding" in hit["Vary"] and "Cookie" in hit["Vary"]
    assert hit["ETag"] == plain["ETag"]


def test_conditional_get_answers_304_until_content_changes(cache_backend, commit):
    program = commit(make_program)
    first = program_list()
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')
    assert program_list(**{"If-None-Match": etag}).status_code == 304
    assert program_list(**{"If-Modified-Since": modified}).status_code == 304
    commit(change_name, program, "Changed")
    assert program_list(**{"If-None-Match": etag}).status_code == 200


def test_pages_are_compressed_as_the_client_accepts():
    make_program()
    plain = program_list()
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    br = program_list(**{"Accept-Encoding": "gzip, deflate, br"})
    assert br["Content-Encoding"] == "br"
    assert brotli.decompress(br.content).startswith(b"<!doctype html>")
    gz = program_list(**{"Accept-Encoding": "gzip"})
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content).startswith(b"<!doctype html>")
    assert len(gz.content) < len(plain.content) / 3


def test_cache_control_says_who_may_keep_what():
    make_program()
    page = program_list()
    assert set(page["Cache-Control"].split(", ")) == {"private", "no-cache"}
    api = Client().get(reverse("api:programs"))
    assert api["Cache-Control"] == f"public, max-age={settings.PUBLIC_MAX_AGE}"
    assert "private" not in Client().get(reverse("changes-feed"))["Cache-Control"]
