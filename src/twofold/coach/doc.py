"""The working state that flows through the pipeline (mutable, internal).

Components read and write a :class:`MessageDoc`; the public result is the frozen
:class:`twofold.coach.results.Analysis` built from it at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from twofold.coach.results import Finding, Rewrite
from twofold.safety.resources import SafetyResources

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc


@dataclass
class RuleHit:
    """One rule match before fusion."""

    label: str
    start: int
    end: int
    rule_id: str
    explanation: str
    sentence: int


@dataclass
class MessageDoc:
    text: str
    recipient_attachment: str | None = None
    norm: str = ""
    spacy_doc: "Doc | None" = None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    chunks: list[tuple[int, int]] = field(default_factory=list)
    rule_hits: list[RuleHit] = field(default_factory=list)
    model_probs: "np.ndarray | None" = None
    labels: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    relief_score: int = 50
    flooding: bool = False
    rewrite: Rewrite | None = None
    safety: SafetyResources | None = None
    language_supported: bool = True
    language_note: str | None = None
    versions: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def analysable(self) -> bool:
        return self.language_supported
