"""One search for every list page: terms from ?q=, whole-word matching, ranking, highlighting.

A term matches whole words: "gre" finds "GRE" but not "degree" or "great". A word
also finds its simple plural and possessive forms, either way round: "master"
finds "master's" and "masters"; "universities" finds "university".
A "quoted phrase" matches its words in order. Terms that start or end with a
symbol ("80%", "<script>") are matched literally, without a boundary on that side.
Common short forms stand for their long forms too (SYNONYMS): "ml" also finds
"machine learning", "nlp" "natural language processing".

The database can't do this the same way on SQLite and PostgreSQL (their regex
dialects differ), so SearchQuerySet.search() narrows the candidates with
icontains on fragments every match must contain (see `fragments`), and the
patterns here decide and rank. Everything the visitor typed is escaped before it
is wrapped in <mark>, so a query like <script> is shown as text. (SQLite's LIKE
ignores case for ASCII letters only: there "école" does not find "École"; on
PostgreSQL, the production database, it does.)
"""

import os
import re
from functools import lru_cache, reduce
from operator import and_, or_

from django.db import models
from django.db.models import Case, Q, When
from django.utils.html import escape
from django.utils.safestring import mark_safe

MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
EXCERPT_LENGTH = 220

# Short forms students type, and what they stand for in our data. Each side
# finds the other: a text saying "NLP" is found by "natural language processing" too.
SYNONYMS = {
    "ml": ["machine learning"],
    "ai": ["artificial intelligence"],
    "nlp": ["natural language processing"],
    "cv": ["computer vision"],
    "rl": ["reinforcement learning"],
    "llm": ["large language model"],
    "cs": ["computer science"],
    "eecs": ["electrical engineering and computer science"],
    "cse": ["computer science and engineering"],
    "mcs": ["master of computer science"],
    "ms": ["master of science", "master"],
    "msc": ["master of science"],
    "phd": ["ph.d.", "doctorate", "doctoral"],
    "doctorate": ["phd", "doctoral"],
}

# A "quoted phrase" or a single word.
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_APOSTROPHES = "'’"
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
# Letters and digits only: "_", "-" and apostrophes separate words ("self-funded").
_NOT_AFTER_ALNUM = r"(?<![^\W_])"
_NOT_BEFORE_ALNUM = r"(?![^\W_])"


def parse_terms(query):
    """'"research fit" GPA gpa' → ['research fit', 'GPA']: phrases kept, duplicates dropped."""
    terms, seen = [], set()
    for phrase, word in _TOKEN.findall(query or ""):
        term = " ".join((phrase or word).strip('"').split())
        if term and term.casefold() not in seen:
            seen.add(term.casefold())
            terms.append(term)
    return terms


def _synonyms(key):
    return [*SYNONYMS.get(key, []), *(short for short, longs in SYNONYMS.items() if key in longs)]


@lru_cache(maxsize=256)
def alternatives(term):
    """The term and what it stands for: 'ML' → ('ML', 'machine learning').

    A long form typed in full finds its short form too ('computer vision' → 'cv'),
    plurals count ('PhDs' → 'PhD' → 'doctorate'), and synonyms of synonyms too
    ('ph.d.' → 'phd' → 'doctorate').
    """
    found, queue = [term], [term]
    while queue:
        key = " ".join(queue.pop().casefold().split())
        keys = [key] if " " in key else [stem.casefold() for stem in stems(key)]
        for alternative in (alt for k in keys for alt in _synonyms(k)):
            if alternative not in found:
                found.append(alternative)
                queue.append(alternative)
    return tuple(found)


def stems(word):
    """The base forms a query word stands for: 'masters' → ['masters', 'master']."""
    lower = word.casefold()
    found = [word]
    if lower[-2:] in ("'s", "’s") and len(word) > 2:
        found.append(word[:-2])
    elif lower[-2:] in ("s'", "s’") and len(word) > 2:
        found += [word[:-1], word[:-2]]
    elif lower.endswith("ies") and len(word) > 4:
        found.append(word[:-3] + "y")
    elif lower.endswith("es") and lower[:-2].endswith(_SIBILANT_ENDINGS) and len(word) > 4:
        found.append(word[:-2])
    elif lower.endswith("s") and not lower.endswith("ss") and len(word) > 3:
        found.append(word[:-1])
    return list(dict.fromkeys(found))


def _literal(text):
    """Escaped for a regex, with straight and curly apostrophes interchangeable."""
    parts = re.split(f"[{_APOSTROPHES}]", text)
    return f"[{_APOSTROPHES}]".join(re.escape(part) for part in parts)


