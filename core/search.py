"""One search for every list page: terms from ?q=, whole-word matching, ranking, highlighting.

A term matches whole words: "gre" finds "GRE" but not "degree" or "great". A word
also finds its simple plural and possessive forms, either way round: "master"
finds "master's" and "masters"; "universities" finds "university".
A "quoted phrase" matches its words in order. Terms that start or end with a
symbol ("80%", "<script>") are matched literally, without a boundary on that side.
Common short forms stand for their long forms too (SYNONYMS): "ml" also finds
"machine learning", "nlp" "natural language processing".

The database can't do this the same way on SQLite and PostgreSQL (their regex
dialects differ), so SearchQuerySet.search() narrows the candidates to a
superset with fragments every match must contain (see `fragments`), and the
patterns here decide and rank: both databases give the same results.

A model with many rows (Program) keeps a search document (core.models.Searchable):
the texts of its `search_fields`, relations included, in one column kept right by
signals, so narrowing and ranking read one row per object and no joins. There a
fragment of letters and digits narrows through a full-text prefix query on
PostgreSQL (`search_words`, lowercased by Python, stored as a GIN-indexed tsvector in
`search_vector`) and a substring
test of `search_words` on SQLite, and anything else ("80%") through icontains on
the document. Small tables (careers, questions) read their fields directly.

Everything the visitor typed is escaped before it is wrapped in <mark>, so a
query like <script> is shown as text. (SQLite's LIKE ignores case for ASCII
letters only: there "école" does not find "École" in a career or FAQ text, nor
a non-ASCII symbol term of another case in a program's; through programs' words,
lowercased by Python, and on PostgreSQL, the production database, it does.)
"""

import os
import re
from functools import lru_cache, reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections, models
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
# A word for `search_words`: the letters and digits between the boundaries above.
_WORD = re.compile(r"[^\W_]+")
# Between the fields of a search document: not a letter, digit or space (so no match,
# phrase or boundary spans two fields), and taken out of the texts.
DOCUMENT_SEPARATOR = "\x03"
# Longer words than this narrow with icontains: PostgreSQL leaves words over 2,047
# bytes out of a tsvector.
_MAX_INDEXED_WORD = 200


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
    # Every match starts with the term's first letter. Saying so first lets the regex
    # engine skip ahead to it: a pattern that starts with a lookbehind is tried at every
    # position (scoring 10,000 documents took four times as long).
    first = words[0][0]
    start = f"(?={re.escape(first)}){_NOT_AFTER_ALNUM}" if first.isalnum() else ""
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


def document_relevance(terms, document):
    """relevance() of a search document's fields, read in one pass per term.

    The same as relevance(terms, *fields): no match spans a DOCUMENT_SEPARATOR (it is
    neither a word character nor a space, and no term holds one), and a boundary at a
    field's edge behaves as at the start or end of a text.
    """
    # The body is the text after the last separator; a match before it is in the field
    # numbered by the separators ahead of it (counted in C, only for those matches:
    # finding every separator of every document in Python was most of a search's time).
    body_starts = document.rfind(DOCUMENT_SEPARATOR)
    in_heads = [0] * document.count(DOCUMENT_SEPARATOR)
    in_body = 0
    for term in terms:
        found = set()
        body_hits = 0
        for match in _pattern([term]).finditer(document):
            if match.start() > body_starts:
                body_hits += 1
            else:
                found.add(document.count(DOCUMENT_SEPARATOR, 0, match.start()))
        if not found and not body_hits:
            return None
        for field in found:
            in_heads[field] += 1
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


def make_document(columns):
    """One text of per-field texts (see Searchable), most telling first."""
    return DOCUMENT_SEPARATOR.join(text.replace(DOCUMENT_SEPARATOR, " ") for text in columns)


def document_words(document):
    """The document's words, lowercased, one space between: what full-text indexes.

    Python's idea of a word, not the database parser's, so that a word the patterns
    find is always a word in the index (PostgreSQL would keep "cs.stanford.edu" or
    "self-funded" as one token and miss "stanford" or "funded" with a prefix query).
    """
    return " ".join(_WORD.findall(document.lower()))


def _in_words(fragment_groups, full_text):
    """A Q: `search_words` hold each fragment of some group (lowercase letters and digits).

    Sound because a fragment of letters and digits always starts a word of the text it
    matches (fragments() cuts at apostrophes, and a term's words start at a boundary), and
    `search_words` holds that word, lowercased in Python as the fragment is. On PostgreSQL
    a prefix query through the GIN index; elsewhere a plain substring test, a looser
    superset that needs no case folding from the database.
    """
    if not full_text:
        return reduce(
            or_,
            (
                reduce(and_, (Q(search_words__contains=fragment) for fragment in group))
                for group in fragment_groups
            ),
        )
    query = " | ".join(
        "(" + " & ".join(f"{fragment}:*" for fragment in group) + ")" for group in fragment_groups
    )
    return Q(search_vector=SearchQuery(query, config="simple", search_type="raw"))


def _indexable(fragment):
    return _WORD.fullmatch(fragment) is not None and len(fragment) <= _MAX_INDEXED_WORD


