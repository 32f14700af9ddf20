"""Weekly relief challenges: a validated library and a fair, repeatable weekly pick.

A challenge's ``patterns`` name the attachment pattern of the person *doing* it
(what stretches an anxious partner differs from what stretches an avoidant one);
``any`` suits everyone.
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from twofold.practice._data import read_toml
from twofold.practice.weeks import IsoWeek

MIN_CHALLENGES = 24
MIN_PER_PATTERN = 8  # so a person can go two months without a repeat


class Practice(enum.StrEnum):
    LEADING_WITH_RELIEF = "leading_with_relief"
    GENTLE_PARTNERING = "gentle_partnering"
    LEANING_INTO_EMOTIONS = "leaning_into_emotions"
    LEANING_IN_OUT = "leaning_in_out"


class Pattern(enum.StrEnum):
    ANXIOUS = "anxious"
    AVOIDANT = "avoidant"
    DISORGANIZED = "disorganized"
    SECURE = "secure"
    ANY = "any"


class ChallengeError(ValueError):
    """The challenge file is invalid; the message names the challenge."""


@dataclass(frozen=True)
class Challenge:
    id: str
    practice: Practice
    patterns: frozenset[Pattern]
    title: str
    text: str
    notice: str

    def suits(self, pattern: Pattern | None) -> bool:
        return pattern is None or Pattern.ANY in self.patterns or pattern in self.patterns


def _parse(number: int, item: dict[str, object]) -> Challenge:
    ident = item.get("id")
    where = f"challenge {ident!r}" if isinstance(ident, str) and ident else f"challenge #{number}"
    fields = {}
    for name in ("id", "practice", "title", "text", "notice"):
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            raise ChallengeError(f"{where}: {name} is missing or empty")
        fields[name] = value.strip()
    try:
        practice = Practice(fields["practice"])
    except ValueError:
        raise ChallengeError(f"{where}: unknown practice {fields['practice']!r}") from None
    raw_patterns = item.get("patterns")
    if not isinstance(raw_patterns, list) or not raw_patterns:
        raise ChallengeError(f"{where}: patterns must be a non-empty list")
    try:
        patterns = frozenset(Pattern(str(p)) for p in raw_patterns)
    except ValueError as exc:
        raise ChallengeError(f"{where}: {exc}") from None
    if Pattern.ANY in patterns and len(patterns) > 1:
        raise ChallengeError(f"{where}: 'any' already covers every pattern; list it alone")
    return Challenge(fields["id"], practice, patterns, fields["title"], fields["text"], fields["notice"])


def load_challenges(path: Path | None = None) -> tuple[Challenge, ...]:
    """Load and validate a challenge file (the packaged one by default)."""
    items = read_toml("challenges.toml", path).get("challenge")
    if not isinstance(items, list):
        raise ChallengeError("challenge file: expected [[challenge]] entries")
    library = tuple(_parse(number, item) for number, item in enumerate(items, 1))
    ids = [c.id for c in library]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ChallengeError(f"challenge ids must be unique: {', '.join(duplicates)}")
    if len(library) < MIN_CHALLENGES:
        raise ChallengeError(f"the library needs at least {MIN_CHALLENGES} challenges, found {len(library)}")
    missing = [p.value for p in Practice if not any(c.practice is p for c in library)]
    if missing:
        raise ChallengeError(f"no challenge for practice(s): {', '.join(missing)}")
    for pattern in Pattern:
        if pattern is not Pattern.ANY and sum(c.suits(pattern) for c in library) < MIN_PER_PATTERN:
            raise ChallengeError(f"fewer than {MIN_PER_PATTERN} challenges suit the {pattern} pattern")
    return library


@cache
def challenge_library() -> tuple[Challenge, ...]:
    """The packaged library, loaded on first use."""
    return load_challenges()


def _rank(person_id: str, challenge_id: str) -> str:
    return hashlib.sha256(f"{person_id}\x00{challenge_id}".encode()).hexdigest()


def challenge_for_week(
    person_id: str,
    iso_week: IsoWeek | str,
    attachment_pattern: Pattern | str | None = None,
    *,
    recent: Iterable[str] = (),
    library: tuple[Challenge, ...] | None = None,
) -> Challenge:
    """The challenge for ``person_id`` in ``iso_week``: same inputs, same answer.

    Each person walks their own fixed shuffle of the challenges that suit their
    pattern, one step per week, so consecutive weeks do not repeat until the list
    is used up. ``recent`` (ids the person had lately, e.g. under another pattern)
    are skipped while anything else is left.
    """
    week = iso_week if isinstance(iso_week, IsoWeek) else IsoWeek.parse(iso_week)
    pattern = Pattern(attachment_pattern) if attachment_pattern is not None else None
    candidates = sorted(
        (c for c in (library or challenge_library()) if c.suits(pattern)),
        key=lambda c: _rank(person_id, c.id),
    )
    if not candidates:
        raise ChallengeError(f"no challenge suits the {pattern} pattern")
    start = week.index % len(candidates)
    skip = set(recent)
    for step in range(len(candidates)):
        choice = candidates[(start + step) % len(candidates)]
        if choice.id not in skip:
            return choice
    return candidates[start]
