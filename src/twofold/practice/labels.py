"""The coach's label ids (coach taxonomy v1) that the practices count.

Kept as plain strings so this package never imports the coach.
"""

from __future__ import annotations

HARMFUL = frozenset({"criticism", "contempt", "defensiveness", "stonewalling", "invalidation", "control"})
HELPFUL = frozenset({
    "reassurance", "validation", "i_statement", "curiosity",
    "responsibility", "repair", "appreciation", "naming_block",
})
SAFETY = frozenset({"crisis", "abuse_risk"})
