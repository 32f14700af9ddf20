"""Typed results of an analysis: frozen dataclasses, never loose dicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from twofold.safety.resources import SafetyResources


@dataclass(frozen=True)
class Finding:
    """One behaviour found in the message, with where and why."""

    label: str
    start: int
    end: int
    text: str
    explanation: str
    component: str
    component_version: str
    rule_id: str | None = None
    confidence: float | None = None


@dataclass(frozen=True)
class Rewrite:
    """A relief-first rewrite: several variants, the first is the suggestion."""

    variants: tuple[str, ...]
    attachment: str | None
    source: str
    relief_move: str

    @property
    def text(self) -> str:
        return self.variants[0]


@dataclass(frozen=True)
class Analysis:
    """The coach's answer for one message."""

    text: str
    labels: tuple[str, ...]
    findings: tuple[Finding, ...]
    relief_score: int
    flooding: bool
    rewrite: Rewrite | None
    safety: SafetyResources | None
    version: str
    language_supported: bool = True
    language_note: str | None = None
    components: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the CLI and the API answer shape)."""
        return asdict(self)
