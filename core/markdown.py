"""Editors write Markdown; pages get sanitized HTML.

Markdown is rendered with Python-Markdown, then everything passes through nh3
with an explicit allow-list, so raw HTML typed into the admin (a <script>, an
onerror= attribute, a javascript: or data: link) comes out inert. Images are not
allowed at all: pages never load anything from another host.

Links can be added afterwards, on the sanitized HTML (faqs adds glossary links
that way), so the stored HTML never needs re-rendering for them.
"""

import re
from html.parser import HTMLParser

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# Relative URLs (our own pages) pass through; any other scheme is dropped.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content, not just unwrapped.
CLEAN_CONTENT_TAGS = frozenset({"script", "style", "template", "iframe", "object", "embed"})

# Pages own <h1> and <h2>, so an answer's headings start at <h3>: editors' "#" and
# "##" both become <h3>, "###" <h4>, and so on.
TOP_ANSWER_HEADING = 3


class _ShiftHeadings(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                level = min(max(int(element.tag[1]) + 1, TOP_ANSWER_HEADING), 6)
                element.tag = f"h{level}"


class _ShiftHeadingsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API)
        md.treeprocessors.register(_ShiftHeadings(md), "shift_headings", 5)


def render_markdown(text):
    """Markdown source → sanitized HTML, safe to mark safe in a template."""
    if not text:
        return ""
    rendered = markdown.markdown(
        text,
        extensions=[
            "tables",
            "fenced_code",
            "sane_lists",
            "def_list",
            _ShiftHeadingsExtension(),
        ],
        extension_configs={"tables": {"use_align_attribute": True}},
        output_format="html",
    )
    return sanitize(rendered)


_HEADING_TAG = re.compile(r"<(/?)h([3-6])>")


def demote_headings(fragment, top):
    """Sanitized HTML with its headings moved down so that the highest is <h`top`>.

    Answers start at <h3> (TOP_ANSWER_HEADING), below a page's <h2>; where an answer
    sits under a deeper heading, as on the FAQ list, its own headings go below that.
    Levels past <h6> stay at <h6>. Sanitized headings carry no attributes, and any
    "<" in text is escaped, so the tags are matched exactly.
    """
    shift = top - TOP_ANSWER_HEADING
    if shift <= 0 or not fragment:
        return fragment
    return _HEADING_TAG.sub(lambda match: f"<{match[1]}h{min(int(match[2]) + shift, 6)}>", fragment)


def sanitize(fragment):
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(CLEAN_CONTENT_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


_BLOCK_TAGS = frozenset(
    {"p", "br", "li", "dt", "dd", "tr", "td", "th", "pre", "blockquote", "h3", "h4", "h5", "h6"}
)


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(fragment):
    """Sanitized HTML → one line of plain text, for search and excerpts."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())
