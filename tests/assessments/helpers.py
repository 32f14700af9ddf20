"""Canonical answers for the tests: each names the result it must produce."""

from __future__ import annotations

ANXIETY_ITEMS = (1, 3, 5, 7, 9, 11, 13)
REVERSED = frozenset({3, 4, 10, 11, 14})


def attachment(anxiety: int, avoidance: int) -> dict[str, int]:
    """Attachment-check answers whose keyed scores are exactly `anxiety` and `avoidance` (1-7)."""
    answers = {}
    for number in range(1, 15):
        keyed = anxiety if number in ANXIETY_ITEMS else avoidance
        answers[str(number)] = 8 - keyed if number in REVERSED else keyed
    return answers


ANXIOUS = attachment(7, 1)  # anxiety 7.0, avoidance 1.0 -> anxious
AVOIDANT = attachment(2, 6)  # anxiety 2.0, avoidance 6.0 -> avoidant
SAFETY_NEGATIVE = {str(n): 0 for n in range(1, 12)}
SAFETY_POSITIVE = {**SAFETY_NEGATIVE, "6": 2}  # afraid of what the partner might do: a critical item
LEANING_IN = {**{str(n): "no" for n in range(1, 11)}, **{str(n): 7 for n in (11, 12, 14, 15, 16)}, "13": 1}
LEANING_OUT = {**{str(n): "yes" for n in range(1, 11)}, **{str(n): 1 for n in (11, 12, 14, 15, 16)}, "13": 7}


def checkin(value: int) -> dict[str, int]:
    """Relationship check-in answers with every keyed score equal to `value`."""
    return {**{str(n): value for n in (1, 2, 3, 5)}, "4": 8 - value}