def _prefilter(terms, lookups, documented=False, full_text=False):
    """A Q that every match satisfies: per term, one of its alternatives' fragments all found.

    `lookups` are where to look with icontains. For a `documented` model, alternatives
    made of words only look in `search_words` instead (see _in_words()).
    """

    def anywhere(fragment):
        return reduce(or_, (Q(**{f"{lookup}__icontains": fragment}) for lookup in lookups))

    per_term = []
    for term in terms:
        groups = [fragments(alt) for alt in alternatives(term)]
        if not all(groups):  # an alternative with no fragment: anything may match
            continue
        in_words = [g for g in groups if documented and all(map(_indexable, g))]
        found = [reduce(and_, map(anywhere, g)) for g in groups if g not in in_words]
        if in_words:
            found.append(_in_words([[f.lower() for f in g] for g in in_words], full_text))
        per_term.append(reduce(or_, found))
    return reduce(and_, per_term, Q())


class SearchQuerySet(models.QuerySet):
    """A queryset that knows where to look for words: subclasses set `search_fields`.

    `search_fields` runs from the most telling lookup to the least, as for relevance();
    lookups may follow relations ("university__name", "focus_areas__name"). A model
    with a search document (core.models.Searchable) is searched through it.
    """

    search_fields = ()

    def search_texts(self):
        """{pk: [text per search field]}: every related value (unfiltered), each once,
        joined by " · ". One query, with a join per relation (the order of values does
        not change relevance())."""
        lookups = list(self.search_fields)
        rows = self.model._base_manager.filter(pk__in=self.values("pk"))
        values_of = {}
        for pk, *values in rows.order_by().values_list("pk", *lookups):
            row = values_of.setdefault(pk, [[] for _ in lookups])
            for column, value in zip(row, values, strict=True):
                if value and str(value) not in column:
                    column.append(str(value))
        # Sorted, so a document is the same whatever order the database returns rows in.
        return {pk: [" · ".join(sorted(values)) for values in row] for pk, row in values_of.items()}

    def rebuild_search_documents(self):
        """Work out the search documents of these rows afresh; write those that changed.
        Bulk loads, signals and migrate call this (see programs.signals)."""
        texts = self.search_texts()
        changed = []
        for row in self.model._base_manager.filter(pk__in=self.values("pk")).only(
            "search_document", "search_words"
        ):
            document = make_document(texts.get(row.pk, [""] * len(self.search_fields)))
            words = document_words(document)
            if (row.search_document, row.search_words) != (document, words):
                row.search_document, row.search_words = document, words
                changed.append(row)
        self.model._base_manager.bulk_update(
            changed, ["search_document", "search_words"], batch_size=500
        )
        if connections[self.db].vendor == "postgresql":
            # The stored tsvector of the words just written, and of rows that have none
            # yet (after the migration that added it).
            rows = self.model._base_manager.filter(
                Q(pk__in=[row.pk for row in changed]) | Q(search_vector__isnull=True)
            )
            rows.update(search_vector=SearchVector("search_words", config="simple"))
        return len(changed)

    def _candidates(self, terms):
        """The rows that may match every term (a superset: the patterns decide)."""
        if not hasattr(self.model, "search_document"):
            candidates = self
            for term in terms:
                # One filter() per term: each term may match its own row of a to-many
                # relation ("vision robotics": two research areas of one program).
                candidates = candidates.filter(_prefilter([term], self.search_fields))
            return candidates
        full_text = connections[self.db].vendor == "postgresql"
        return self.filter(_prefilter(terms, ["search_document"], True, full_text))

    def _scores(self, candidates, terms):
        """{pk: relevance} of every candidate (None where a term is missing)."""
        if not hasattr(self.model, "search_document") or any(
            DOCUMENT_SEPARATOR in term for term in terms
        ):
            texts = candidates.search_texts()
            return {pk: relevance(terms, *columns) for pk, columns in texts.items()}
        # Unordered: sorting thousands of candidates by the model's ordering is wasted here.
        documents = candidates.order_by().values_list("pk", "search_document")
        return {pk: document_relevance(terms, document) for pk, document in documents}

    def search(self, terms):
        """Objects matching every term as whole words, most relevant first. Two queries."""
        if not terms:
            return self
        candidates = self._candidates(terms)
        scores = self._scores(candidates, terms)
        rejected = [pk for pk, score in scores.items() if score is None]
        scores = {pk: score for pk, score in scores.items() if score is not None}
        if not scores:
            return self.none().annotate(search_position=models.Value(0))
        # Equally relevant objects share a position, so the order after it decides. The
        # candidates again, less those the patterns turned down (usually few), and one
        # When per position with the commonest as the default: a search that finds
        # thousands of rows stays a short query.
        positions = {score: n for n, score in enumerate(sorted(set(scores.values()), reverse=True))}
        groups = {}
        for pk, score in scores.items():
            groups.setdefault(positions[score], []).append(pk)
        commonest = max(groups, key=lambda position: len(groups[position]))
        found = self.filter(pk__in=candidates.values("pk"))
        if rejected:
            found = found.exclude(pk__in=rejected)
        return found.annotate(
            search_position=Case(
                *(
                    When(pk__in=pks, then=position)
                    for position, pks in groups.items()
                    if position != commonest
                ),
                default=commonest,
                output_field=models.IntegerField(),
            )
        )

    def by_relevance(self):
        """After search(): most relevant first, equally relevant ones in the usual order."""
        return self.order_by("search_position", *self.model._meta.ordering)
