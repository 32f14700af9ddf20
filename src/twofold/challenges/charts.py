"""A bar chart of reflections per week (matplotlib, server-side SVG, inline under the CSP)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib
from matplotlib.figure import Figure

from twofold.practice import WeekCount
from twofold.web.charts import COLOURS, RC, figure_to_svg


def practice_svg(counts: Sequence[WeekCount]) -> str:
    labels = [f"W{c.week.week:02d}" for c in counts]
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 2.4))
        axes = figure.add_subplot()
        axes.bar(labels, [c.count for c in counts], color=COLOURS[0])
        axes.set_ylabel("reflections")
        axes.set_ylim(0, max([c.count for c in counts] + [3]))
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        description = "; ".join(f"week {c.week}: {c.count}" for c in counts)
        return figure_to_svg(figure, chart_id="practice-chart", title="Practice over the weeks",
                             description=f"Reflections per week. {description}.")
