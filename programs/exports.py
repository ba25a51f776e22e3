"""What the program, shortlist and ranking downloads hold, column by column.

Program rows read what the list page prefetches (ProgramQuerySet.for_listing()): a
download is the page's rows, in the page's order, with every column the page can show.
CSV holds the first value of each attribute (the one cards show); JSON holds every
source's value. stream_programs() gives a whole list's rows in a constant number of
queries and constant memory.
"""

from itertools import groupby
from operator import itemgetter
from types import SimpleNamespace

from django.db.models import FilteredRelation, Q

from core.exports import Column

from .models import Attribute, ProgramAttribute

# What an export reads of each attribute row; the rest of the row is its value.
_ROW_FIELDS = ("attribute", "cycle", "note", "disputed", "last_verified", "order", "pk")
_VALUE_FIELDS = tuple(
    f.attname
    for f in ProgramAttribute._meta.concrete_fields
    if f.attname not in {"id", "program_id", "source_id", *_ROW_FIELDS}
)
_SOURCE_FIELDS = ("title", "publisher", "url", "caveat")
_ATTRIBUTE_ORDER = {value: n for n, value in enumerate(Attribute.values)}


def _related(programs, relation, fields, condition=None, order=()):
    """(program id, {field: value}) rows of `relation`, in the programs' order.

    A query rooted at the programs keeps the page's ORDER BY (every order ends with the
    primary key, so a program's rows come together). Its filters move into a subquery:
    a filter's own join (?area=) would otherwise narrow the rows to what it matched."""
    alias = f"export_{relation}"
    names = [f"{alias}__{field}" for field in fields]
    unfiltered = programs.model.objects.filter(pk__in=programs.order_by().values("pk"))
    # What the order reads (search_position, ranks): expressions on the program alone.
    unfiltered.query.annotations = dict(programs.query.annotations)
    page_order = programs.query.order_by or programs.model._meta.ordering
    rows = (
        unfiltered.order_by(*page_order)
        .annotate(**{alias: FilteredRelation(relation, condition=condition or Q())})
        .values_list("pk", *names)
    )
    if order:  # after the programs' own order: the database's collation, as a prefetch
        rows = rows.order_by(*page_order, *(f"{alias}__{field}" for field in order))
    for pk, group in groupby(rows.iterator(), key=itemgetter(0)):
        values = [dict(zip(fields, row[1:], strict=True)) for row in group]
        yield pk, [v for v in values if v[fields[0]] is not None]  # LEFT JOIN: none


def _merge(stream):
    """Look-ups by program id for a stream in the same order as the programs."""
    pending = next(stream, None)

    def rows_of(pk):
        nonlocal pending
        if pending is not None and pending[0] == pk:
            found, pending = pending[1], next(stream, None)
            return found
        return []

    return rows_of


def stream_programs(programs, ranking=None):
    """The programs (a filtered, ordered ProgramQuerySet), each with what the columns read
    (areas, shown ranks, attribute rows), in five queries whatever their number.

    Each related table streams in the programs' order beside them (a merge join), so
    memory stays constant; a value is formatted once per distinct value."""
    programs = programs.prefetch_related(None).select_related("university", "source")
    scope = (
        Q(shown_ranks__ranking__isnull=True) if ranking is None else Q(shown_ranks__ranking=ranking)
    )
    areas = _merge(_related(programs, "focus_areas", ("name",), order=("name",)))
    ranks = _merge(
        _related(
            programs,
            "shown_ranks",
            (
                "criterion_id",
                "rank",
                "is_university_rank",
                "entry_id",
                "entry__rank",
                "entry__ranking_id",
                "entry__ranking__title",
                "entry__ranking__publisher",
                "entry__ranking__edition_year",
            ),
            scope,
        )
    )
    attribute_fields = (
        *_ROW_FIELDS,
        *_VALUE_FIELDS,
        *(f"source__{field}" for field in _SOURCE_FIELDS),
    )
    attributes = _merge(_related(programs, "attributes", attribute_fields))
    shown = {}  # value fields → value_display
    for program in programs.iterator():
        program._prefetched_objects_cache = {
            "focus_areas": [SimpleNamespace(name=row["name"]) for row in areas(program.pk)]
        }
        by_criterion = {}
        for row in ranks(program.pk):
            entry = SimpleNamespace(
                rank=row["entry__rank"],
                ranking=SimpleNamespace(
                    title=row["entry__ranking__title"],
                    publisher=row["entry__ranking__publisher"],
                    edition_year=row["entry__ranking__edition_year"],
                ),
            )
            by_criterion.setdefault(row["criterion_id"], []).append(
                SimpleNamespace(
                    rank=row["rank"],
                    entry_id=row["entry_id"],
                    entry=entry,
                    is_university_rank=row["is_university_rank"],
                )
            )
        program.__dict__["_rank_rows_by_criterion"] = by_criterion
        rows = sorted(
            attributes(program.pk),
            key=lambda r: (
                _ATTRIBUTE_ORDER[r["attribute"]],
                r["order"],
                -r["last_verified"].toordinal(),  # SHOWN_FIRST: latest check first
                r["pk"],
            ),
        )
        program.attribute_rows = [_attribute_row(row, shown) for row in rows]
        yield program


