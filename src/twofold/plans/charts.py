"""Server-side SVG charts of the plan (matplotlib Figures, no pyplot state), the same in page and PDF.

Each chart is an inline ``<svg>`` fit for a strict CSP, made by
:func:`twofold.web.charts.figure_to_svg` (ids unique per chart, a title and a description).
A chart with nothing to draw is ``None``; the template says so in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import matplotlib
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from twofold.web.charts import RC, figure_to_svg

COLOURS = ("#2f6f73", "#a0522d")
STACK_COLOURS = ("#2f6f73", "#c9a227", "#a23b2a", "#9aa0ad")

Points = Sequence[tuple[date, float]]


def _finish(axes) -> None:
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)


def checkin_chart(series: Mapping[str, Points], *, cutoff: float, y_range: tuple[float, float],
                  chart_id: str = "checkin-chart") -> str | None:
    """Check-in scores per partner over time, with the distress range (below the cutoff) shaded."""
    if not any(series.values()):
        return None
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 2.8))
        axes = figure.add_subplot()
        axes.axhspan(y_range[0], cutoff, color="#f3dcd6", label=f"distress range (below {cutoff:g})")
        for colour, (name, points) in zip(COLOURS, series.items(), strict=False):
            if points:
                axes.plot([d for d, _ in points], [v for _, v in points], marker="o", color=colour, label=name)
        axes.set_ylim(*y_range)
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        _finish(axes)
        description = " ".join(
            f"{name}: " + ", ".join(f"{d:%d %b %Y} {v:.1f}" for d, v in points) + "."
            for name, points in series.items() if points
        )
        return figure_to_svg(figure, chart_id=chart_id, title="Relationship check-in over time",
                             description=f"{description} Scores below {cutoff:g} are in the distress range.")


def stacked_chart(counts: Mapping[str, Mapping[str, int]], *, title: str, chart_id: str) -> str | None:
    """One horizontal bar per partner split into categories (attended / cancelled / no-show ...)."""
    if not any(sum(row.values()) for row in counts.values()):
        return None
    names = list(counts)
    categories = list(next(iter(counts.values())))
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 0.6 + 0.5 * len(names)))
        axes = figure.add_subplot()
        left = [0] * len(names)
        for colour, category in zip(STACK_COLOURS, categories, strict=False):
            widths = [counts[name][category] for name in names]
            axes.barh(names, widths, left=left, color=colour, label=category)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        axes.invert_yaxis()
        axes.xaxis.get_major_locator().set_params(integer=True)
        _finish(axes)
        description = " ".join(
            f"{name}: " + ", ".join(f"{value} {category}" for category, value in row.items()) + "."
            for name, row in counts.items()
        )
        return figure_to_svg(figure, chart_id=chart_id, title=title, description=description)


def rate_chart(series: Mapping[str, Points], *, chart_id: str = "harmful-chart") -> str | None:
    """Harmful coach labels per kept message, week by week, per partner."""
    if not any(series.values()):
        return None
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 2.6))
        axes = figure.add_subplot()
        for colour, (name, points) in zip(COLOURS, series.items(), strict=False):
            if points:
                axes.plot([d for d, _ in points], [v for _, v in points], marker="o", color=colour, label=name)
        axes.set_ylim(bottom=0)
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        _finish(axes)
        description = " ".join(
            f"{name}: " + ", ".join(f"week of {d:%d %b} {v:.2f}" for d, v in points) + "."
            for name, points in series.items() if points
        )
        return figure_to_svg(figure, chart_id=chart_id, title="Harsh patterns per kept message, by week",
                             description=description)
