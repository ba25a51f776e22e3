"""Server-drawn SVG charts: geometry is computed here, templates only place it."""

from dataclasses import dataclass


@dataclass
class DotRow:
    label: str
    y: float
    label_y: float
    first_rank: int | None
    second_rank: int | None
    first_x: float | None
    second_x: float | None


# Two drawings of the same data. The SVG scales to its box, so its text is as large as the
# box is wide relative to the viewBox: the wide one is for a desktop column (about 640 px),
# the narrow one for a phone (a 375 px screen leaves about 320 px), each drawn near 1:1 so
# 13-14 px labels stay 12 px or more. The narrow one puts each name above its dots.
LAYOUTS = {
    "wide": {"width": 640, "row_height": 30, "left": 190, "right": 24, "label_above": False},
    "narrow": {"width": 320, "row_height": 46, "left": 14, "right": 14, "label_above": True},
}


NICE_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


def rank_comparison(rows, first, second):
    """A dot plot of two ranks per row, e.g. ML research rank against AI research rank.

    `rows` are RankingRow objects; `first` and `second` are criteria. Returns
    {"first", "second", "worst", "layouts": [(name, geometry)] for LAYOUTS}, or None
    when there is nothing to compare.
    """
    if not rows or first is None or second is None:
        return None
    pairs = [
        (row.university.short_name, row.rank(first.slug), row.rank(second.slug)) for row in rows
    ]
    worst = max((rank for _, a, b in pairs for rank in (a, b) if rank), default=None)
    if worst is None:
        return None
    layouts = [(name, _dot_plot(pairs, worst, **layout)) for name, layout in LAYOUTS.items()]
    return {"first": first, "second": second, "worst": worst, "layouts": layouts}


def _dot_plot(pairs, worst, width, row_height, left, right, label_above):
    top = 40
    plot_width = width - left - right

    def x(rank):
        if rank is None:
            return None
        return round(left + (rank - 1) / max(worst - 1, 1) * plot_width, 1)

    dot_rows = []
    for i, (label, a, b) in enumerate(pairs):
        row_top = top + i * row_height
        # Beside the dots: the row's middle; above them: the top part of the row.
        y = row_top + (row_height * 0.68 if label_above else row_height / 2)
        label_y = row_top + 12 if label_above else y
        dot_rows.append(DotRow(label, y, label_y, a, b, x(a), x(b)))
    step = 1 if worst <= 10 else 2 if worst <= 20 else 5
    if label_above and worst > 10:
        step = 5 if worst <= 40 else 10  # fewer ticks fit a phone
    # Deep in a long table (ranks in the hundreds) a wider step, or the labels overlap.
    most = 10 if label_above else 20
    step = next((s for s in NICE_STEPS if s >= step and len(_tick_values(worst, s)) <= most), step)
    ticks = [{"value": v, "x": x(v)} for v in _tick_values(worst, step)]
    height = top + len(pairs) * row_height + 36
    return {
        "width": width,
        "height": height,
        "plot_left": left,
        "plot_right": width - right,
        "plot_top": top - 10,
        "axis_y": height - 30,
        "tick_y": height - 14,
        "label_x": left if label_above else left - 10,
        "label_anchor": "start" if label_above else "end",
        "rows": dot_rows,
        "ticks": ticks,
    }


def _tick_values(worst, step):
    """1, then every `step`: round numbers (1, 50, 100…) once the step is 5 or more."""
    if step < 5:
        return list(range(1, worst + 1, step))
    return [1, *range(step, worst + 1, step)]
