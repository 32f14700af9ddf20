"""Everything the insights page shows, in one call: :func:`couple_insights`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from twofold.insights.conflict import REPAIR_WINDOW, RepairReport, StartupReport, harsh_startups, repair_success
from twofold.insights.cycles import Cycle, CycleSummary, detect_cycles, summarise_cycles
from twofold.insights.ratio import TARGET, RatioReport, WeeklyRatio, positive_negative_ratio, ratio_by_week
from twofold.insights.records import Turn, conversations_of
from twofold.insights.trends import HorsemanAdvice, PartnerTrend, horsemen_by_partner, weekly_trends


@dataclass(frozen=True)
class CoupleInsights:
    ratio: RatioReport
    weekly_ratio: tuple[WeeklyRatio, ...]
    cycles: tuple[Cycle, ...]
    cycle_summary: CycleSummary
    startups: StartupReport
    repair: RepairReport
    trends: tuple[PartnerTrend, ...]
    horsemen: dict[str, tuple[HorsemanAdvice, ...]]

    @property
    def readings(self) -> dict[str, str]:
        """One plain-language sentence per chart or number, keyed by section."""
        return {
            "ratio": self.ratio.couple.reading,
            "cycles": self.cycle_summary.reading,
            "startups": self.startups.reading,
            "repair": self.repair.reading,
            **{f"trend:{t.sender}": t.reading for t in self.trends},
        }


def couple_insights(turns: Iterable[Turn], *, target: float = TARGET, repair_window: int = REPAIR_WINDOW) -> CoupleInsights:
    """All insights over a couple's turns (only pass the turns both partners chose to share)."""
    turns = list(turns)
    cycles = detect_cycles(turns)
    return CoupleInsights(
        ratio=positive_negative_ratio(turns, target=target),
        weekly_ratio=ratio_by_week(turns, target=target),
        cycles=cycles,
        cycle_summary=summarise_cycles(cycles, len(conversations_of(turns))),
        startups=harsh_startups(turns),
        repair=repair_success(turns, k=repair_window),
        trends=weekly_trends(turns),
        horsemen=horsemen_by_partner(turns),
    )
