"""Hand-built conversations for the insights tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from twofold.insights import Turn

MONDAY = datetime(2024, 3, 4, 20, 0)  # ISO week 2024-W10


def conversation(conv_id: str, spec: list[tuple[str, tuple[str, ...] | list[str]]], *, start: datetime = MONDAY,
                 relief: list[int] | None = None) -> list[Turn]:
    """Turns one minute apart: spec is [(sender, labels), ...]."""
    return [Turn(conv_id, sender, start + timedelta(minutes=i), tuple(labels), relief[i] if relief else 50)
            for i, (sender, labels) in enumerate(spec)]


# Sam reaches (criticism, then bids); Alex steps back each time.
PURSUE_WITHDRAW = conversation("pw", [
    ("Sam", ["criticism"]),
    ("Alex", ["stonewalling"]),
    ("Sam", ["i_statement"]),
    ("Alex", ["stonewalling"]),
    ("Sam", ["criticism", "control"]),
    ("Alex", ["stonewalling"]),
])

# Each sharp word answered with a sharp word.
ATTACK_ATTACK = conversation("aa", [
    ("Sam", ["criticism"]),
    ("Alex", ["defensiveness", "criticism"]),
    ("Sam", ["contempt"]),
    ("Alex", ["contempt"]),
])

# Both step back.
WITHDRAW_WITHDRAW = conversation("ww", [
    ("Sam", ["stonewalling"]),
    ("Alex", ["stonewalling"]),
    ("Sam", []),
    ("Alex", ["stonewalling"]),
])

# A balanced, healthy talk with one harsh moment that gets repaired.
HEALTHY = conversation("ok", [
    ("Sam", ["i_statement"]),
    ("Alex", ["validation", "curiosity"]),
    ("Sam", ["appreciation"]),
    ("Alex", ["defensiveness"]),
    ("Sam", ["repair", "reassurance"]),
    ("Alex", ["responsibility", "appreciation"]),
], relief=[60, 75, 72, 35, 80, 74])
