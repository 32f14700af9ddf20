"""Trends per partner per ISO week, and the horsemen each partner uses most with their antidotes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from twofold.insights.guidance import load_guidance
from twofold.insights.records import HORSEMEN, Turn, iso_week, senders_of


@dataclass(frozen=True)
class WeekPoint:
    week: str
    messages: int
    harmful_rate: float
    mean_relief: float


@dataclass(frozen=True)
class PartnerTrend:
    sender: str
    weeks: tuple[WeekPoint, ...]
    reading: str


def trend_reading(sender: str, weeks: tuple[WeekPoint, ...]) -> str:
    if not weeks:
        return f"There are no messages from {sender} yet."
    if len(weeks) == 1:
        w = weeks[0]
        return f"In {w.week}, {round(w.harmful_rate * 100)}% of {sender}'s messages had a harsh pattern and the average relief score was {w.mean_relief:.0f} of 100."
    first, last = weeks[0], weeks[-1]
    change = last.mean_relief - first.mean_relief
    if abs(change) < 5:
        direction = "stayed about the same"
    elif change > 0:
        direction = "rose"
    else:
        direction = "fell"
    return (f"From {first.week} to {last.week}, the relief score of {sender}'s messages {direction} "
            f"({first.mean_relief:.0f} to {last.mean_relief:.0f} of 100) and the share with a harsh pattern went "
            f"from {round(first.harmful_rate * 100)}% to {round(last.harmful_rate * 100)}%.")


def weekly_trends(turns: Iterable[Turn]) -> tuple[PartnerTrend, ...]:
    """Harmful-label rate (share of messages with any harmful label) and mean relief score,
    per partner per ISO week, oldest week first; weeks with no message from a partner are left out."""
    turns = list(turns)
    buckets: dict[tuple[str, str], list[Turn]] = {}
    for turn in turns:
        buckets.setdefault((turn.sender, iso_week(turn.timestamp)), []).append(turn)
    result = []
    for sender in senders_of(turns):
        points = []
        for (who, week), group in sorted(buckets.items()):
            if who != sender:
                continue
            points.append(WeekPoint(week, len(group), sum(1 for t in group if t.harmful) / len(group),
                                    sum(t.relief_score for t in group) / len(group)))
        weeks = tuple(points)
        result.append(PartnerTrend(sender, weeks, trend_reading(sender, weeks)))
    return tuple(result)


@dataclass(frozen=True)
class HorsemanAdvice:
    horseman: str
    count: int
    share: float
    antidote: str
    explanation: str
    practice: str
    reading: str


def horsemen_by_partner(turns: Iterable[Turn], *, top: int = 2, locale: str = "en") -> dict[str, tuple[HorsemanAdvice, ...]]:
    """For each partner, the (up to ``top``) horsemen their messages carried most often
    (ties in the order criticism, contempt, defensiveness, stonewalling), each with the
    matching antidote and one practice. ``share`` is the share of that partner's messages
    with the horseman. Partners with none get an empty tuple."""
    guidance = load_guidance(locale).antidotes
    turns = list(turns)
    result = {}
    for sender in senders_of(turns):
        mine = [t for t in turns if t.sender == sender]
        counts = {h: sum(1 for t in mine if h in t.labels) for h in HORSEMEN}
        ranked = sorted((h for h in HORSEMEN if counts[h]), key=lambda h: (-counts[h], HORSEMEN.index(h)))[:top]
        advice = []
        for horseman in ranked:
            text = guidance[horseman]
            share = counts[horseman] / len(mine)
            reading = (f"{round(share * 100)}% of {sender}'s messages carried {horseman}; "
                       f"its antidote is {text.antidote}.")
            advice.append(HorsemanAdvice(horseman, counts[horseman], share, text.antidote, text.explanation, text.practice, reading))
        result[sender] = tuple(advice)
    return result
