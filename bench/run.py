"""`make bench`: every page type at N synthetic programs, in process and over HTTP.

1. Builds a throwaway database (SQLite in a temporary folder, or BENCH_DATABASE_URL)
   with the shipped content plus a synthetic catalogue (bench/synthetic.py), and times
   renumbering the stored list orders (what each saved change costs).
2. In process, with the page cache off: each page's query count, p50/p95 server time
   and size (cached fragments warm, as a visitor with a session finds them), p50 with
   no fragment kept, and p50 with the page cache on.
3. Over HTTP: gunicorn (2 workers) in production mode; wrk (Debian's package, installed
   here if missing) against a few pages served from the cache, uncached (a visitor with
   a session), and the same bytes as a static file from the same server; the ratios;
   then the cached page and the static file again, asked for as browsers ask (brotli).

Usage: python -m bench.run [--programs 10000] [--reps 15] [--seconds 5] [--no-http]
"""

import argparse
import contextlib
import gc
import gzip
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BROWSER_ENCODINGS = "Accept-Encoding: gzip, deflate, br"


def parse():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programs", type=int, default=int(os.environ.get("N", 10_000)))
    parser.add_argument("--reps", type=int, default=15, help="requests per page, in process")
    parser.add_argument("--seconds", type=int, default=5, help="wrk run per page")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn/wrk part")
    return parser.parse_args()


def configure(workdir):
    """Production settings on a throwaway database."""
    database = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=str(workdir / "static"),
        CACHE_DIR=str(workdir / "cache"),
        LOG_LEVEL="WARNING",
    )
    return database


def build(programs):
    from django.core.management import call_command
    from django.db import connection

    from bench.synthetic import make_catalogue

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    sizes = make_catalogue(programs) if programs else {}
    if connection.vendor == "postgresql":
        # A fresh bulk load has no planner statistics until autovacuum gets to it (a
        # running site has them): without, PostgreSQL guessed 40 rows for a search
        # that finds 10,000 and planned accordingly.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"database built in {time.perf_counter() - started:.1f} s: {sizes}")


def renumbering():
    """What a saved change costs in the stored orders: each order renumbered when no
    program moves (an edit that changes no place) and when every program does."""
    from django.db import connection

    from programs.models import Program, ProgramQuerySet

    def timed(positions):
        started = time.perf_counter()
        Program.objects.renumber(positions)
        return (time.perf_counter() - started) * 1000

    still = {position: timed([position]) for position in ProgramQuerySet.POSITIONS}
    Program.objects.update(**dict.fromkeys(ProgramQuerySet.POSITIONS, 0))
    moved = {position: timed([position]) for position in ProgramQuerySet.POSITIONS}
    print("\nstored orders, renumbered   no place moves   every place moves")
    for position in ProgramQuerySet.POSITIONS:
        print(f"{position:27} {still[position]:>11.0f} ms {moved[position]:>14.0f} ms")
    print(f"{'all four (a program saved)':27} {sum(still.values()):>11.0f} ms")
    if connection.vendor == "postgresql":
        # Every row was rewritten four times: compact the table again, or every page that
        # scans it would be measured on a table five times its size.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM FULL ANALYZE programs_program")


def pages():
    """(label, path) for every public page type and export."""
    from careers.models import CareerPath
    from faqs.models import Question
    from programs.models import Program, Ranking, University

    program = Program.objects.published().order_by("pk").first()
    synthetic = Program.objects.published().order_by("-pk").first()
    ranking = Ranking.objects.latest_editions().order_by("-pk").first()
    shipped_ranking = Ranking.objects.published().order_by("pk").first()
    university = University.objects.published().order_by("-pk").first()
    career = CareerPath.objects.published().order_by("pk").first()
    question = Question.objects.published().order_by("pk").first()
    pair = "&".join(f"p={p.slug}" for p in Program.objects.published().order_by("pk")[:3])
    return [
        ("home", "/"),
        ("program list", "/programs/"),
        ("  phd only", "/programs/?degree=phd"),
        ("  search", "/programs/?q=learning"),
        ("  funded, by cost", "/programs/?funded=on&sort=cost"),
        ("  top 10, by deadline", "/programs/?top=10&sort=deadline"),
        ("  in a ranking", f"/programs/?ranking={ranking.slug}"),
        ("  last page", "/programs/?page=last"),
        ("program", program.get_absolute_url()),
        ("program (synthetic)", synthetic.get_absolute_url()),
        ("compare", f"/programs/compare/?{pair}"),
        ("shared shortlist", f"/shortlist/shared/?{pair}"),
        ("universities", "/universities/"),
        ("university", university.get_absolute_url()),
        ("rankings", "/rankings/"),
        ("ranking (shipped)", shipped_ranking.get_absolute_url()),
        ("ranking (1,000 rows)", ranking.get_absolute_url()),
        ("careers", "/careers/"),
        ("career", career.get_absolute_url()),
        ("phd vs masters", "/careers/phd-vs-masters/"),
        ("faqs", "/faqs/"),
        ("faq", question.get_absolute_url()),
        ("requirements", "/faqs/requirements/"),
        ("glossary", "/faqs/glossary/"),
        ("about our data", "/about/"),
        ("open data", "/data/"),
        ("changes feed", "/changes.atom"),
        ("api programs", "/api/v1/programs/"),
        ("api ranking", f"/api/v1/rankings/{ranking.slug}/"),
        ("export programs csv", "/programs/export.csv"),
        ("export ranking csv", f"{ranking.get_absolute_url()}export.csv"),
    ]


