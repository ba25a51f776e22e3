"""The compare page's table: what two to four programs are, side by side, row by row.

Each row says whether the programs differ on it, so the page can make those rows
stand out (and show only them). Apps above programs add their own rows through
core.sections ("program-compare"): careers adds where each degree leads.
"""

from dataclasses import dataclass, field

from .models import Attribute, RankCell, ShownRank


@dataclass
class CompareRow:
    """One row: a label, one cell per program, and the template that shows a cell
    (with `cell`); `keys` are what "differs" compares, one per cell."""

    label: str
    cell_template: str
    cells: list
    keys: list = field(default_factory=list)
    note: str = ""

    @property
    def differs(self):
        return len(set(self.keys or map(str, self.cells))) > 1


def cell(name):
    return f"programs/includes/compare/{name}.html"


def _values_key(rows):
    return tuple(sorted(row.value_display for row in rows))


def attribute_rows(programs):
    """One row per attribute; a master's-only one only when a master's is compared."""
    rows = []
    for attribute in Attribute:
        applies = [attribute.applies_to(program.degree) for program in programs]
        if not any(applies):
            continue
        cells = [
            program.values_of(attribute) if applies_here else None
            for program, applies_here in zip(programs, applies, strict=True)
        ]
        # Not applying and not published read alike: neither gives a value.
        keys = [_values_key(cell or []) for cell in cells]
        rows.append(CompareRow(attribute.label, cell("values"), cells, keys))
    return rows


def ranking_rows(programs):
    """One row per published table and criterion that ranks a compared program or its
    university: its own rank, else its university's from a same-degree listing (the
    rule ShownRank works out, per table). One query."""
    shown = (
        ShownRank.objects.filter(program__in=programs, ranking__isnull=False)
        .select_related("entry__ranking__source", "entry__program", "criterion")
        .order_by("ranking__degree", "-ranking__edition_year", "ranking__title", "criterion__order")
    )
    tables = {}
    for row in shown:
        cells = tables.setdefault((row.entry.ranking, row.criterion), {})
        cells[row.program_id] = RankCell(row.entry, row.is_university_rank)
    rows = []
    for (ranking, criterion), found in tables.items():
        cells = [found.get(program.pk) for program in programs]
        keys = [(cell.rank, cell.is_university_rank) if cell else None for cell in cells]
        label = f"{criterion.short_name} rank: {ranking.publisher} {ranking.edition_year}"
        note = f"{ranking.get_degree_display()} table"
        rows.append(CompareRow(label, cell("rank"), cells, keys, note=note))
    return rows


def compare_rows(programs):
    """The rows programs' own data gives, top to bottom (other apps' rows go after)."""
    text = [
        ("Degree", lambda p: p.get_degree_display()),
        ("Type", lambda p: p.get_kind_display()),
        ("University", lambda p: p.university.name),
        ("Location", lambda p: p.location or p.university.location),
        ("Department", lambda p: p.department or "Not published"),
    ]
    rows = [CompareRow(label, cell("text"), [get(p) for p in programs]) for label, get in text]
    rows += attribute_rows(programs)
    rows += ranking_rows(programs)
    areas = [list(program.focus_areas.all()) for program in programs]
    rows.append(
        CompareRow(
            "Research areas",
            cell("areas"),
            areas,
            [tuple(sorted(a.name for a in cell)) for cell in areas],
        )
    )
    return rows


def source_cells(programs, rows):
    """Per program: every source behind what `rows` show, with its latest check."""
    ranks = [row for row in rows if row.cell_template == cell("rank")]
    cells = []
    for i, program in enumerate(programs):
        cited = [
            (source, program.last_verified)
            for source in (program.source, program.details_source, program.areas_source)
        ]
        cited += [(row.source, row.last_verified) for row in program.attribute_rows]
        cited += [
            (row.cells[i].ranking.source, program.last_verified) for row in ranks if row.cells[i]
        ]
        dates = {}
        for source, verified in cited:
            if source is not None:
                dates[source] = max(dates.get(source, verified), verified)
        cells.append(list(dates.items()))
    return CompareRow("Sources and last verified", cell("sources"), cells, ["sources"] * len(cells))
