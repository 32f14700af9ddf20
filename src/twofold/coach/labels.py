"""The 16 label ids of the coach taxonomy (``docs/coach-taxonomy.md``), grouped."""

from __future__ import annotations

HARMFUL: tuple[str, ...] = (
    "criticism",
    "contempt",
    "defensiveness",
    "stonewalling",
    "invalidation",
    "control",
)
HELPFUL: tuple[str, ...] = (
    "reassurance",
    "validation",
    "i_statement",
    "curiosity",
    "responsibility",
    "repair",
    "appreciation",
    "naming_block",
)
SAFETY: tuple[str, ...] = ("crisis", "abuse_risk")
LABELS: tuple[str, ...] = HARMFUL + HELPFUL + SAFETY
#: Labels that say a message leads with relief (used by the scores and the rewrite check).
RELIEF: frozenset[str] = frozenset({"reassurance", "validation", "appreciation", "repair"})

ATTACHMENTS: tuple[str, ...] = ("anxious", "avoidant", "disorganized", "secure")


def check_label(label: str) -> str:
    """Return ``label`` if it is one of the 16 ids, else raise ``ValueError``."""
    if label not in LABELS:
        raise ValueError(f"unknown coach label {label!r}; expected one of {', '.join(LABELS)}")
    return label


def check_attachment(value: str | None) -> str | None:
    """Normalise a recipient attachment pattern (``None`` means unknown)."""
    if value is None:
        return None
    key = value.strip().lower()
    if key in {"", "unknown"}:
        return None
    if key == "fearful":
        key = "disorganized"
    if key not in ATTACHMENTS:
        raise ValueError(f"unknown attachment pattern {value!r}; expected one of {', '.join(ATTACHMENTS)}")
    return key
