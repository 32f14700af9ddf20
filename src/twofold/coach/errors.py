"""Errors the coach raises for input it will not analyse."""

from __future__ import annotations


class CoachInputError(ValueError):
    """The message cannot be analysed; the text says why in plain words."""


class EmptyMessageError(CoachInputError):
    """The message is empty or only whitespace."""


class MessageTooLongError(CoachInputError):
    """The message is longer than :data:`twofold.coach.pipeline.MAX_CHARS`."""


class ModelUnavailableWarning(UserWarning):
    """The embedding model files are missing: the coach runs on rules only."""
