"""The relief guide: what helps each partner feel relief, by attachment pattern and pairing.

Wording lives in `relief_guide.toml` (our own); it is read and validated on first use.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import combinations_with_replacement

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from twofold.instruments.errors import InvalidDefinitionError
from twofold.instruments.rules import PATTERNS
from twofold.instruments.schema import Seq, Text

GUIDE_FILE = "relief_guide.toml"


class _DoDontModel(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    do: Seq[Text] = Field(min_length=1)
    dont: Seq[Text] = Field(min_length=1)


class _PatternModel(_DoDontModel):
    title: Text
    summary: Text


class _PairingModel(BaseModel):
    """A pairing: `summary` plus one do/don't table per pattern in the pair."""

    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    summary: Text
    sides: dict[str, _DoDontModel]

    @model_validator(mode="before")
    @classmethod
    def _gather_sides(cls, data: object) -> object:
        if isinstance(data, dict) and "sides" not in data:
            return {"summary": data.get("summary"), "sides": {k: v for k, v in data.items() if k != "summary"}}
        return data


class _GuideModel(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")

    patterns: dict[str, _PatternModel]
    pairings: dict[str, _PairingModel]

    @model_validator(mode="after")
    def _complete(self) -> _GuideModel:
        if set(self.patterns) != set(PATTERNS):
            raise ValueError(f"patterns must be exactly {sorted(PATTERNS)}, got {sorted(self.patterns)}")
        if set(self.pairings) != set(_ALL_PAIRS):
            raise ValueError(f"pairings must be exactly {sorted(_ALL_PAIRS)}, got {sorted(self.pairings)}")
        for key, pairing in self.pairings.items():
            sides = set(pairing.sides)
            if sides != set(key.split("+")):
                raise ValueError(f"pairing {key}: needs one do/don't table per pattern in it, got {sorted(sides)}")
        return self


def pairing_key(a: str, b: str) -> str:
    """Canonical key for an unordered pair of patterns, e.g. 'anxious+avoidant'."""
    return "+".join(sorted((a, b)))


_ALL_PAIRS = frozenset(pairing_key(a, b) for a, b in combinations_with_replacement(PATTERNS, 2))


@dataclass(frozen=True)
class DoDont:
    do: tuple[str, ...]
    dont: tuple[str, ...]


@dataclass(frozen=True)
class ReliefGuide:
    """The guide as seen by one partner.

    `about_me` / `about_partner`: a sentence on each pattern;
    `helps_me` / `helps_partner`: what brings relief to each pattern in general;
    `pairing`: a paragraph on this pairing; `my_part` / `partner_part`: in this
    pairing, what each of us can do, and avoid, to bring the other relief.
    """

    my_pattern: str
    partner_pattern: str
    about_me: str
    about_partner: str
    helps_me: DoDont
    helps_partner: DoDont
    pairing: str
    my_part: DoDont
    partner_part: DoDont


@cache
def _guide() -> _GuideModel:
    path = resources.files("twofold.instruments") / GUIDE_FILE
    try:
        return _GuideModel.model_validate(tomllib.loads(path.read_text(encoding="utf-8")), strict=True)
    except ValidationError as error:
        problems = {".".join(map(str, e["loc"])) or "(file)": e["msg"] for e in error.errors()}
        raise InvalidDefinitionError(str(path), problems) from None


def _side(pairing: _PairingModel, pattern: str) -> DoDont:
    side = pairing.sides[pattern]
    return DoDont(do=side.do, dont=side.dont)


def relief_guide(my_pattern: str, partner_pattern: str) -> ReliefGuide:
    """The relief guide for me (`my_pattern`) with my partner (`partner_pattern`)."""
    for pattern in (my_pattern, partner_pattern):
        if pattern not in PATTERNS:
            raise ValueError(f"unknown attachment pattern {pattern!r}; expected one of {', '.join(PATTERNS)}")
    guide = _guide()
    pairing = guide.pairings[pairing_key(my_pattern, partner_pattern)]
    mine, theirs = guide.patterns[my_pattern], guide.patterns[partner_pattern]
    return ReliefGuide(
        my_pattern=my_pattern,
        partner_pattern=partner_pattern,
        about_me=mine.summary,
        about_partner=theirs.summary,
        helps_me=DoDont(do=mine.do, dont=mine.dont),
        helps_partner=DoDont(do=theirs.do, dont=theirs.dont),
        pairing=pairing.summary,
        my_part=_side(pairing, my_pattern),
        partner_part=_side(pairing, partner_pattern),
    )
