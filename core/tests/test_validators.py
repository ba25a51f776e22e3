import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from core.validators import is_http_url, validate_http_url

# What a link must never be: each is refused on every way in and shown as text.
UNSAFE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/file",
    "//example.org/no-scheme",
    "example.org",
    "https:example.org",
]
SAFE = ["https://example.org/", "http://example.org/a?b=c", "HTTPS://EXAMPLE.ORG/"]


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_addresses_are_not_http(url):
    assert not is_http_url(url)
    with pytest.raises(ValidationError):
        validate_http_url(url)


@pytest.mark.parametrize("url", SAFE)
def test_http_addresses_pass(url):
    assert is_http_url(url)
    validate_http_url(url)


def test_empty_is_allowed_and_not_a_link():
    validate_http_url("")
    assert not is_http_url("") and not is_http_url(None)


def link(url, text="Source"):
    template = Template("{% load core_tags %}{{ url|external_link:text }}")
    return template.render(Context({"url": url, "text": text}))


@pytest.mark.parametrize("url", UNSAFE)
def test_external_link_shows_unsafe_addresses_as_text(url):
    html = link(url, text="<b>Source</b>")
    assert "<a" not in html and "href" not in html
    assert html == "&lt;b&gt;Source&lt;/b&gt;"


def test_external_link_links_http_addresses_and_escapes():
    html = link('https://example.org/?a=1&b="x"', text="A & B")
    assert html == (
        '<a href="https://example.org/?a=1&amp;b=&quot;x&quot;" rel="external noopener">'
        "A &amp; B</a>"
    )
    assert link("") == "Source"
