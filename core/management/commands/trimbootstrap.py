"""`manage.py trimbootstrap`: static/css/bootstrap.css is Bootstrap's own file less the rules
for classes no template, form layout or Python source of ours names (93% of it, most of a
phone's style and layout time). Run it after a Bootstrap upgrade, or when
config/tests/test_markup.py says a page uses a rule the trimmed copy lacks; `--check` exits
non-zero if the file is stale (the tests run the same check)."""

import re
from pathlib import Path

import bootstrap
import crispy_bootstrap5
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.csstrim import css_blocks, trim

SOURCE_CSS = Path(bootstrap.__file__).parent / "static/bootstrap/css/bootstrap.min.css"
TRIMMED_CSS = Path(settings.BASE_DIR) / "static/css/bootstrap.css"
# Classes built in templates from a value, e.g. alert-{{ message.tags }}.
BUILT_PREFIXES = ("alert-",)


def words_we_write():
    """Every word in our templates, crispy's Bootstrap 5 templates and our Python: a class
    we use is one of them (over-inclusive on purpose: a stray word only keeps a rule)."""
    roots = [Path(settings.BASE_DIR), Path(crispy_bootstrap5.__file__).parent / "templates"]
    words = set()
    for root in roots:
        for path in [*root.rglob("*.html"), *root.rglob("*.py"), *root.rglob("*.js")]:
            if not {".venv", "node_modules", "staticfiles"} & set(path.parts):
                words.update(re.findall(r"[\w-]+", path.read_text(errors="ignore")))
    return words


def trimmed_bootstrap():
    css = SOURCE_CSS.read_text()
    banner = css[css.index("/*!") : css.index("*/") + 2]
    # Comments out (the source map's too: the map is not shipped), then rules we never use.
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S).replace('@charset "UTF-8";', "")
    blocks = css_blocks(trim(body, words_we_write(), BUILT_PREFIXES))
    rules = "".join(f"{p}{{{b}}}" for p, b in blocks if b and not p.startswith("@keyframes"))
    # An animation stays if a kept rule names it.
    kept = "".join(
        prelude + ";" if block is None else f"{prelude}{{{block}}}"
        for prelude, block in blocks
        if not prelude.startswith("@keyframes") or prelude.split()[1] in rules
    )
    return (
        f'@charset "UTF-8";{banner}\n'
        "/* Trimmed to the classes Gradient uses: manage.py trimbootstrap */\n"
        f"{kept}\n"
    )


class Command(BaseCommand):
    help = "Write static/css/bootstrap.css: Bootstrap trimmed to the classes we use."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if the file is stale")

    def handle(self, *args, check=False, **options):
        expected = trimmed_bootstrap()
        if check:
            if TRIMMED_CSS.read_text() != expected:
                raise CommandError("static/css/bootstrap.css is stale: run manage.py trimbootstrap")
            return
        TRIMMED_CSS.write_text(expected)
        self.stdout.write(f"wrote {TRIMMED_CSS} ({len(expected) // 1024} KB)")
