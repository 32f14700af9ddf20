"""Typed results of scoring one sitting of an instrument."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class SubscaleScore:
    """One subscale: its score (Decimal, see `scoring` for rounding) and band."""

    id: str
    title: str
    method: str
    score: Decimal
    band: str | None
    interpretation: str | None
    answered: int
    items: int
    prorated: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "method": self.method,
            "score": json_number(self.score),
            "band": self.band,
            "interpretation": self.interpretation,
            "answered": self.answered,
            "items": self.items,
            "prorated": self.prorated,
        }


@dataclass(frozen=True)
class Result:
    """The scored result of one sitting.

    `pattern` is set by attachment instruments (secure / anxious / avoidant /
    disorganized), `stance` by the commitment stance (leaning_in / mixed /
    leaning_out), `positive` and `conjoint_work_advised` by the safety screen; each
    is None elsewhere. `details` holds free-text answers by item number; `notes`
    explain in plain words which rule produced the pattern, stance or flag.
    """

    instrument_id: str
    instrument_version: str
    subscales: Mapping[str, SubscaleScore]
    total: Decimal | None
    band: str | None
    interpretation: str | None
    answered: int
    expected: int
    prorated: bool
    visibility: str
    therapist_flag_only: bool
    pattern: str | None = None
    stance: str | None = None
    positive: bool | None = None
    conjoint_work_advised: bool | None = None
    details: Mapping[int, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "subscales", MappingProxyType(dict(self.subscales)))
        object.__setattr__(self, "details", MappingProxyType(dict(self.details)))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (scores as numbers with at most two decimals)."""
        return {
            "instrument": self.instrument_id,
            "version": self.instrument_version,
            "subscales": {key: sub.to_dict() for key, sub in self.subscales.items()},
            "total": None if self.total is None else json_number(self.total),
            "band": self.band,
            "interpretation": self.interpretation,
            "pattern": self.pattern,
            "stance": self.stance,
            "positive": self.positive,
            "conjoint_work_advised": self.conjoint_work_advised,
            "answered": self.answered,
            "expected": self.expected,
            "prorated": self.prorated,
            "visibility": self.visibility,
            "therapist_flag_only": self.therapist_flag_only,
            "details": {str(k): v for k, v in self.details.items()},
            "notes": list(self.notes),
        }



def json_number(value: Decimal) -> int | float:
    """An exact whole sum as int (81), anything with decimals as float (4.6)."""
    exponent = value.as_tuple().exponent
    return int(value) if isinstance(exponent, int) and exponent >= 0 else float(value)
