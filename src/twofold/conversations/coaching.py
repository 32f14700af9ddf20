"""The message coach applied to a conversation: labels for each turn, the listener's reflection check,
private nudges for the speaker, and safety resources for the author of a safety turn.

Safety in the room has two tiers, as in the coach itself. A safety label (a safety rule,
or the model with high confidence) pauses the room for both and the author sees
resources. A *possible* safety concern (the model alone, less sure: resources without a
label) is a private check-in: the author sees the resources, and the conversation goes on.
This keeps high recall for the person at risk without halting a conversation on a
misreading (the model is over-eager on short absolute statements such as "you are never home").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from twofold.coach import HARMFUL as HARMFUL_LABELS
from twofold.coach import SAFETY as SAFETY_LABELS
from twofold.coach import Analysis, analyze
from twofold.practice.lean_in import ReflectionVerdict
from twofold.safety.resources import SafetyResources, resources_for

REBUTTAL = re.compile(r"^\W*(but|yeah,? but|well,? but)\s+(you|u)\b", re.IGNORECASE)
HARMFUL = frozenset(HARMFUL_LABELS)
SAFETY = frozenset(SAFETY_LABELS)
NUDGE_LABELS = HARMFUL | {"i_statement"}


@dataclass(frozen=True)
class Nudge:
    """A private coaching note for the author of a turn."""

    label: str
    text: str
    explanation: str


@lru_cache(maxsize=256)
def _analysis(text: str) -> Analysis:
    """Each turn is read once even though the room asks several questions of it."""
    return analyze(text)


def check_in_labels(text: str) -> tuple[str, ...]:
    """Possible safety concerns (resources without a label): the author is asked privately, the room goes on."""
    if not text.strip():
        return ()
    analysis = _analysis(text)
    shown = analysis.safety.labels if analysis.safety else ()
    return tuple(label for label in shown if label not in analysis.labels)


def labels_of(text: str) -> tuple[str, ...]:
    return _analysis(text).labels if text.strip() else ()


def check_reflection(text: str) -> ReflectionVerdict:
    """Accept a reflection that validates the feeling, with no harsh pattern and no rebuttal."""
    analysis = _analysis(text)
    labels = set(analysis.labels)
    reasons: list[str] = []
    if REBUTTAL.match(text):
        reasons.append("Starting with \"but you\" answers back; save your side for your own turn.")
    harmful = sorted(labels & HARMFUL)
    if harmful:
        reasons.append("The coach heard " + ", ".join(label.replace("_", " ") for label in harmful) + " in it.")
    if "validation" not in labels:
        reasons.append("Try naming their feeling and why it makes sense, for example \"it makes sense you feel…\".")
    ok = not reasons and not labels & SAFETY
    return ReflectionVerdict(ok=ok, reasons=tuple(reasons), labels=analysis.labels)


def nudges_for(analysis: Analysis) -> tuple[Nudge, ...]:
    """What to tell the speaker about their share: harsh patterns to soften, or an I-statement well done."""
    if set(analysis.labels) & SAFETY:
        return ()
    found = [f for f in analysis.findings if f.label in NUDGE_LABELS]
    harsh = [f for f in found if f.label in HARMFUL]
    chosen = harsh or found
    return tuple(Nudge(f.label, f.text, f.explanation) for f in chosen)


def share_nudges(text: str) -> tuple[tuple[str, ...], tuple[Nudge, ...]]:
    analysis = _analysis(text)
    return analysis.labels, nudges_for(analysis)


def safety_resources(labels: tuple[str, ...]) -> SafetyResources | None:
    return resources_for(tuple(label for label in labels if label in SAFETY))
