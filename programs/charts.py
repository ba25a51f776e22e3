"""Server-drawn SVG charts: geometry is computed here, templates only place it."""

from dataclasses import dataclass


@dataclass
class DotRow:
    label: str
    y: float
    first_rank: int | None
    second_rank: int | None
    first_x: float | None
    second_x: float | None


def rank_comparison(rows, first, second, width=640, row_height=30, label_width=190):
    """A dot plot of two ranks per row, e.g. ML research rank against AI research rank.

    `rows` are RankingRow objects; `first` and `second` are criteria. Returns None
    when there is nothing to compare.
    """
    if not rows or first is None or second is None:
        return None
    ranks = [r for row in rows for r in (row.rank(first.slug), row.rank(second.slug)) if r]
    if not ranks:
        return None
    worst = max(ranks)
    left, right, top = label_width, 24, 40
    plot_width = width - left - right

    def x(rank):
        if rank is None:
            return None
        return round(left + (rank - 1) / max(worst - 1, 1) * plot_width, 1)

    dot_rows = []
    for i, row in enumerate(rows):
        a, b = row.rank(first.slug), row.rank(second.slug)
        dot_rows.append(
            DotRow(
                label=row.university.short_name,
                y=top + i * row_height + row_height / 2,
                first_rank=a,
                second_rank=b,
                first_x=x(a),
                second_x=x(b),
            )
        )
    step = 1 if worst <= 10 else 2 if worst <= 20 else 5
    ticks = [{"value": v, "x": x(v)} for v in range(1, worst + 1, step)]
    height = top + len(rows) * row_height + 36
    return {
        "width": width,
        "height": height,
        "plot_left": left,
        "plot_right": width - right,
        "plot_top": top - 10,
        "plot_bottom": height - 30,
        "axis_y": height - 30,
        "label_x": left - 10,
        "rows": dot_rows,
        "ticks": ticks,
        "first": first,
        "second": second,
        "worst": worst,
    }
