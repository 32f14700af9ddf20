"""Errors raised by the instrument engine, each carrying per-field or per-item messages."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


class InstrumentError(Exception):
    """Base class for every error raised by `twofold.instruments`."""


class UnknownInstrumentError(InstrumentError, LookupError):
    """No instrument with this id is registered."""

    def __init__(self, instrument_id: str, known: tuple[str, ...]) -> None:
        self.instrument_id = instrument_id
        super().__init__(f"unknown instrument {instrument_id!r}; known: {', '.join(known)}")


class InvalidDefinitionError(InstrumentError):
    """An instrument or item-wording file failed validation.

    `problems` maps a dotted field location (e.g. ``items.3.subscale``) to a message.
    """

    def __init__(self, path: Path | str, problems: Mapping[str, str]) -> None:
        self.path = str(path)
        self.problems = dict(problems)
        lines = "\n".join(f"  {field}: {message}" for field, message in self.problems.items())
        super().__init__(f"invalid instrument file {self.path}:\n{lines}")


class AnswerError(InstrumentError):
    """Answers cannot be scored.

    `problems` maps each offending item (its number, or the key as given when it is
    not a known item number) to a message, and covers every problem found, of
    every kind. The subclass raised names the most basic kind present, in this
    order: unknown item, not a number, out of range, missing.
    """

    def __init__(self, instrument_id: str, problems: Mapping[int | str, str]) -> None:
        self.instrument_id = instrument_id
        self.problems = dict(problems)
        lines = "; ".join(f"item {item}: {message}" for item, message in self.problems.items())
        super().__init__(f"{instrument_id}: {lines}")


class UnknownItemError(AnswerError):
    """An answer names an item the instrument does not have."""


class NonNumericAnswerError(AnswerError):
    """A value is not a whole number (or not yes/no, or not text) as the item requires."""


class OutOfRangeError(AnswerError):
    """A value lies outside the item's response scale."""


class MissingAnswersError(AnswerError):
    """Required items are unanswered and the instrument may not (or cannot) prorate."""
