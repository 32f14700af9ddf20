"""The per-couple plan report: one template for the screen and for paper (PDF via WeasyPrint).

The screen version frames the report with the site's layout; the PDF frames the
same template with a print page. Each viewer gets their own version: the
therapist's includes their session notes, a partner's leaves out session notes
and the other partner's unshared reflections (see :mod:`twofold.plans.present`).

When the couple has shared conversations with the viewer, the report also carries
the couple insights (issue 8): one plain sentence per section and the two insights
charts, read with :func:`twofold.couple_insights.services.insights_for` for the
report's viewer, so a partner's copy and the therapist's each hold only what that
person may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from twofold.accounts.models import User
from twofold.couple_insights import charts as insight_charts
from twofold.couple_insights.services import insights_for
from twofold.couples.models import Couple
from twofold.insights import TARGET
from twofold.plans import present
from twofold.plans.models import Plan

SCREEN_FRAME = "web/base.html"
PRINT_FRAME = "plans/print.html"


SECTION_TITLES = {"ratio": "Helpful to harmful moves", "cycles": "Cycles", "startups": "Start-ups",
                  "repair": "Repair"}


@dataclass(frozen=True)
class InsightsPart:
    """The couple insights for the report: (section title, one-sentence reading) pairs and two SVG charts."""

    readings: tuple[tuple[str, str], ...]
    ratio_chart: str | None
    harmful_chart: str | None
    target: float = TARGET


def insights_part(viewer: User, couple: Couple) -> InsightsPart | None:
    """None when the viewer has no shared conversation of this couple to read."""
    found = insights_for(viewer, couple)
    if found is None:
        return None
    readings = tuple(
        (SECTION_TITLES.get(key, f"Trend for {key.partition(':')[2]}" if key.startswith("trend:") else key), text)
        for key, text in found.readings.items() if text
    )
    ratio = insight_charts.ratio_chart(found.weekly_ratio, TARGET)
    harmful = insight_charts.harmful_rate_chart(found.trends)
    if not readings and ratio is None and harmful is None:
        return None
    return InsightsPart(readings, ratio, harmful)


def context(viewer: User, relation: str, plan: Plan, *, today: date, printable: bool = False) -> dict[str, Any]:
    return {
        "frame": PRINT_FRAME if printable else SCREEN_FRAME,
        "printable": printable,
        "couple": plan.couple,
        "p": present.picture(viewer, relation, plan, today=today),
        "insights": insights_part(viewer, plan.couple),
    }


def html(viewer: User, relation: str, plan: Plan, *, today: date) -> str:
    """The report as a standalone printable HTML page (what the PDF is made from)."""
    return render_to_string("plans/report.html", context(viewer, relation, plan, today=today, printable=True))


def pdf(viewer: User, relation: str, plan: Plan, *, today: date) -> bytes:
    from weasyprint import HTML  # heavy import, only when a PDF is asked for

    return HTML(string=html(viewer, relation, plan, today=today)).write_pdf()
