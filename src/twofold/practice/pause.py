"""The pause: a break of at least ``minimum`` that ends within ``return_within``.

Flooded partners calm down faster when they stop, soothe their body and come
back at an agreed time. Everything here is pure: times are passed in, breathing
phases are generated, nothing sleeps.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from twofold.practice._data import read_toml

MIN_SUGGESTIONS = 10


class PauseError(ValueError):
    """A pause setting or request is invalid; the message says why."""


def _require_aware(moment: datetime, name: str) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise PauseError(f"{name} must carry a time zone")


@dataclass(frozen=True)
class PausePolicy:
    """How long a break lasts at least, and how soon the partners come back at most."""

    minimum: timedelta = timedelta(minutes=20)
    return_within: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.minimum <= timedelta(0):
            raise PauseError("the minimum break must be longer than zero")
        if self.return_within < self.minimum:
            raise PauseError("the time to come back must not be shorter than the minimum break")
        if self.return_within > timedelta(days=7):
            raise PauseError("a break should end within a week; pick a shorter return time")

    def check_return_at(self, started_at: datetime, return_at: datetime) -> None:
        """Refuse an agreed return time outside [start + minimum, start + return_within]."""
        _require_aware(return_at, "the return time")
        if return_at < started_at + self.minimum:
            raise PauseError(f"agree to come back no sooner than {_minutes(self.minimum)} after the start")
        if return_at > started_at + self.return_within:
            raise PauseError(f"agree to come back within {_hours(self.return_within)}")


class BreakStatus(enum.StrEnum):
    TOO_EARLY = "too_early"  # the body has not had the minimum time to settle
    READY = "ready"  # the minimum has passed; come back when you feel settled
    OVERDUE = "overdue"  # past the latest return time


@dataclass(frozen=True)
class PauseBreak:
    """One break: when it started, when the partners agreed to come back."""

    started_at: datetime
    return_at: datetime
    policy: PausePolicy = field(default_factory=PausePolicy)

    def __post_init__(self) -> None:
        _require_aware(self.started_at, "the start")
        self.policy.check_return_at(self.started_at, self.return_at)

    @classmethod
    def start(
        cls, now: datetime, *, policy: PausePolicy | None = None, return_at: datetime | None = None
    ) -> PauseBreak:
        """Start a break now; by default the agreed return is the end of the minimum."""
        policy = policy or PausePolicy()
        _require_aware(now, "the start")
        return cls(now, return_at or now + policy.minimum, policy)

    @property
    def ready_at(self) -> datetime:
        return self.started_at + self.policy.minimum

    @property
    def due_by(self) -> datetime:
        return self.started_at + self.policy.return_within

    def remaining(self, now: datetime) -> timedelta:
        """Time left of the minimum break (zero once it has passed)."""
        return max(self.ready_at - now, timedelta(0))

    def until_return(self, now: datetime) -> timedelta:
        """Time left until the agreed return (zero once it has passed)."""
        return max(self.return_at - now, timedelta(0))

    def status(self, now: datetime) -> BreakStatus:
        if now < self.ready_at:
            return BreakStatus.TOO_EARLY
        if now > self.due_by:
            return BreakStatus.OVERDUE
        return BreakStatus.READY


def _minutes(span: timedelta) -> str:
    minutes = round(span.total_seconds() / 60)
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def _hours(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    shown = f"{hours:g}"
    return f"{shown} hour" + ("" if shown == "1" else "s")


# --- paced breathing ---------------------------------------------------------------


class Breath(enum.StrEnum):
    IN = "in"
    HOLD_IN = "hold_in"
    OUT = "out"
    HOLD_OUT = "hold_out"


@dataclass(frozen=True)
class BreathingPattern:
    """Seconds per phase; the default is a slow 4 in, 6 out (a longer exhale calms)."""

    inhale: float = 4.0
    exhale: float = 6.0
    hold_in: float = 0.0
    hold_out: float = 0.0

    def __post_init__(self) -> None:
        for name in ("inhale", "exhale"):
            value = getattr(self, name)
            if not 1 <= value <= 15:
                raise PauseError(f"{name} must be between 1 and 15 seconds, not {value:g}")
        for name in ("hold_in", "hold_out"):
            value = getattr(self, name)
            if not 0 <= value <= 10:
                raise PauseError(f"{name} must be between 0 and 10 seconds, not {value:g}")

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold_in + self.exhale + self.hold_out

    def phases(self) -> tuple[tuple[Breath, float], ...]:
        steps = ((Breath.IN, self.inhale), (Breath.HOLD_IN, self.hold_in),
                 (Breath.OUT, self.exhale), (Breath.HOLD_OUT, self.hold_out))
        return tuple(step for step in steps if step[1] > 0)


@dataclass(frozen=True)
class BreathPhase:
    """One step of the guide: what to do, from ``offset`` seconds for ``seconds``."""

    kind: Breath
    seconds: float
    offset: float
    cycle: int


def breathing_phases(pattern: BreathingPattern | None = None, *, total_seconds: float | None = None
                     ) -> Iterator[BreathPhase]:
    """Yield breathing phases in order; endless unless ``total_seconds`` is given.

    With a total the last phase is cut short so the phases add up exactly to it.
    """
    pattern = pattern or BreathingPattern()
    if total_seconds is not None and total_seconds < 0:
        raise PauseError("the total must not be negative")
    offset = 0.0
    cycle = 0
    while True:
        for kind, seconds in pattern.phases():
            if total_seconds is not None:
                left = total_seconds - offset
                if left <= 0:
                    return
                seconds = min(seconds, left)
            yield BreathPhase(kind, seconds, offset, cycle)
            offset += seconds
        cycle += 1


# --- self-soothing -------------------------------------------------------------------


@dataclass(frozen=True)
class Suggestion:
    id: str
    text: str


def load_suggestions(path: Path | None = None) -> tuple[Suggestion, ...]:
    """Load and validate self-soothing suggestions (the packaged file by default)."""
    raw = read_toml("soothing.toml", path)
    items = raw.get("suggestion")
    if not isinstance(items, list):
        raise PauseError("soothing file: expected [[suggestion]] entries")
    suggestions: list[Suggestion] = []
    for number, item in enumerate(items, 1):
        ident, text = item.get("id"), item.get("text")
        if not isinstance(ident, str) or not ident or not isinstance(text, str) or not text.strip():
            raise PauseError(f"soothing file: suggestion {number} needs an id and a text")
        suggestions.append(Suggestion(ident, text.strip()))
    ids = [s.id for s in suggestions]
    if len(set(ids)) != len(ids):
        raise PauseError("soothing file: suggestion ids must be unique")
    if len(suggestions) < MIN_SUGGESTIONS:
        raise PauseError(f"soothing file: at least {MIN_SUGGESTIONS} suggestions are needed")
    return tuple(suggestions)


@cache
def soothing_suggestions() -> tuple[Suggestion, ...]:
    """The packaged suggestions, loaded once on first use."""
    return load_suggestions()
