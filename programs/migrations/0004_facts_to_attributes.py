"""Move the free-text duration, format and funding into typed ProgramAttribute rows.

Each value keeps its source: a program's own fields come from its details source (or
its listing source), a fact from the fact's source. A fact is moved only when its
wording says exactly one typed value ("16 months", "five to seven years", "part-time",
"no financial support"); its words stay as the row's note. Anything else is left as a
fact, and a value that disagrees with one already taken from the same source is never
merged, so nothing is lost and nothing invented.
"""

import re

from django.db import migrations

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
NUMBER = r"(\d+|" + "|".join(WORD_NUMBERS) + r")"
RANGE = re.compile(rf"\b{NUMBER}(?:\s*(?:to|-|–)\s*{NUMBER})?\s+(months?|years?)\b", re.I)

# Checked in order: the first phrase found decides (lower case).
FUNDING_PHRASES = [
    ("no financial support", "self"),
    ("self-funded", "self"),
    ("fund it themselves", "self"),
    ("nearly all", "usually"),
    ("virtually all", "usually"),
    ("fully funded", "guaranteed"),
    ("guaranteed", "guaranteed"),
    ("funded through", "usually"),
]
PACE_PHRASES = [
    ("full-time or part-time", "either"),
    ("full- or part-time", "either"),
    ("part-time", "part-time"),
    ("full-time", "full-time"),
]
DELIVERY_PHRASES = [("in person", "on-campus"), ("on campus", "on-campus"), ("online", "online")]
OLD_FORMATS = {
    "full-time": {"pace": "full-time"},
    "part-time": {"pace": "part-time"},
    "full-or-part-time": {"pace": "either"},
    "online": {"delivery": "online"},
}


def _number(text):
    return int(text) if text.isdigit() else WORD_NUMBERS[text.lower()]


def duration_from_months(low, high):
    """Months as entered before: whole years become years."""
    bounds = [b for b in (low, high) if b is not None]
    if all(b % 12 == 0 for b in bounds):
        low, high = low // 12, high // 12 if high is not None else None
        unit = "years"
    else:
        unit = "months"
    return {"duration_min": low, "duration_max": high if high != low else None, "duration_unit": unit}


def duration_from_text(text):
    matches = RANGE.findall(text)
    if len(matches) != 1:
        return None
    low, high, unit = matches[0]
    low, high = _number(low), _number(high) if high else None
    unit = "years" if unit.lower().startswith("year") else "months"
    return {"duration_min": low, "duration_max": high, "duration_unit": unit}


def first_phrase(text, phrases):
    text = text.lower()
    return next((value for phrase, value in phrases if phrase in text), None)


def funding_from_text(text):
    funding = first_phrase(text, FUNDING_PHRASES)
    return {"funding": funding} if funding else None


def format_from_text(text):
    value = {}
    if pace := first_phrase(text, PACE_PHRASES):
        value["pace"] = pace
    if delivery := first_phrase(text, DELIVERY_PHRASES):
        value["delivery"] = delivery
    return value or None


FROM_TEXT = {"duration": duration_from_text, "funding": funding_from_text, "format": format_from_text}


def _merge(row, value):
    """Fill `row` with `value`; False (and no change) where they disagree."""
    if value.get("duration_min") is not None and row.duration_min is not None:
        # Two lengths from one source ("16 months", "20 months") make its range.
        unit = value["duration_unit"]
        if unit != row.duration_unit:
            return False
        bounds = [row.duration_min, row.duration_max, value["duration_min"], value["duration_max"]]
        bounds = [b for b in bounds if b is not None]
        low, high = min(bounds), max(bounds)
        row.duration_min, row.duration_max = low, high if high != low else None
        return True
    for name, new in value.items():
        old = getattr(row, name)
        if old not in (None, "") and old != new:
            return False
    for name, new in value.items():
        setattr(row, name, new)
    return True


def _add_note(row, text):
    """Keep the fact's words with the value they gave."""
    parts = [part for part in (row.note, text.strip()) if part]
    row.note = " ".join(parts)[:300]


def move_to_attributes(apps, schema_editor):
    Program = apps.get_model("programs", "Program")
    ProgramFact = apps.get_model("programs", "ProgramFact")
    ProgramAttribute = apps.get_model("programs", "ProgramAttribute")

    def row_for(program_id, attribute, source_id, last_verified):
        """The source's row for the attribute, or a new one (saved once it has a value)."""
        key = {"program_id": program_id, "attribute": attribute, "source_id": source_id}
        return ProgramAttribute.objects.filter(**key).first() or ProgramAttribute(
            **key, last_verified=last_verified, currency="USD"
        )

    for program in Program.objects.all():
        source_id = program.details_source_id or program.source_id
        if program.duration_min_months is not None:
            row = row_for(program.pk, "duration", source_id, program.last_verified)
            _merge(row, duration_from_months(program.duration_min_months, program.duration_max_months))
            row.save()
        if program.format in OLD_FORMATS:
            row = row_for(program.pk, "format", source_id, program.last_verified)
            _merge(row, OLD_FORMATS[program.format])
            row.save()
        if program.funding:
            value = funding_from_text(program.funding)
            if value is None:  # Words no choice fits stay words, as a fact.
                ProgramFact.objects.create(
                    program=program,
                    key="funding-as-listed",
                    topic="funding",
                    statement=program.funding,
                    source_id=source_id,
                    last_verified=program.last_verified,
                )
                continue
            row = row_for(program.pk, "funding", source_id, program.last_verified)
            _merge(row, value)
            row.save()

    for fact in ProgramFact.objects.filter(topic__in=FROM_TEXT, contradicts_listing=False):
        value = FROM_TEXT[fact.topic](fact.statement)
        if value is None:
            continue
        row = row_for(fact.program_id, fact.topic, fact.source_id, fact.last_verified)
        if not _merge(row, value):
            continue  # It disagrees with its own source's other value: keep both as they were.
        _add_note(row, fact.statement)
        row.last_verified = max(row.last_verified, fact.last_verified)
        row.save()
        fact.delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_program_attributes")]

    operations = [migrations.RunPython(move_to_attributes, migrations.RunPython.noop)]
