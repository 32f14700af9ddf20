"""Insights over a couple's history (pure: no Django).

Input is a sequence of :class:`Turn` (one per message: conversation id, sender,
timestamp, coach labels, relief score). Start with :func:`couple_insights`, or use
the single measures: :func:`positive_negative_ratio`, :func:`ratio_by_week`,
:func:`detect_cycles`, :func:`harsh_startups`, :func:`repair_success`,
:func:`weekly_trends`, :func:`horsemen_by_partner`. Every report carries a one-sentence
plain-language ``reading``; cycles are explained as the shared enemy, never as blame.
"""

from twofold.insights.conflict import (
    HarshStartup,
    RepairAttempt,
    RepairCount,
    RepairReport,
    StartupCount,
    StartupReport,
    harsh_startups,
    is_harsh_startup,
    repair_success,
)
from twofold.insights.cycles import REACHING, STEPPING_BACK, Cycle, CycleSummary, detect_cycles, detect_cycles_in, summarise_cycles
from twofold.insights.guidance import CYCLE_KINDS, load_guidance
from twofold.insights.ratio import TARGET, Ratio, RatioReport, WeeklyRatio, positive_negative_ratio, ratio_by_week
from twofold.insights.records import ATTACK, HORSEMEN, WITHDRAW, Turn, conversations_of, is_conflict, iso_week
from twofold.insights.report import CoupleInsights, couple_insights
from twofold.insights.trends import HorsemanAdvice, PartnerTrend, WeekPoint, horsemen_by_partner, weekly_trends

__all__ = [
    "ATTACK", "CYCLE_KINDS", "HORSEMEN", "REACHING", "STEPPING_BACK", "TARGET", "WITHDRAW",
    "CoupleInsights", "Cycle", "CycleSummary", "HarshStartup", "HorsemanAdvice", "PartnerTrend", "Ratio",
    "RatioReport", "RepairAttempt", "RepairCount", "RepairReport", "StartupCount", "StartupReport", "Turn",
    "WeekPoint", "WeeklyRatio",
    "conversations_of", "couple_insights", "detect_cycles", "detect_cycles_in", "harsh_startups",
    "horsemen_by_partner", "is_conflict", "is_harsh_startup", "iso_week", "load_guidance",
    "positive_negative_ratio", "ratio_by_week", "repair_success", "summarise_cycles", "weekly_trends",
]
