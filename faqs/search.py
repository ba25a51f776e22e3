"""Search terms from ?q=, and what matched, highlighted.

Everything the visitor typed is escaped before it is wrapped in <mark>, so a
query like <script> is shown as text.
"""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
EXCERPT_LENGTH = 220

# A "quoted phrase" or a single word.
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def parse_terms(query):
    """'"research fit" GPA gpa' → ['research fit', 'GPA']: phrases kept, duplicates dropped."""
    terms, seen = [], set()
    for phrase, word in _TOKEN.findall(query or ""):
        term = " ".join((phrase or word).strip('"').split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def _pattern(terms):
    alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text, terms):
    """The text, escaped, with every match wrapped in <mark>."""
    if not terms:
        return escape(text)
    parts, position = [], 0
    for match in _pattern(terms).finditer(text):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def excerpt(text, terms, length=EXCERPT_LENGTH):
    """A highlighted passage around the first match, or "" when nothing matches."""
    if not terms:
        return ""
    match = _pattern(terms).search(text)
    if match is None:
        return ""
    start = max(0, match.start() - length // 3)
    end = min(len(text), start + length)
    # Cut at word boundaries.
    if start > 0:
        space = text.find(" ", start, match.start())
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", match.end(), end)
        end = space if space != -1 else end
    passage = highlight(text[start:end], terms)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{passage}{suffix}")
