"""Outcome per partner: Jacobson-Truax reliable change on the relationship check-in.

Compares each partner's first and latest check-in; the statistics come from
:mod:`twofold.instruments` (recovered / improved / unchanged / deteriorated).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from twofold.instruments import ChangeResult, classify_change
from twofold.plan.errors import PlanError
from twofold.plan.records import CheckinScore


@dataclass(frozen=True)
class CheckinScale:
    """The norms of the check-in in use: pre-treatment SD, reliability and the cutoff."""

    sd_pre: float
    reliability: float
    cutoff: float
    higher_is_better: bool = True

    def __post_init__(self) -> None:
        if self.sd_pre <= 0:
            raise PlanError("the check-in's standard deviation must be positive")
        if not 0 <= self.reliability < 1:
            raise PlanError("the check-in's reliability must be at least 0 and below 1")


@dataclass(frozen=True)
class PartnerOutcome:
    """``change`` is None until the partner has two check-ins on different days."""

    partner: str
    first: CheckinScore | None
    latest: CheckinScore | None
    change: ChangeResult | None

    @property
    def category(self) -> str | None:
        return self.change.category if self.change else None


def partner_outcome(scores: Iterable[CheckinScore], partner: str, scale: CheckinScale, *,
                    today: date | None = None) -> PartnerOutcome:
    mine = sorted((s for s in scores if s.partner == partner and (today is None or s.on <= today)),
                  key=lambda s: s.on)
    if not mine:
        return PartnerOutcome(partner, None, None, None)
    first, latest = mine[0], mine[-1]
    if latest.on == first.on:
        return PartnerOutcome(partner, first, latest, None)
    change = classify_change(first.score, latest.score, sd_pre=scale.sd_pre, reliability=scale.reliability,
                             cutoff=scale.cutoff, higher_is_better=scale.higher_is_better)
    return PartnerOutcome(partner, first, latest, change)


def couple_outcomes(scores: Iterable[CheckinScore], partners: tuple[str, str], scale: CheckinScale, *,
                    today: date | None = None) -> tuple[PartnerOutcome, PartnerOutcome]:
    """Each partner scored separately, as the method requires."""
    pool = list(scores)
    return (partner_outcome(pool, partners[0], scale, today=today),
            partner_outcome(pool, partners[1], scale, today=today))
