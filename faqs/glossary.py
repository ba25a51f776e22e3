"""Glossary links in sanitized HTML: the first mention of each term links to its definition.

Added when a page is shown, on HTML that core.markdown has already sanitized, so a
new term reaches every answer without re-saving it.
"""

import html
import re
from html.parser import HTMLParser


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
