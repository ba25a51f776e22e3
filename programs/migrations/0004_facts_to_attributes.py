"""Copy the free-text duration, format and funding into typed ProgramAttribute rows.

Each value keeps its source: a program's own fields come from its details source (or
its listing source), a fact from the fact's source. A fact is read only when its
wording says exactly one typed value plainly ("takes 16 months", "usually takes five to
seven years", "part-time", "no financial support"): a negation or a limit ("not
guaranteed", "within 7 years") is left alone. Facts stay as they are, their words are
kept as the row's note, values that disagree are marked disputed, and the reverse
writes the program's own fields back: nothing is lost and nothing invented.
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


# Words that turn a phrase around or make a number a limit: such a text stays a fact.
NEGATION = re.compile(r"\b(not|never|without|within|up to|at most|n't)\b|n't", re.I)
# A duration fact must say how long the program takes.
TAKES = re.compile(r"\b(takes?|lasts?|finish\w*|complet\w*)\b", re.I)


def duration_from_text(text):
    if NEGATION.search(text) or not TAKES.search(text):
        return None
    matches = RANGE.findall(text)
    if len(matches) != 1:
        return None
    low, high, unit = matches[0]
    low, high = _number(low), _number(high) if high else None
    if low < 1 or (high is not None and high < low):
        return None
    unit = "years" if unit.lower().startswith("year") else "months"
    return {"duration_min": low, "duration_max": high, "duration_unit": unit}


def first_phrase(text, phrases):
    text = text.lower()
    return next((value for phrase, value in phrases if phrase in text), None)


def funding_from_text(text):
    funding = first_phrase(text, FUNDING_PHRASES)
    if funding is None or (funding != "self" and NEGATION.search(text)):
        return None  # "Funding is not guaranteed" says no choice plainly.
    return {"funding": funding}


def format_from_text(text):
    if NEGATION.search(text) or re.search(r"\bno\b", text, re.I):
        return None  # "No part-time option", "not offered online"
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
        if program.duration_min_months:  # 0 or none: nothing to say
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
                ProgramFact.objects.get_or_create(
                    program=program,
                    key="funding-as-listed",
                    defaults={
                        "topic": "funding",
                        "statement": program.funding,
                        "source_id": source_id,
                        "last_verified": program.last_verified,
                    },
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

    mark_disagreements(ProgramAttribute)


def _value(row):
    return (row.duration_min, row.duration_max, row.duration_unit, row.pace, row.delivery,
            row.funding)  # fmt: skip


def mark_disagreements(ProgramAttribute):
    """Two sources giving one program different values of an attribute: both marked."""
    groups = {}
    for row in ProgramAttribute.objects.all():
        groups.setdefault((row.program_id, row.attribute), []).append(row)
    for rows in groups.values():
        if len({_value(row) for row in rows}) > 1:
            ProgramAttribute.objects.filter(pk__in=[row.pk for row in rows]).update(disputed=True)


REVERSE_FORMATS = {tuple(sorted(v.items())): k for k, v in OLD_FORMATS.items()}
REVERSE_FUNDING = {"guaranteed": "Fully funded", "usually": "Usually funded",
                   "varies": "Funding varies", "self": "Self-funded"}  # fmt: skip


def back_to_fields(apps, schema_editor):
    """Write each program's own source's values back into its old fields."""
    Program = apps.get_model("programs", "Program")
    ProgramAttribute = apps.get_model("programs", "ProgramAttribute")
    for program in Program.objects.all():
        own = ProgramAttribute.objects.filter(
            program=program, source_id=program.details_source_id or program.source_id
        )
        for row in own:
            if row.attribute == "duration":
                factor = 12 if row.duration_unit == "years" else 1
                program.duration_min_months = row.duration_min * factor
                program.duration_max_months = (row.duration_max or 0) * factor or None
            elif row.attribute == "format":
                value = {k: v for k, v in (("pace", row.pace), ("delivery", row.delivery)) if v}
                program.format = REVERSE_FORMATS.get(tuple(sorted(value.items())), "")
            elif row.attribute == "funding":
                program.funding = REVERSE_FUNDING.get(row.funding, "")
        program.save()


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_program_attributes")]

    operations = [migrations.RunPython(move_to_attributes, back_to_fields)]
