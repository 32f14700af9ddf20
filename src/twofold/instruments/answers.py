"""Parse raw answers (from JSON, a web form or a terminal) into typed values.

Keys are item numbers, as ints or digit strings ("3"). Values: scale items take
whole numbers (ints, integral floats or digit strings); yes/no items take booleans,
0/1 or yes/no/y/n/true/false; text items take strings. `None` and "" mean
unanswered. Problems are collected per item with their kind, never raised here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from twofold.instruments.schema import Instrument, Item

MAX_TEXT_LENGTH = 2000
_WHOLE = re.compile(r"[+-]?\d+")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})

Value = int | bool | str


class Kind(IntEnum):
    """Kinds of answer problem, in the order that picks the exception class."""

    UNKNOWN = 0
    NOT_A_NUMBER = 1
    OUT_OF_RANGE = 2
    MISSING = 3


@dataclass(frozen=True)
class Problem:
    kind: Kind
    message: str


class _Invalid(Exception):
    def __init__(self, kind: Kind, message: str) -> None:
        self.problem = Problem(kind, message)


def parse_answers(
    instrument: Instrument, answers: Mapping[object, object]
) -> tuple[dict[int, Value], dict[int | str, Problem]]:
    """Return (answered values by item number, problems by item)."""
    values: dict[int, Value] = {}
    problems: dict[int | str, Problem] = {}
    count = len(instrument.items)
    for key, raw in answers.items():
        number = _item_number(key, count)
        if number is None:
            problems[str(key)] = Problem(Kind.UNKNOWN, f"{instrument.id} has no item {key!r} (items are 1-{count})")
            continue
        if number in values or number in problems:
            problems[number] = Problem(Kind.UNKNOWN, "answered twice (e.g. as 3 and '3')")
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            values[number] = _parse_value(instrument, instrument.item(number), raw)
        except _Invalid as invalid:
            problems[number] = invalid.problem
    return values, problems


def _parse_value(instrument: Instrument, item: Item, raw: object) -> Value:
    """Parse one answer for `item`; raises `_Invalid` on a bad value."""
    if item.type == "text":
        if not isinstance(raw, str):
            raise _Invalid(Kind.NOT_A_NUMBER, f"expected text, got {raw!r}")
        if len(raw) > MAX_TEXT_LENGTH:
            raise _Invalid(Kind.OUT_OF_RANGE, f"text is longer than {MAX_TEXT_LENGTH} characters")
        return raw.strip()
    if item.type == "yes_no":
        return _yes_no(raw)
    scale = instrument.scale_for(item)
    value = _whole_number(raw)
    if not scale.min <= value <= scale.max:
        raise _Invalid(Kind.OUT_OF_RANGE, f"{value} is outside the scale {scale.min}-{scale.max}")
    return value


def _item_number(key: object, count: int) -> int | None:
    if isinstance(key, bool):
        return None
    if isinstance(key, str) and _WHOLE.fullmatch(key.strip()):
        key = int(key)
    if isinstance(key, int) and 1 <= key <= count:
        return key
    return None


def _whole_number(raw: object) -> int:
    if isinstance(raw, bool):
        raise _Invalid(Kind.NOT_A_NUMBER, f"expected a whole number, got {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and _WHOLE.fullmatch(raw.strip()):
        return int(raw)
    raise _Invalid(Kind.NOT_A_NUMBER, f"expected a whole number, got {raw!r}")


def _yes_no(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower() if isinstance(raw, int | str) else None
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise _Invalid(Kind.NOT_A_NUMBER, f"expected yes or no, got {raw!r}")
