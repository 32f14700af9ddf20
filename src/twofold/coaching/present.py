"""Turning an analysis into what the page shows."""

from __future__ import annotations

from dataclasses import dataclass

from twofold.coach import HARMFUL, HELPFUL, Analysis


@dataclass(frozen=True)
class Segment:
    text: str
    labels: tuple[str, ...]
    tone: str  # "harmful", "helpful" or ""


def highlighted_segments(analysis: Analysis) -> list[Segment]:
    """Split the text at every finding boundary so overlapping spans can be marked."""
    bounds = {0, len(analysis.text)}
    for finding in analysis.findings:
        bounds.update((finding.start, finding.end))
    edges = sorted(b for b in bounds if 0 <= b <= len(analysis.text))
    segments = []
    for start, end in zip(edges, edges[1:], strict=False):
        labels = tuple(sorted({f.label for f in analysis.findings if f.start <= start and end <= f.end}))
        tone = "harmful" if any(l in HARMFUL for l in labels) else "helpful" if any(l in HELPFUL for l in labels) else ""
        segments.append(Segment(analysis.text[start:end], labels, tone))
    return segments
