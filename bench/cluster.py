"""`make cluster-demo`: two app servers, one PostgreSQL, one Redis; an edit on one is
seen on the other at once.

1. A throwaway PostgreSQL database (CLUSTER_DATABASE_URL, default
   postgres://postgres@127.0.0.1:5432/gradient_cluster) with the shipped content, and an
   editor account.
2. Two gunicorn instances in production mode on two ports, both with REDIS_URL (default
   redis://127.0.0.1:6379/2) and that database: what a load balancer would stand in
   front of.
3. A visitor reads a program page from both (the second read of each is a cache hit);
   the editor signs in on server A and renames the program in the admin; the page on
   server B shows the new name on the very next request. The visitor's shortlist,
   kept in the session, is seen by both servers too.

Exits non-zero if anything is not as it should be.
"""

import http.client
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTS = (8801, 8802)
DATABASE = os.environ.get(
    "CLUSTER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gradient_cluster"
)
REDIS = os.environ.get("CLUSTER_REDIS_URL", "redis://127.0.0.1:6379/2")
PASSWORD = secrets.token_urlsafe(16)


class Browser:
    """Just enough of a browser for the demo: cookies per client, forms by hand. (The
    servers mark cookies Secure for HTTPS; this client sends them over loopback HTTP.)"""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if fields is not None:
            body = urllib.parse.urlencode([tuple(field) for field in fields])
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://127.0.0.1{path}"
            # What a browser says of a form posted from the site's own page.
            headers["Sec-Fetch-Site"] = "same-origin"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text


class FormFields(HTMLParser):
    """Every field of the page's form named `form_id` as the browser would submit it."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        if tag == "input" and attrs.get("name") and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append(
                [attrs["name"], attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")]
            )
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append([self._select, attrs.get("value", "")])
        elif tag == "textarea":
            self._textarea = [attrs.get("name"), ""]
            self.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            # A browser drops the newline that starts a textarea's text.
            if self._textarea[1].startswith("\n"):
                self._textarea[1] = self._textarea[1][1:]
            self._textarea = None
        elif tag == "form":
            self.inside = False


def form_fields(html, form_id):
    parser = FormFields(form_id)
    parser.feed(html)
    return parser.fields


def check(condition, message):
    print(("  ok  " if condition else "  FAIL ") + message)
    if not condition:
        raise SystemExit(1)


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare():
    """A throwaway database with the shipped content and an editor; the servers' environment."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": DATABASE,
        "REDIS_URL": REDIS,
        "CACHE_KEY_PREFIX": "cluster-demo",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": "/tmp/gradient-cluster-static",
        "LOG_LEVEL": "WARNING",
        "WEB_CONCURRENCY": "2",
    }
    name = urllib.parse.urlsplit(DATABASE).path.lstrip("/")
    base = DATABASE.rsplit("/", 1)[0] + "/postgres"
    subprocess.run(["psql", base, "-qc", f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run(["psql", base, "-qc", f"CREATE DATABASE {name}"], check=True)
    subprocess.run(["redis-cli", "-u", REDIS, "FLUSHDB"], check=True, stdout=subprocess.DEVNULL)
    print("database, content and an editor…")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loadcontent", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage({**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD}, "createsuperuser", "--noinput",
           "--username", "editor", "--email", "editor@example.com")  # fmt: skip
    return env


def main():
    env = prepare()
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-c",
                "config/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            env=env,
        )  # fmt: skip
        for port in PORTS
    ]
    try:
        for port in PORTS:
            for _ in range(100):
                try:
                    Browser().request(port, "GET", "/")
                    break
                except OSError:
                    time.sleep(0.2)
        a, b = PORTS
        print(f"two app servers: A on :{a}, B on :{b}; PostgreSQL {DATABASE}; Redis {REDIS}")
        sys.path.insert(0, str(ROOT))
        program_path = "/programs/stanford-phd-computer-science/"
        visitor = Browser()
        for port in PORTS:
            for _ in range(2):
                status, headers, page = Browser().request(port, "GET", program_path)
            check(status == 200, f"server :{port} serves {program_path} ({headers.get('ETag')})")
        old_name = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1).strip()

        editor = Browser()
        _, _, login = editor.request(a, "GET", "/admin/login/")
        fields = form_fields(login, "login-form")
        fields += [["username", "editor"], ["password", PASSWORD]]
        status, _, _ = editor.request(a, "POST", "/admin/login/?next=/admin/", fields)
        check(status == 302, "the editor signs in on server A")
        _, _, changelist = editor.request(
            a, "GET", "/admin/programs/program/?q=stanford-phd-computer-science"
        )
        change_path = re.search(
            r'href="(/admin/programs/program/\d+/change/)[^"]*"', changelist
        ).group(1)
        _, _, form = editor.request(a, "GET", change_path)
        fields = form_fields(form, "program_form")
        new_name = f"Edited on server A at {time.strftime('%H:%M:%S')}"
        for field in fields:
            if field[0] == "name":
                field[1] = new_name
        status, _, body = editor.request(a, "POST", change_path, fields)
        started = time.perf_counter()
        check(
            status == 302,
            f"the admin on A saves the program's new name ({old_name!r} → {new_name!r})",
        )
        status, _, page = Browser().request(b, "GET", program_path)
        elapsed = (time.perf_counter() - started) * 1000
        check(
            new_name in page,
            f"server B shows the new name on the next request ({elapsed:.0f} ms after the save)",
        )
        status, _, page = Browser().request(a, "GET", program_path)
        check(new_name in page, "server A shows it too")

        visitor.request(a, "GET", "/programs/")
        slug = program_path.strip("/").split("/")[-1]
        fields = [["add", slug], ["next", "/programs/"]]
        status, _, _ = visitor.request(a, "POST", "/shortlist/change/", fields)
        check(status == 302, "a visitor adds the program to their shortlist on server A")
        _, _, page = visitor.request(b, "GET", "/shortlist/")
        check(new_name in page, "server B shows that visitor's shortlist (the session is shared)")
        print("cluster demo: all checks passed")
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
