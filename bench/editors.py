"""`make editors-check`: the editors' safety claims, measured over HTTP on a real server.

1. Ten editors save different fields of the same program in a loop for SECONDS, each
   from the form they loaded. Counts saves accepted and refused (a form loaded before
   another editor's save), then checks that no accepted save was lost: each field holds
   the value of the last accepted save to it.
2. Thirty wrong passwords for one editor, then the right one; then 200 more tries from
   8 threads. Counts what was let in, locked out, and how fast the server answered.

Runs gunicorn in production mode on PostgreSQL (CLUSTER_DATABASE_URL), like
`make cluster-demo`, on a loopback port.
"""

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter

from bench.cluster import PASSWORD, Browser, form_fields, manage, prepare

PORT = 8803
SECONDS = int(os.environ.get("SECONDS_PER_RUN", "30"))
FIELDS = ["department", "location", "core_courses", "tracks", "description"]
PROGRAM = "stanford-phd-computer-science"


def sign_in(name, password=PASSWORD):
    browser = Browser()
    _, _, login = browser.request(PORT, "GET", "/admin/login/")
    fields = form_fields(login, "login-form") + [["username", name], ["password", password]]
    status, _, _ = browser.request(PORT, "POST", "/admin/login/?next=/admin/", fields)
    return browser, status


def concurrent_edits(change_path):
    saves, lock = [], threading.Lock()
    deadline = time.monotonic() + SECONDS

    def editor(number):
        browser, _ = sign_in(f"editor{number}")
        field = FIELDS[number % len(FIELDS)]
        count = 0
        while time.monotonic() < deadline:
            _, _, form = browser.request(PORT, "GET", change_path)
            fields = form_fields(form, "program_form")
            value = f"editor{number} save {count}"
            for pair in fields:
                if pair[0] == field:
                    pair[1] = value
            status, headers, _ = browser.request(PORT, "POST", change_path, fields)
            accepted = status == 302 and not headers.get("Location", "").endswith(change_path)
            with lock:
                saves.append((time.monotonic(), number, field, value, accepted))
            count += 1

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return saves


def main():
    env = prepare()
    for number in range(10):
        manage({**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "createsuperuser", "--noinput",
               "--username", f"editor{number}", "--email", f"e{number}@example.com")  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{PORT}", "--workers", "4", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                Browser().request(PORT, "GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        browser, _ = sign_in("editor0")
        _, _, changelist = browser.request(PORT, "GET", f"/admin/programs/program/?q={PROGRAM}")
        change_path = re.search(r'href="(/admin/programs/program/\d+/change/)', changelist)[1]

        print(f"1. ten editors, different fields of one program, {SECONDS} s")
        saves = concurrent_edits(change_path)
        accepted = [save for save in saves if save[4]]
        _, _, form = browser.request(PORT, "GET", change_path)
        final = dict(map(tuple, form_fields(form, "program_form")))
        last = {}
        for _, _number, field, value, ok in sorted(saves):
            if ok:
                last[field] = value
        lost = [field for field, value in last.items() if final.get(field) != value]
        editors_last = {}
        for _, number, field, value, ok in sorted(saves):
            if ok:
                editors_last[number] = (field, value)
        reverted = [n for n, (field, value) in editors_last.items()
                    if final.get(field) != value and last[field] == value]  # fmt: skip
        print(f"   saves: {len(saves)}, accepted {len(accepted)}, refused as stale "
              f"{len(saves) - len(accepted)}")  # fmt: skip
        print(f"   fields whose last accepted save was overwritten: {len(lost)} {lost}")
        for field in lost:
            print(f"     {field}: last accepted {last[field]!r}, now {final.get(field)!r}")
        print(f"   editors whose last accepted save was reverted: {len(reverted)} of 10")

        print("2. admin sign-in: 30 wrong passwords, then the right one")
        statuses = Counter(sign_in("editor1", "wrong-password")[1] for _ in range(30))
        _, status = sign_in("editor1")
        print(f"   wrong tries: {dict(statuses)}; the right password then: {status} "
              f"({'let in' if status == 302 else 'locked out'})")  # fmt: skip
        results, lock = Counter(), threading.Lock()
        started = time.monotonic()

        def hammer():
            for _ in range(25):
                code = sign_in("editor2", "wrong-password")[1]
                with lock:
                    results[code] += 1

        threads = [threading.Thread(target=hammer) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        _, status = sign_in("editor2")
        print(f"   200 wrong tries from 8 threads: {dict(results)} in {elapsed:.1f} s "
              f"({200 / elapsed:.0f} a second); the right password then: {status}")  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
