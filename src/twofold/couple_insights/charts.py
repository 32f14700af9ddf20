"""The insights charts: positive-to-negative ratio by week, and each partner's harmful-label rate by week."""

from __future__ import annotations

import matplotlib
from matplotlib.figure import Figure

from twofold.insights import PartnerTrend, WeeklyRatio
from twofold.web.charts import COLOURS, RC, figure_to_svg


def ratio_chart(weeks: tuple[WeeklyRatio, ...], target: float) -> str | None:
    points = [(w.week, w.couple.value) for w in weeks if w.couple.value is not None]
    if not points:
        return None
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 2.6))
        axes = figure.add_subplot()
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", color=COLOURS[0], label="the two of you")
        axes.axhline(target, linestyle="--", color="#5b6275", linewidth=1, label=f"about {target:g} to 1 in steady couples")
        axes.set_ylabel("helpful per harmful")
        axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        description = "; ".join(f"{week}: {value:.1f} to 1" for week, value in points)
        return figure_to_svg(figure, chart_id="ratio-chart", title="Helpful to harmful moves by week", description=description)


def harmful_rate_chart(trends: tuple[PartnerTrend, ...]) -> str | None:
    if not any(trend.weeks for trend in trends):
        return None
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(6.4, 2.6))
        axes = figure.add_subplot()
        for colour, trend in zip(COLOURS, trends, strict=False):
            axes.plot([w.week for w in trend.weeks], [w.harmful_rate for w in trend.weeks], marker="o", color=colour,
                      label=trend.sender)
        axes.set_ylabel("harmful labels per message")
        axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        description = " ".join(
            f"{t.sender}: " + ", ".join(f"{w.week} {w.harmful_rate:.2f}" for w in t.weeks) + "." for t in trends
        )
        return figure_to_svg(figure, chart_id="harmful-trend-chart", title="Harmful labels per message by week",
                             description=description)
