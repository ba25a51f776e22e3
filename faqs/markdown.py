"""Editors write Markdown; pages get sanitized HTML.

Markdown is rendered with Python-Markdown, then everything passes through nh3
with an explicit allow-list, so raw HTML typed into the admin (a <script>, an
onerror= attribute, a javascript: or data: link) comes out inert. Images are not
allowed at all: pages never load anything from another host.

Glossary links are added afterwards, on the sanitized HTML (see GlossaryLinker),
so a new glossary term shows up in every answer without re-saving the answers.
"""

import html
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


def _phrase_pattern(phrase):
    """Case-insensitive, except for acronyms and names like 'PhD', 'ML', 'NeurIPS'."""
    escaped = r"\s+".join(re.escape(word) for word in phrase.split())
    if any(char.isupper() for char in phrase[1:]):
        return escaped
    return f"(?i:{escaped})"


class GlossaryLinker:
    """Links the first occurrence of each glossary term in a sanitized HTML fragment.

    `terms` is an iterable of (phrases, url): a term's name and aliases, and where
    it is defined. A plural "s" is allowed after a phrase. Text inside links,
    code and headings is never touched, and tags are copied through unchanged,
    so the output is as safe as the input.
    """

    SKIP_INSIDE = frozenset({"a", "code", "pre", "kbd", "samp", "h3", "h4", "h5", "h6"})

    def __init__(self, terms):
        self._url_for = {}
        patterns = []
        for phrases, url in terms:
            for phrase in phrases:
                phrase = " ".join(phrase.split())
                if phrase and phrase.casefold() not in self._url_for:
                    self._url_for[phrase.casefold()] = url
                    patterns.append(phrase)
        # Longest first, so "deep learning" wins over "learning".
        patterns.sort(key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<![\w\-./@#])("
                + "|".join(_phrase_pattern(p) for p in patterns)
                + r")s?(?![\w\-@/]|\.\w)"
            )
            if patterns
            else None
        )

    def __bool__(self):
        return self._pattern is not None

    def link(self, fragment, skip_url=None):
        """The fragment with glossary links; `skip_url` is never linked (a term's own page)."""
        if not fragment or self._pattern is None:
            return fragment
        parser = _LinkingParser(self, {skip_url} if skip_url else set())
        parser.feed(fragment)
        parser.close()
        return "".join(parser.out)

    def _link_text(self, text, linked):
        def replace(match):
            url = self._url_for.get(" ".join(match.group(1).split()).casefold())
            if url is None or url in linked:
                return match.group(0)
            linked.add(url)
            return f'<a href="{html.escape(url)}" class="glossary-link">{match.group(0)}</a>'

        return self._pattern.sub(replace, text)


class _LinkingParser(HTMLParser):
    def __init__(self, linker, linked):
        # Entities stay as written, so text is copied back exactly as it came in.
        super().__init__(convert_charrefs=False)
        self.linker = linker
        self.out = []
        self.skip_depth = 0
        self.linked = linked

    def handle_starttag(self, tag, attrs):
        if tag in GlossaryLinker.SKIP_INSIDE:
            self.skip_depth += 1
        self.out.append(self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in GlossaryLinker.SKIP_INSIDE and self.skip_depth:
            self.skip_depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.skip_depth:
            self.out.append(data)
        else:
            self.out.append(self.linker._link_text(data, self.linked))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")
