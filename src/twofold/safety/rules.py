"""Where the crisis and abuse detection rules live (a data file per language).

The rules use the coach's rule-file schema (see ``twofold.coach.rules``), which
compiles and validates them; this package only owns the wording of the patterns,
so a clinic can review safety rules without reading code. They are deliberately
generous: for these two labels recall matters more than precision.
"""

from __future__ import annotations

from pathlib import Path

SAFETY_LABELS: tuple[str, ...] = ("crisis", "abuse_risk")

_RULES_DIR = Path(__file__).parent / "rules"


def rules_path(language: str = "en") -> Path:
    """The safety rule file for ``language`` (``FileNotFoundError`` if there is none)."""
    path = _RULES_DIR / f"{language}.toml"
    if not path.is_file():
        raise FileNotFoundError(f"no safety rules for language {language!r} at {path}")
    return path
