"""Downloads: the rows a page shows, as CSV or JSON, streamed.

A dataset is a list of Columns (a name and how to read it from one object). The
view runs its queries first (a constant number, like the page) and the response
streams the rows it formats from them, so a large export never holds its text in
memory at once. CSV cells that a spreadsheet would run as a formula are quoted.
"""

import csv
import datetime
import decimal
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse
from django.urls import reverse

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
DATA_LICENCE = (
    f"Gradient's compiled data and text: CC BY 4.0 ({LICENCE_URL}). "
    "Cite as: Gradient, a guide to graduate programs in machine learning."
)
THIRD_PARTY_TABLE = (
    "A third-party ranking table, reproduced as published facts with attribution to its publisher."
)
# A cell starting with one of these is a formula to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    read: Callable[[Any], Any]
    description: str = ""


class _Echo:
    def write(self, value):
        return value


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(_plain(item) for item in value)
    return str(value)


def _safe_cell(value):
    text = _plain(value)
    # Numbers stay numbers ("-3" is a value, not a formula).
    if text.startswith(FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text):
    try:
        decimal.Decimal(text)
    except decimal.InvalidOperation:
        return False
    return True


def _json_default(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def export_meta(request, **extra):
    """What every JSON download says about itself: where from, under what licence."""
    return {
        "source": request.build_absolute_uri(request.get_full_path()),
        "licence": DATA_LICENCE,
        "about": request.build_absolute_uri(reverse("data")),
        **extra,
    }


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, columns, objects):
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow([column.name for column in columns])
        for obj in objects:
            yield writer.writerow([_safe_cell(column.read(obj)) for column in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def json_response(filename, columns, objects, meta=None):
    """{"meta": {...}, "results": [{column: value}, ...]}, streamed row by row."""

    def chunks():
        yield '{"meta": ' + json.dumps(meta or {}, default=_json_default) + ', "results": ['
        for n, obj in enumerate(objects):
            row = {column.name: column.read(obj) for column in columns}
            yield ("," if n else "") + "\n" + json.dumps(row, default=_json_default)
        yield "\n]}\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json")
    return _attachment(response, filename)


def export_response(fmt, name, columns, objects, meta=None):
    """The `fmt` ("csv" or "json") download of `objects` as `name`.<fmt>."""
    if fmt == "json":
        return json_response(f"{name}.json", columns, objects, meta)
    return csv_response(f"{name}.csv", columns, objects)


class ExportFormat:
    """URL converter: <export:format> is "csv" or "json"; anything else is a 404."""

    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