def timed(client, path, reps, before_each=lambda: None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, size, status = [], 0, 0, 0
    rep = 0
    while rep <= reps:  # the first is a warm-up
        before_each()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            body = b"".join(response) if response.streaming else response.content
            elapsed = time.perf_counter() - started
        if rep:
            times.append(elapsed * 1000)
        elif elapsed > 2:
            reps = 1  # a page this slow: one timed request says enough
        rep += 1
        queries, size, status = len(captured), len(body), response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return status, queries, statistics.median(times), p95, size, body


def forget_fragments():
    from django.core.cache import caches

    for alias in ("fragments", "forms"):
        caches[alias].clear()


def in_process(reps):
    from django.core.cache import caches
    from django.test import Client, override_settings

    print(
        f"\n{'page':24} {'status':>6} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}"
        f" {'no fragments':>12} {'cached p50':>10}"
    )
    bodies = {}
    worst = 0.0
    # As a gunicorn worker does once the app is loaded (config/gunicorn.conf.py).
    gc.collect()
    gc.freeze()
    for label, path in pages():
        with override_settings(PAGE_CACHE_ENABLED=False):
            status, queries, p50, p95, size, body = timed(Client(), path, reps)
            _, _, cold, _, _, _ = timed(Client(), path, reps, forget_fragments)
        caches["default"].clear()
        _, _, cached, _, _, _ = timed(Client(), path, max(3, reps // 3))
        bodies[label] = (path, body)
        worst = max(worst, p50)
        print(
            f"{label:24} {status:>6} {queries:>7} {p50:>8.1f} {p95:>8.1f} {size / 1024:>7.1f}"
            f" {cold:>12.1f} {cached:>10.2f}"
        )
    print(f"slowest uncached p50: {worst:.1f} ms")
    return bodies


def ensure_wrk():
    if shutil.which("wrk"):
        return True
    print("installing wrk (Debian's package)…")
    install = "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk"
    subprocess.run(install, shell=True, check=False, stdout=subprocess.DEVNULL)
    return bool(shutil.which("wrk"))


def wrk(url, seconds, headers=()):
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
        if "Non-2xx" in line:
            print("   ", line.strip())
    return 0.0


def settle(url, limit=60):
    """Wait until the server answers at once: when wrk stops, the requests still queued in
    gunicorn's backlog (up to 16 slow uncached pages) would eat into the next run."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=limit).read()
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)


def ratio(rate, static_rate):
    return f"{rate / static_rate:.2f}" if static_rate else "n/a"


def over_http(bodies, seconds, workdir):
    if not ensure_wrk():
        print("wrk is not available: skipping the HTTP part")
        return
    chosen = ["home", "program list", "program", "ranking (1,000 rows)", "faqs", "api programs"]
    static = Path(os.environ["STATIC_ROOT"]) / "bench"
    static.mkdir(parents=True, exist_ok=True)
    for index, label in enumerate(chosen):
        page = static / f"page{index}.html"
        page.write_bytes(bodies[label][1])
        # Compressed copies beside it, as collectstatic makes them; whitenoise sends the
        # one the client accepts, as the page cache does.
        page.with_name(page.name + ".br").write_bytes(brotli.compress(bodies[label][1]))
        page.with_name(page.name + ".gz").write_bytes(gzip.compress(bodies[label][1]))
    config = (
        ["-c", "config/gunicorn.conf.py"] if (ROOT / "config/gunicorn.conf.py").exists() else []
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            *config,
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "WEB_CONCURRENCY": "2"},
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        print(f"\nHTTP, gunicorn 2 workers, wrk 2 threads x 16 connections, {seconds} s each")
        print("(br: the client accepts brotli, as browsers do; the others ask for no encoding)")
        print(
            f"{'page':24} {'static r/s':>10} {'cached':>8} {'ratio':>6} {'uncached':>8}"
            f" {'ratio':>6} {'br static':>10} {'br cached':>9} {'ratio':>6}"
        )
        for index, label in enumerate(chosen):
            path = bodies[label][0]
            static_url = f"{base}/static/bench/page{index}.html"
            settle(static_url)
            static_rps = wrk(static_url, seconds)
            settle(static_url)
            cached = wrk(base + path, seconds)
            settle(static_url)
            # A session cookie (its production name, see config/settings.py) skips the cache.
            uncached = wrk(base + path, seconds, ["Cookie: __Host-sessionid=bench-visitor"])
            settle(static_url)
            brotli_static = wrk(static_url, seconds, [BROWSER_ENCODINGS])
            settle(static_url)
            brotli_cached = wrk(base + path, seconds, [BROWSER_ENCODINGS])
            print(
                f"{label:24} {static_rps:>10.0f} {cached:>8.0f} {ratio(cached, static_rps):>6}"
                f" {uncached:>8.0f} {ratio(uncached, static_rps):>6}"
                f" {brotli_static:>10.0f} {brotli_cached:>9.0f}"
                f" {ratio(brotli_cached, brotli_static):>6}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main():
    args = parse()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="gradient-bench-") as folder:
        workdir = Path(folder)
        database = configure(workdir)
        import django

        django.setup()
        print(f"benchmark: {args.programs} synthetic programs on {database.split(':')[0]}")
        build(args.programs)
        renumbering()
        bodies = in_process(args.reps)
        if not args.no_http:
            over_http(bodies, args.seconds, workdir)
    print(f"\nbenchmark finished in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