def _attribute_row(row, shown):
    key = (row["attribute"], *(row[field] for field in _VALUE_FIELDS))
    if key not in shown:
        if len(shown) > 10_000:  # a bound on memory, should values hardly repeat
            shown.clear()
        values = {field: row[field] for field in _VALUE_FIELDS}
        shown[key] = ProgramAttribute(attribute=row["attribute"], **values).value_display
    return SimpleNamespace(
        attribute=row["attribute"],
        value_display=shown[key],
        cycle=row["cycle"],
        note=row["note"],
        disputed=row["disputed"],
        last_verified=row["last_verified"],
        source=SimpleNamespace(**{field: row[f"source__{field}"] for field in _SOURCE_FIELDS}),
    )


def _first(attribute, read):
    def column(program):
        rows = program.values_of(attribute)
        return read(rows[0]) if rows else None

    return column


def _rank(criterion, read):
    def column(program):
        cell = program.rank_cell(criterion)
        return read(cell) if cell else None

    return column


def _source(source):
    return {
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "caveat": source.caveat,
    }


def _values(program):
    """JSON: every source's value of every attribute, with its source and check date."""
    return [
        {
            "attribute": row.attribute,
            "value": row.value_display,
            "cycle": row.cycle,
            "note": row.note,
            "disputed": row.disputed,
            "source": _source(row.source),
            "last_verified": row.last_verified,
        }
        for row in program.attribute_rows
    ]


def program_columns(criteria, fmt="csv"):
    columns = [
        Column("slug", lambda p: p.slug, "Our identifier; the page is /programs/<slug>/."),
        Column("name", lambda p: p.name, "The degree's name."),
        Column("university", lambda p: p.university.name),
        Column("degree", lambda p: p.get_degree_display()),
        Column("kind", lambda p: p.get_kind_display(), "Program type."),
        Column("department", lambda p: p.department),
        Column("city", lambda p: p.university.city),
        Column("state", lambda p: p.university.state),
        Column("region", lambda p: p.university.get_region_display()),
        Column("research_areas", lambda p: [area.name for area in p.focus_areas.all()]),
    ]
    for criterion in criteria:
        columns += [
            Column(
                f"rank_{criterion.slug}",
                _rank(criterion, lambda cell: cell.rank),
                f"{criterion.name}: the rank shown, from the latest edition of its table.",
            ),
            Column(
                f"rank_{criterion.slug}_table",
                _rank(
                    criterion,
                    lambda cell: (
                        f"{cell.ranking.title} ({cell.ranking.publisher}, {cell.ranking.edition_year})"
                    ),
                ),
                "The table and edition the rank comes from.",
            ),
            Column(
                f"rank_{criterion.slug}_is_university_rank",
                _rank(criterion, lambda cell: cell.is_university_rank),
                "True when the program isn't in the table and the rank is its university's.",
            ),
        ]
    if fmt == "json":
        columns.append(Column("values", _values, "Every source's value of every attribute."))
    else:
        for attribute in Attribute:
            key = attribute.value.replace("-", "_")
            columns += [
                Column(key, _first(attribute, lambda row: row.value_display), attribute.label),
                Column(f"{key}_cycle", _first(attribute, lambda row: row.cycle)),
                Column(f"{key}_disputed", _first(attribute, lambda row: row.disputed)),
                Column(
                    f"{key}_source",
                    _first(attribute, lambda row: row.source.url or row.source.title),
                ),
                Column(f"{key}_last_verified", _first(attribute, lambda row: row.last_verified)),
            ]
    columns += [
        Column(
            "listing_source", lambda p: p.source.title, "Where the program's listing comes from."
        ),
        Column(
            "last_verified", lambda p: p.last_verified, "When an editor last checked the listing."
        ),
    ]
    return columns


def ranking_columns(ranking):
    """A table as published: one row per printed row, a rank per criterion."""
    return [
        Column("university", lambda row: row.university.name),
        Column("program_as_printed", lambda row: row.published_name),
        Column("programs", lambda row: [program.slug for program in row.programs]),
        *(
            Column(
                f"rank_{criterion.slug}",
                lambda row, slug=criterion.slug: row.rank(slug),
                criterion.name,
            )
            for criterion in ranking.criteria()
        ),
    ]
