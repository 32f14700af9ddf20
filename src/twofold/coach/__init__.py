"""The message coach (pure: no Django). Start with :func:`analyze`.

Importing this package loads no model; spaCy and the MiniLM encoder load on the
first analysis and are cached.
"""

from twofold.coach.errors import CoachInputError, EmptyMessageError, MessageTooLongError, ModelUnavailableWarning
from twofold.coach.labels import ATTACHMENTS, HARMFUL, HELPFUL, LABELS, SAFETY
from twofold.coach.pipeline import DEFAULT_COMPONENTS, MAX_CHARS, RULES_ONLY, Pipeline, analyze, analyze_many
from twofold.coach.results import Analysis, Finding, Rewrite

__all__ = [
    "ATTACHMENTS",
    "DEFAULT_COMPONENTS",
    "HARMFUL",
    "HELPFUL",
    "LABELS",
    "MAX_CHARS",
    "RULES_ONLY",
    "SAFETY",
    "Analysis",
    "CoachInputError",
    "EmptyMessageError",
    "Finding",
    "MessageTooLongError",
    "ModelUnavailableWarning",
    "Pipeline",
    "Rewrite",
    "analyze",
    "analyze_many",
]