def _forms(stem):
    """A regex for a stem and its plural and possessive forms."""
    if not stem[-1:].isalpha():
        return _literal(stem)
    apostrophe = f"[{_APOSTROPHES}]"
    lower = stem.casefold()
    if lower.endswith(_SIBILANT_ENDINGS):
        plural = "es"
    elif lower[-1] == "y" and len(lower) > 1 and lower[-2] not in "aeiou":
        # study → studies, study's
        return f"{_literal(stem[:-1])}(?:y(?:{apostrophe}s)?|ies)"
    else:
        plural = "s"
    return f"{_literal(stem)}(?:{apostrophe}s|{plural})?"


def _word_pattern(word):
    return "(?:" + "|".join(_forms(stem) for stem in stems(word)) + ")"


@lru_cache(maxsize=256)
def term_pattern(term):
    """The regex source for one term, with a word boundary wherever it starts or ends in one."""
    words = term.split()
    body = r"\s+".join(_word_pattern(word) for word in words)
    start = _NOT_AFTER_ALNUM if words[0][0].isalnum() else ""
    end = _NOT_BEFORE_ALNUM if words[-1][-1].isalnum() else ""
    return f"{start}{body}{end}"


def fragments(term):
    """Substrings that every match of the term contains, for a database prefilter.

    The longest common prefix of a word's stems (less a final 'y', which 'ies'
    replaces), cut at apostrophes, since either kind may stand in the text.
    """
    found = []
    for word in term.split():
        bases = [stem[:-1] if stem[-1:].casefold() == "y" else stem for stem in stems(word)]
        # lower(), not casefold(): icontains must find the fragment ("ß" stays "ß").
        prefix = os.path.commonprefix([base.lower() for base in bases])
        piece = max(re.split(f"[{_APOSTROPHES}]", prefix), key=len)
        if piece:
            found.append(piece)
    return found


@lru_cache(maxsize=64)
def _compiled(terms):
    # Longest first, so a phrase wins over a word it contains.
    patterns = {term_pattern(alt) for term in terms for alt in alternatives(term)}
    return re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)


def _pattern(terms):
    return _compiled(tuple(terms))


def relevance(terms, *texts):
    """How well texts match every term, as a sort key (higher first); None if one term is missing.

    `texts` run from the most telling (a title) to the least (a body): a term found
    in an earlier text counts more than any number found later, and the last text
    counts how often the terms occur in it.
    """
    *heads, body = texts
    in_heads = [0] * len(heads)
    in_body = 0
    for term in terms:
        pattern = _pattern([term])
        hits = [bool(pattern.search(text)) for text in heads]
        body_hits = len(pattern.findall(body))
        if not any(hits) and not body_hits:
            return None
        in_heads = [count + hit for count, hit in zip(in_heads, hits, strict=True)]
        in_body += body_hits
    return (*in_heads, in_body)


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


def _prefilter(terms, lookups):
    """A Q that every match satisfies: per term, one of its alternatives' fragments all found."""

    def anywhere(fragment):
        return reduce(or_, (Q(**{f"{lookup}__icontains": fragment}) for lookup in lookups))

    per_term = []
    for term in terms:
        per_term.append(
            reduce(
                or_,
                (reduce(and_, map(anywhere, fragments(alt)), Q()) for alt in alternatives(term)),
            )
        )
    return reduce(and_, per_term, Q())


class SearchQuerySet(models.QuerySet):
    """A queryset that knows where to look for words: subclasses set `search_fields`.

    `search_fields` runs from the most telling lookup to the least, as for relevance();
    lookups may follow relations ("university__name", "focus_areas__name").
    """

    search_fields = ()

    def search(self, terms):
        """Objects matching every term as whole words, most relevant first. Two queries."""
        if not terms:
            return self
        lookups = list(self.search_fields)
        candidates = self
        for term in terms:
            # One filter() per term: each term may match its own row of a to-many relation
            # ("vision robotics": two research areas of one program).
            candidates = candidates.filter(_prefilter([term], lookups))
        # The texts come unfiltered, so relevance() sees every related name.
        rows = self.model._base_manager.filter(pk__in=candidates.values("pk"))
        texts = {}
        for pk, *values in rows.values_list("pk", *lookups):
            row = texts.setdefault(pk, [[] for _ in lookups])
            for column, value in zip(row, values, strict=True):
                if value and value not in column:
                    column.append(str(value))
        scores = {}
        for pk, columns in texts.items():
            score = relevance(terms, *(" · ".join(values) for values in columns))
            if score is not None:
                scores[pk] = score
        if not scores:
            return self.none().annotate(search_position=models.Value(0))
        # Equally relevant objects share a position, so the order after it decides.
        positions = {score: n for n, score in enumerate(sorted(set(scores.values()), reverse=True))}
        return self.filter(pk__in=scores).annotate(
            search_position=Case(
                *(When(pk=pk, then=positions[score]) for pk, score in scores.items()),
                output_field=models.IntegerField(),
            )
        )

    def by_relevance(self):
        """After search(): most relevant first, equally relevant ones in the usual order."""
        return self.order_by("search_position", *self.model._meta.ordering)
