"""A small SVG line chart of one person's scores over time (matplotlib, server-side, inline under the CSP)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import matplotlib
from matplotlib.dates import DateFormatter
from matplotlib.figure import Figure

from twofold.web.charts import COLOURS, RC, figure_to_svg


@dataclass(frozen=True)
class Series:
    label: str
    values: tuple[float, ...]


def history_svg(
    title: str,
    dates: Sequence[datetime],
    series: Sequence[Series],
    *,
    y_range: tuple[float, float] | None = None,
    reference: tuple[float, str] | None = None,
) -> str:
    """An accessible inline SVG; `reference` draws a labelled dashed line (a midpoint or cutoff)."""
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 2.8))
        axes = figure.add_subplot()
        for colour, line in zip(COLOURS, series, strict=False):
            axes.plot(dates, line.values, marker="o", color=colour, label=line.label)
        if reference is not None:
            axes.axhline(reference[0], linestyle="--", color="#5b6275", linewidth=1, label=reference[1])
        if y_range is not None:
            axes.set_ylim(*y_range)
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        if len(dates) == 1:
            axes.set_xticks(list(dates))
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        return figure_to_svg(figure, chart_id="history-chart", title=title, description=_describe(dates, series))


def _describe(dates: Sequence[datetime], series: Sequence[Series]) -> str:
    parts = []
    for line in series:
        values = ", ".join(f"{d:%d %b %Y}: {v:g}" for d, v in zip(dates, line.values, strict=True))
        parts.append(f"{line.label}: {values}.")
    return " ".join(parts)
