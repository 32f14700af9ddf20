"""Plain-language lines for the pages: pause choices, turns and the stored summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from twofold.practice.lean_in import Turn
from twofold.practice.pause import PausePolicy

KIND_WORDS = {
    "topic": "chose the topic",
    "roles": "set who speaks first",
    "share": "shared",
    "reflection": "reflected back",
    "heard": "feels heard",
    "not_yet": "does not feel heard yet",
    "pause": "asked for a pause",
    "resume": "resumed",
    "end": "ended the conversation",
}


@dataclass(frozen=True)
class TurnLine:
    index: int
    who: str
    what: str
    text: str
    private: bool


@dataclass(frozen=True)
class SummaryLines:
    complete: bool
    topic: str
    turns: int
    minutes: int
    paused_minutes: int
    felt_heard: tuple[str, ...]
    positive: int
    negative: int
    ratio: str
    flagged: tuple[str, ...]
    turning_point: str


def span_label(span: dt.timedelta) -> str:
    return _span(round(span.total_seconds() / 60, 2))


def _span(minutes: float) -> str:
    if minutes < 60:
        return f"{minutes:g} minutes"
    hours = minutes / 60
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def pause_options(policy: PausePolicy) -> list[tuple[float, str]]:
    """Return times to offer: the minimum, then a few longer ones within the policy."""
    low = policy.minimum.total_seconds() / 60
    high = policy.return_within.total_seconds() / 60
    options = [low] + [m for m in (60, 180, 24 * 60) if low < m <= high]
    return [(round(m, 4), "in " + _span(round(m, 2))) for m in options]


def turn_lines(turns: tuple[Turn, ...], names: dict[str, str]) -> list[TurnLine]:
    return [
        TurnLine(t.index, names.get(t.author, "A former partner"), KIND_WORDS.get(t.kind.value, t.kind.value),
                 t.text, t.private)
        for t in turns
    ]


def summary_lines(summary: dict[str, Any] | None, names: dict[str, str]) -> SummaryLines | None:
    if not summary:
        return None
    ratio = summary["ratio"]
    turning = summary["turning_point"]
    return SummaryLines(
        complete=summary["complete"],
        topic=summary["topic"],
        turns=summary["turns"],
        minutes=round(dt.timedelta(seconds=summary["duration"]).total_seconds() / 60),
        paused_minutes=round(summary["paused_for"] / 60),
        felt_heard=tuple(names.get(p, "A former partner") for p in summary["felt_heard"]),
        positive=summary["positive"],
        negative=summary["negative"],
        ratio=f"{ratio:.1f} to 1" if ratio is not None else "no harsh moves counted",
        flagged=tuple(f"Turn {f['turn_index'] + 1} ({names.get(f['author'], 'a former partner')}): {f['reason']}"
                      for f in summary["flagged"]),
        turning_point=f"turn {turning + 1}, the first \"I feel heard\"" if turning is not None else "",
    )
