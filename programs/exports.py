"""What the program, shortlist and ranking downloads hold, column by column.

Program rows read what the list page prefetches (ProgramQuerySet.for_listing()): a
download is the page's rows, in the page's order, with every column the page can show.
CSV holds the first value of each attribute (the one cards show); JSON holds every
source's value.
"""

from core.exports import Column

from .models import Attribute


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
